"""The item IDs a command accepts, for shell completion (`omst link NV.<TAB>`).

This runs at every TAB, so the plans are built without their schema; plans of another shape
offer what the schema lets through, and plans that cannot be read offer nothing (never an
error in the shell)."""

from __future__ import annotations

from pathlib import Path

from ..model.walk import LINKED, Kind, Node, title

FOLLOWUP_KINDS = frozenset(
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

# What each command's argument accepts.
ACCEPTS: dict[str, frozenset[Kind]] = {
    "link": LINKED,
    "log": frozenset(Kind) - FOLLOWUP_KINDS,
    "review source": frozenset({Kind.STREAM, Kind.MILESTONE}),
    "review target": frozenset({Kind.SUBAREA}),
}


def completions(plan_dir: Path | None, argument: str, prefix: str) -> list[tuple[str, str]]:
    """IDs of the kinds `argument` accepts that begin with `prefix`, with their names."""
    kinds = ACCEPTS[argument]
    return [
        (node.id, " ".join(title(node.item).split())[:60])
        for node in _nodes(plan_dir)
        if node.kind in kinds and node.id.startswith(prefix)
    ]


def _nodes(plan_dir: Path | None) -> list[Node]:
    """Every item of the two plans (the follow-up is not completed)."""
    from ..checks import build_plan
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
    nodes: list[Node] = []
    for kind in (GENOMFORANDEPLAN, VERKSAMHETSPLAN):
        plan = build_plan(docs[kind], kind)
        if plan is not None:
            nodes += walk_document(plan)
    return nodes
