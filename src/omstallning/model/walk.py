"""One walk over every item of the plans and the follow-up, in document order.

Checks, diff, links, periods and completion iterate this instead of each writing its own
loops, so that a new kind of item is added in one place and every user of the walk sees it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from enum import StrEnum
from itertools import chain
from typing import NamedTuple

from ..reading.kinds import FORVALTNING, GENOMFORANDEPLAN, VERKSAMHETSPLAN
from .followup import (
    Forvaltning,
    IndicatorSeries,
    LocalGoal,
    Programme,
    SlideTable,
    StatusEntry,
    WorkNote,
)
from .plans import (
    Activity,
    Area,
    Genomforandeplan,
    Goal,
    Indicator,
    Layer,
    Loc,
    Milestone,
    Note,
    Plans,
    Subarea,
    Verksamhetsplan,
    VisionTheme,
    WorkStream,
)


class Kind(StrEnum):
    """What an item is. The values are what `omst diff --format json` calls them."""

    PLAN = "plan"
    NOTE = "note"
    LAYER = "layer"
    AREA = "area"
    SUBAREA = "subarea"
    GOAL = "goal"  # an effect goal row of a subarea
    ACTIVITY = "activity"
    INDICATOR = "indicator"
    THEME = "theme"
    STREAM = "workstream"
    MILESTONE = "milestone"
    FORVALTNING = "forvaltning"
    WORK = "work"  # how a förvaltning works with the plans (arbetssatt)
    STATUS = "status"
    LOCAL_GOAL = "local_goal"
    INDICATOR_SERIES = "indicator_series"
    PROGRAMME = "programme"
    TABLE = "table"


Item = (
    Genomforandeplan
    | Verksamhetsplan
    | Note
    | Layer
    | Area
    | Subarea
    | Goal
    | Activity
    | Indicator
    | VisionTheme
    | WorkStream
    | Milestone
    | Forvaltning
    | WorkNote
    | StatusEntry
    | LocalGoal
    | IndicatorSeries
    | Programme
    | SlideTable
)

# The kinds `omst link ID` shows the links of: what links start from or point to.
LINKED = frozenset({Kind.AREA, Kind.SUBAREA, Kind.STREAM, Kind.MILESTONE})


class Node(NamedTuple):
    """One item met on the walk. `document` is the kind of file it stands in
    (reading.kinds); `parent` the ID of the item it is written under, None for a plan or a
    förvaltning."""

    kind: Kind
    id: str
    item: Item
    parent: str | None
    loc: Loc
    document: str


def walk(plans: Plans) -> Iterator[Node]:
    """Every item of both plans, then of each förvaltning's follow-up, parents before their
    children, each in the order of its file."""
    documents = (plans.gp, plans.vp, *plans.forvaltningar)
    return chain.from_iterable(walk_document(d) for d in documents if d is not None)


def walk_document(plan: Genomforandeplan | Verksamhetsplan | Forvaltning) -> Iterator[Node]:
    """Every item of one plan, or of one förvaltning's follow-up, the document first."""
    # The generator itself, not one that wraps it: the checks walk every item several times.
    if isinstance(plan, Genomforandeplan):
        return _genomforandeplan(plan)
    if isinstance(plan, Verksamhetsplan):
        return _verksamhetsplan(plan)
    return _forvaltning(plan)


def of_kinds(nodes: Iterable[Node], kinds: frozenset[Kind]) -> Iterator[Node]:
    return (node for node in nodes if node.kind in kinds)


def title(item: Item) -> str:
    """What a person knows the item by: its name, else its text ("" for a status entry)."""
    if isinstance(item, Goal):
        return item.texts[0].text if item.texts else ""
    if isinstance(item, LocalGoal):
        return item.namn or item.text
    if isinstance(item, SlideTable):
        return item.rubrik
    if isinstance(item, Note | Activity | Indicator | VisionTheme | Milestone | WorkNote):
        return item.text
    if isinstance(item, StatusEntry):
        return ""
    return item.namn


def _genomforandeplan(gp: Genomforandeplan) -> Iterator[Node]:
    doc = GENOMFORANDEPLAN
    yield Node(Kind.PLAN, gp.id, gp, None, gp.loc, doc)
    for note in gp.notes:
        yield Node(Kind.NOTE, note.id, note, gp.id, note.loc, doc)
    for layer in gp.layers:
        yield Node(Kind.LAYER, layer.id, layer, gp.id, layer.loc, doc)
    for area in gp.areas:
        yield Node(Kind.AREA, area.id, area, gp.id, area.loc, doc)
        for sub in area.subareas:
            yield Node(Kind.SUBAREA, sub.id, sub, area.id, sub.loc, doc)
            for goal in sub.goals:
                yield Node(Kind.GOAL, goal.id, goal, sub.id, goal.loc, doc)
        for act in area.activities:
            yield Node(Kind.ACTIVITY, act.id, act, area.id, act.loc, doc)
        for ind in area.indicators:
            yield Node(Kind.INDICATOR, ind.id, ind, area.id, ind.loc, doc)


def _verksamhetsplan(vp: Verksamhetsplan) -> Iterator[Node]:
    doc = VERKSAMHETSPLAN
    yield Node(Kind.PLAN, vp.id, vp, None, vp.loc, doc)
    for theme in vp.themes:
        yield Node(Kind.THEME, theme.id, theme, vp.id, theme.loc, doc)
    for stream in vp.streams:
        yield Node(Kind.STREAM, stream.id, stream, vp.id, stream.loc, doc)
        for ms in stream.milestones:
            yield Node(Kind.MILESTONE, ms.id, ms, stream.id, ms.loc, doc)


def _forvaltning(forv: Forvaltning) -> Iterator[Node]:
    doc = FORVALTNING
    yield Node(Kind.FORVALTNING, forv.id, forv, None, forv.loc, doc)
    groups: tuple[tuple[Kind, tuple[Item, ...]], ...] = (
        (Kind.WORK, forv.work),
        (Kind.STATUS, forv.status),
        (Kind.LOCAL_GOAL, forv.goals),
        (Kind.INDICATOR_SERIES, forv.indicators),
        (Kind.PROGRAMME, forv.programmes),
        (Kind.TABLE, forv.tables),
    )
    for kind, entries in groups:
        for entry in entries:
            yield Node(kind, entry.id, entry, forv.id, entry.loc, doc)
