"""What changed between two revisions of the plans, in the plans' own terms, keyed by ID."""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from ..model.plans import Genomforandeplan, Plans, Verksamhetsplan, fingerprint_changes
from .entries import Entry, FieldChange, all_entries, field_changes
from .links import trace


@dataclass(frozen=True)
class Change:
    """added, removed, changed, moved or reordered; `entry` is the new one where there is."""

    kind: str
    entry: Entry
    fields: tuple[FieldChange, ...] = ()
    old_parent: str | None = None


@dataclass(frozen=True)
class LinkChange:
    kind: str  # added, removed, changed
    source: str
    target: str
    group: str
    reason: FieldChange | None = None


@dataclass(frozen=True)
class SuspectLink:
    """A link whose subarea the revision rewrote: its motivering should be read again."""

    source: str
    target: str
    group: str
    changes: tuple[tuple[str, str], ...]  # (part, change): ("namn", "changed") …


@dataclass
class Diff:
    changes: list[Change] = field(default_factory=list)
    links: list[LinkChange] = field(default_factory=list)
    newly_uncovered: list[str] = field(default_factory=list)
    newly_covered: list[str] = field(default_factory=list)
    coverage_old: dict[str, Any] = field(default_factory=dict)
    coverage_new: dict[str, Any] = field(default_factory=dict)
    groups: list[tuple[str, str]] = field(default_factory=list)  # (group ID, name), in order
    suspect: list[SuspectLink] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.changes or self.links)

    def of(self, kind: str) -> list[Change]:
        return [c for c in self.changes if c.kind == kind]


@dataclass(frozen=True)
class DiffReport:
    """A diff with the names of its two sides, as the formats show it."""

    diff: Diff
    old: str
    new: str


def _entries(plans: Plans) -> dict[str, Entry]:
    return {e.id: e for e in all_entries(plans)}


# The plans' own parts, named where the formats name a group (the formats translate them).
GP_GROUP = "Genomförandeplanen: inledning och metadata"
VP_GROUP = "Verksamhetsplanen: vision och metadata"


def _groups(old: Plans, new: Plans) -> list[tuple[str, str]]:
    """The groups changes are shown under, in the plans' order: areas, the
    genomförandeplan's own parts, work streams, the verksamhetsplan's, then each
    förvaltning."""
    order: dict[str, str] = {}
    for plans in (new, old):
        if plans.gp:
            for area in plans.gp.areas:
                order.setdefault(area.id, area.namn)
            order.setdefault(plans.gp.id, GP_GROUP)
        if plans.vp:
            for stream in plans.vp.streams:
                order.setdefault(stream.id, stream.namn)
            order.setdefault(plans.vp.id, VP_GROUP)
    for fv in sorted([*new.forvaltningar, *old.forvaltningar], key=lambda f: f.id):
        order.setdefault(fv.id, fv.namn)
    return list(order.items())


def _reordered(old: dict[str, Entry], new: dict[str, Entry]) -> Iterator[Entry]:
    """Items that kept their parent but not their place among the siblings that stayed."""
    before: dict[str, list[str]] = {}
    after: dict[str, list[str]] = {}
    for i, e in old.items():
        if i in new and new[i].parent == e.parent:
            before.setdefault(e.parent, []).append(i)
    for i, e in new.items():
        if i in old and old[i].parent == e.parent:
            after.setdefault(e.parent, []).append(i)
    for parent in sorted(after):
        a, b = before.get(parent, []), after[parent]
        if a == b:
            continue
        matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
        kept = {
            b[j]
            for block in matcher.get_matching_blocks()
            for j in range(block.b, block.b + block.size)
        }
        yield from (new[i] for i in b if i not in kept)


def _links(plans: Plans) -> dict[tuple[str, str], tuple[str, str | None]]:
    assert plans.vp
    return {
        (source, link.target): (stream.id, link.reason)
        for stream in plans.vp.streams
        for source, link in stream.all_links()
    }


def compare(old: Plans, new: Plans) -> Diff:
    """The semantic diff of two sets of schema-valid plans and follow-up files. Links and
    coverage are compared where both sides hold both plans (a förvaltning's file alone, as
    omst import compares it, has neither)."""
    a, b = _entries(old), _entries(new)
    diff = Diff(groups=_groups(old, new))
    for item_id, entry in b.items():
        if item_id not in a:
            diff.changes.append(Change("added", entry))
    for item_id, entry in a.items():
        if item_id not in b:
            diff.changes.append(Change("removed", entry))
    for item_id, entry in b.items():
        if item_id not in a:
            continue
        before = a[item_id]
        fields = field_changes(before, entry)
        if fields:
            diff.changes.append(Change("changed", entry, fields))
        if before.parent != entry.parent:
            diff.changes.append(Change("moved", entry, old_parent=before.parent))
    diff.changes += [Change("reordered", e) for e in _reordered(a, b)]
    if old.gp and old.vp and new.gp and new.vp:
        _compare_links(diff, old, new)
    return diff


def _compare_links(diff: Diff, old: Plans, new: Plans) -> None:
    assert old.gp and old.vp and new.gp and new.vp
    la, lb = _links(old), _links(new)
    for key in lb.keys() - la.keys():
        diff.links.append(LinkChange("added", key[0], key[1], lb[key][0]))
    for key in la.keys() - lb.keys():
        diff.links.append(LinkChange("removed", key[0], key[1], la[key][0]))
    for key in la.keys() & lb.keys():
        if la[key][1] != lb[key][1]:
            diff.links.append(
                LinkChange(
                    "changed",
                    key[0],
                    key[1],
                    lb[key][0],
                    FieldChange("motivering", la[key][1], lb[key][1]),
                )
            )
    diff.links.sort(key=lambda c: (c.source, c.target, c.kind))

    t_old, t_new = trace(old.gp, old.vp), trace(new.gp, new.vp)
    uncovered_old = {s.id for s in t_old.uncovered_subareas}
    uncovered_new = {s.id for s in t_new.uncovered_subareas}
    subareas_old = {s.id for _, s in old.gp.subareas()}
    diff.newly_uncovered = [
        s.id for _, s in new.gp.subareas() if s.id in uncovered_new and s.id not in uncovered_old
    ]
    diff.newly_covered = [
        s.id
        for _, s in new.gp.subareas()
        if s.id not in uncovered_new and (s.id in uncovered_old or s.id not in subareas_old)
    ]
    diff.coverage_old, diff.coverage_new = t_old.coverage(), t_new.coverage()
    diff.suspect = _suspect(old.gp, new.gp, new.vp)


def _suspect(
    old: Genomforandeplan, new: Genomforandeplan, vp: Verksamhetsplan
) -> list[SuspectLink]:
    """The links of the new plans to subareas whose name or effect goals the revision
    changed."""
    before = {sub.id: sub.fingerprint() for _, sub in old.subareas()}
    after = {sub.id: sub.fingerprint() for _, sub in new.subareas()}
    return [
        SuspectLink(
            source,
            link.target,
            stream.id,
            tuple(fingerprint_changes(before[link.target], after[link.target])),
        )
        for stream in vp.streams
        for source, link in stream.all_links()
        if link.target in before
        and link.target in after
        and before[link.target] != after[link.target]
    ]


CHANGE_KINDS = ("added", "removed", "changed", "moved", "reordered")
