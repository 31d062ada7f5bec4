"""Traceability between the plans: which work streams and milestones serve which subareas."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from typing import cast

from ..model import plans as model_plans
from ..model.plans import Area, Genomforandeplan, Milestone, Subarea, Verksamhetsplan, WorkStream
from ..model.walk import LINKED, of_kinds, walk_document


@dataclass(frozen=True)
class LinkRow:
    """One link: `source` (a work stream or milestone) serves the subarea `target`."""

    source: str
    stream: str
    target: str
    area: str
    reason: str | None

    def as_dict(self) -> dict[str, str | None]:
        return {
            "from": self.source,
            "to": self.target,
            "workstream": self.stream,
            "area": self.area,
            "motivering": self.reason,
        }


@dataclass(frozen=True)
class Traceability:
    gp: Genomforandeplan
    vp: Verksamhetsplan
    links: tuple[LinkRow, ...]

    @cached_property
    def _by_target(self) -> dict[str, list[LinkRow]]:
        index: dict[str, list[LinkRow]] = {}
        for row in self.links:
            index.setdefault(row.target, []).append(row)
        return index

    @cached_property
    def _by_source(self) -> dict[str, list[LinkRow]]:
        """Each stream's links (its own and its milestones'), and each milestone's."""
        index: dict[str, list[LinkRow]] = {}
        for row in self.links:
            index.setdefault(row.stream, []).append(row)
            if row.source != row.stream:
                index.setdefault(row.source, []).append(row)
        return index

    def served_by(self, subarea_id: str) -> list[LinkRow]:
        return self._by_target.get(subarea_id, [])

    def serves(self, source_id: str) -> list[LinkRow]:
        """Links of a stream (its own and its milestones'), or of one milestone."""
        return self._by_source.get(source_id, [])

    @property
    def uncovered_subareas(self) -> list[Subarea]:
        served = {row.target for row in self.links}
        return [sub for _, sub in self.gp.subareas() if sub.id not in served]

    @property
    def unlinked_workstreams(self) -> list[WorkStream]:
        linked = {row.stream for row in self.links}
        return [stream for stream in self.vp.streams if stream.id not in linked]

    def cells(self, subarea_id: str) -> dict[str, str]:
        """The matrix row of a subarea, sparse: a cell for each stream that serves it, in the
        streams' order. The full grid is streams × subareas; this is as large as the links."""
        return self._cells.get(subarea_id, {})

    @cached_property
    def _cells(self) -> dict[str, dict[str, str]]:
        order = {s.id: i for i, s in enumerate(self.vp.streams)}
        grid: dict[str, dict[str, str]] = {}
        for target, rows in self._by_target.items():
            own: dict[str, list[str]] = {}
            for row in rows:
                own.setdefault(row.stream, [])
            for row in rows:  # the stream's own link first, then its milestones'
                if row.source == row.stream:
                    own[row.stream].append("●")
            for row in rows:
                if row.source != row.stream:
                    own[row.stream].append(row.source.rsplit(".", 1)[-1])
            grid[target] = {
                s: " ".join(own[s]) for s in sorted(own, key=lambda s: order.get(s, len(order)))
            }
        return grid

    def coverage(self) -> dict[str, int | float]:
        total = sum(1 for _ in self.gp.subareas())
        served = total - len(self.uncovered_subareas)
        return {
            "subareas": total,
            "served": served,
            "percent": round(100 * served / total, 1) if total else 100.0,
        }


def trace(gp: Genomforandeplan, vp: Verksamhetsplan) -> Traceability:
    area_of = {sub.id: area.id for area, sub in gp.subareas()}
    rows = [
        LinkRow(source, stream.id, link.target, area_of.get(link.target, ""), link.reason)
        for stream in vp.streams
        for source, link in stream.all_links()
    ]
    return Traceability(gp, vp, tuple(rows))


Item = Area | Subarea | WorkStream | Milestone


def _items(t: Traceability) -> Iterator[Item]:
    """Every item `omst link ID` knows, in document order."""
    for plan in (t.gp, t.vp):
        for node in of_kinds(walk_document(plan), LINKED):
            yield cast(Item, node.item)  # LINKED holds exactly these kinds


def find_item(t: Traceability, item_id: str) -> Item | None:
    return next((item for item in _items(t) if item.id == item_id), None)


def item_ids(t: Traceability) -> list[str]:
    return [item.id for item in _items(t)]


def related(t: Traceability, item: Item) -> list[LinkRow]:
    """Every link that touches the item, in either direction."""
    if isinstance(item, Area):
        ids = {sub.id for sub in item.subareas}
        return [row for row in t.links if row.target in ids]
    if isinstance(item, Subarea):
        return t.served_by(item.id)
    return t.serves(item.id)


def item_name(item: Item) -> str:
    """What the plan calls an item: a milestone's text, the others' name."""
    return item.text if isinstance(item, Milestone) else item.namn


def name_of(t: Traceability, item_id: str) -> str:
    item = find_item(t, item_id)
    return "" if item is None else item_name(item)


@dataclass(frozen=True)
class LinkReport:
    """What `omst link` shows: the whole matrix with coverage and gaps, or one item's links."""

    trace: Traceability
    item: Item | None = None


def report(t: Traceability, item: Item | None = None) -> LinkReport:
    return LinkReport(t, item)


def suspect_links(gp: Genomforandeplan, vp: Verksamhetsplan) -> set[tuple[str, str]]:
    """(source, target) of every link reviewed against a subarea that has changed since (the
    links OMST212 warns about)."""
    return {(s.source, s.link.target) for s in model_plans.suspect_links(gp, vp)}
