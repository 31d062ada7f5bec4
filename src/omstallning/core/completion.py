"""The item IDs a command accepts, for shell completion (`omst link NV.<TAB>`).

This runs at every TAB, so the plans are built without their schema; plans of another shape
offer what the schema lets through, and plans that cannot be read offer nothing (never an
error in the shell). The förvaltningar's files are built only for a command that takes their
IDs (`omst log SKAS.S1`)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ..model.walk import LINKED, Kind, Node, title, walk_document

if TYPE_CHECKING:
    from ..model.followup import Forvaltning
    from ..model.plans import Genomforandeplan, Verksamhetsplan
    from ..reading.yamlfile import Document, PathKey

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
    "log": frozenset(Kind),
    "review source": frozenset({Kind.STREAM, Kind.MILESTONE}),
    "review target": frozenset({Kind.SUBAREA}),
}


def completions(plan_dir: Path | None, argument: str, prefix: str) -> list[tuple[str, str]]:
    """IDs of the kinds `argument` accepts that begin with `prefix`, with their names."""
    kinds = ACCEPTS[argument]
    return [
        (node.id, " ".join(title(node.item).split())[:60])
        for node in _nodes(plan_dir, followup=bool(kinds & FOLLOWUP_KINDS))
        if node.kind in kinds and node.id.startswith(prefix)
    ]


def _nodes(plan_dir: Path | None, followup: bool) -> list[Node]:
    """Every item of the two plans and, with `followup`, of the förvaltningar's files."""
    from ..reading.errors import UsageError
    from ..reading.kinds import FORVALTNING, PLAN_KINDS
    from ..reading.plandir import find_plan_dir, read_dir

    try:
        docs = read_dir(find_plan_dir(plan_dir))
    except (UsageError, OSError):
        return []
    nodes: list[Node] = []
    for key, doc in docs.items():
        kind, _, stem = key.partition(":")
        if kind in PLAN_KINDS or (followup and kind == FORVALTNING):
            nodes += _items(doc, kind, stem)
    return nodes


def _items(doc: Document, kind: str, stem: str) -> list[Node]:
    """One file's items; of a file of another shape, those that pass its schema."""
    from ..reading.schema import broken_items, check_schema

    try:
        return list(walk_document(_built(doc, kind, stem, frozenset())))
    except (KeyError, TypeError, AttributeError, ValueError):
        pass  # not the shape the schema asks for: build what passes it
    if doc.data is None:
        return []
    _findings, errors = check_schema(doc, kind)
    skip = broken_items(errors) if errors is not None else None
    return [] if skip is None else list(walk_document(_built(doc, kind, stem, skip)))


def _built(
    doc: Document, kind: str, stem: str, skip: frozenset[PathKey]
) -> Genomforandeplan | Verksamhetsplan | Forvaltning:
    from ..model.followup import build_forvaltning
    from ..model.plans import build_genomforandeplan, build_verksamhetsplan
    from ..reading.kinds import FORVALTNING, GENOMFORANDEPLAN

    if kind == FORVALTNING:
        return build_forvaltning(doc, stem, skip)
    if kind == GENOMFORANDEPLAN:
        return build_genomforandeplan(doc, skip)
    return build_verksamhetsplan(doc, skip)
