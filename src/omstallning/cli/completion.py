"""Shell completion of item IDs (`omst link NV.<TAB>`): no commands here, so that importing
it registers none, and nothing of the model until a TAB asks (`omst --help` stays quick).

Each command is offered only the kinds of item it accepts. The plans are built without their
schema, since this runs at every TAB; plans of another shape offer what the schema lets
through, and plans that cannot be read offer nothing (never an error in the shell)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import typer

if TYPE_CHECKING:
    from ..model.walk import Kind, Node


def complete_link_ids(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """`omst link`: areas, subareas, work streams and milestones."""
    from ..model.walk import LINKED

    return _complete(ctx, incomplete, LINKED)


def complete_log_ids(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """`omst log`: every item of the two plan files, the plans themselves too."""
    from ..model.walk import Kind

    return _complete(ctx, incomplete, frozenset(Kind) - _followup_kinds())


def complete_review_sources(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """`omst review SOURCE`: the work streams and milestones, which links start from."""
    from ..model.walk import Kind

    return _complete(ctx, incomplete, frozenset({Kind.STREAM, Kind.MILESTONE}))


def complete_review_targets(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """`omst review SOURCE TARGET`: the subareas, which links point to."""
    from ..model.walk import Kind

    return _complete(ctx, incomplete, frozenset({Kind.SUBAREA}))


def _followup_kinds() -> frozenset[Kind]:
    from ..model.walk import Kind

    return frozenset(
        {
            Kind.FORVALTNING,
            Kind.WORK,
            Kind.STATUS,
            Kind.LOCAL_GOAL,
            Kind.INDICATOR_SERIES,
            Kind.PROGRAMME,
            Kind.TABLE,
        }
    )


def _complete(ctx: typer.Context, incomplete: str, kinds: frozenset[Kind]) -> list[tuple[str, str]]:
    """IDs of the given kinds that begin with what was typed, with their names."""
    from ..model.walk import title

    given = ctx.params.get("plan_dir")  # as Click parsed it: a str, not yet a Path
    return [
        (node.id, " ".join(title(node.item).split())[:60])
        for node in _nodes(Path(given) if isinstance(given, str | Path) else None)
        if node.kind in kinds and node.id.startswith(incomplete)
    ]


def _nodes(plan_dir: Path | None) -> list[Node]:
    """Every item of the two plans (the follow-up is not completed)."""
    from ..model.plans import build_genomforandeplan, build_verksamhetsplan
    from ..model.walk import walk_document
    from ..reading.errors import UsageError
    from ..reading.kinds import GENOMFORANDEPLAN, VERKSAMHETSPLAN
    from ..reading.plandir import find_plan_dir, read_dir

    try:
        docs = read_dir(find_plan_dir(plan_dir))
    except (UsageError, OSError):
        return []
    try:
        return [
            *walk_document(build_genomforandeplan(docs[GENOMFORANDEPLAN])),
            *walk_document(build_verksamhetsplan(docs[VERKSAMHETSPLAN])),
        ]
    except (KeyError, TypeError, AttributeError, ValueError):
        pass  # not the shape the schema asks for: build what passes it
    from ..checks import build_plan

    nodes: list[Node] = []
    for kind in (GENOMFORANDEPLAN, VERKSAMHETSPLAN):
        plan = build_plan(docs[kind], kind)
        if plan is not None:
            nodes += walk_document(plan)
    return nodes
