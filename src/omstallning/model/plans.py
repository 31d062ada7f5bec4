"""The two plans as plain dataclasses; every item carries its ID and where it stands.

Models are built only from documents that passed the schema, so the builders can trust
the shape of the data.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from ..reading.yamlfile import Document, PathKey, Pos
from .followup import Forvaltning
from .loc import Loc


@dataclass(frozen=True)
class Period:
    id: str
    namn: str
    vision: bool
    loc: Loc

    @property
    def years(self) -> tuple[int, int]:
        first, _, last = self.id.partition("-")
        return int(first), int(last or first)


@dataclass(frozen=True)
class Owners:
    strategisk_agare: str | None = None
    uppdragsansvarig: str | None = None
    ansvariga: str | None = None


@dataclass(frozen=True)
class Note:
    id: str
    text: str
    loc: Loc


@dataclass(frozen=True)
class Layer:
    id: str
    namn: str
    beskrivning: str | None
    owners: Owners
    loc: Loc


@dataclass(frozen=True)
class GoalText:
    period: str
    text: str
    loc: Loc  # of the period key: "2023": stands where the cell begins


@dataclass(frozen=True)
class Goal:
    id: str
    texts: tuple[GoalText, ...]
    loc: Loc

    def text(self, period: str) -> str | None:
        return next((t.text for t in self.texts if t.period == period), None)


@dataclass(frozen=True)
class Subarea:
    id: str
    namn: str
    beskrivning: str | None
    goals: tuple[Goal, ...]
    loc: Loc

    def fingerprint(self) -> str:
        """What a link to this subarea is reviewed against: its name and each effect goal
        row, each as a short hash of its words, e.g. "namn:1a2b3c4d NV.3.E1:5e6f7a8b"."""
        parts = [("namn", self.namn)]
        parts += [(g.id, "\n".join(f"{t.period}: {t.text}" for t in g.texts)) for g in self.goals]
        return " ".join(f"{label}:{_short_hash(text)}" for label, text in parts)


def _short_hash(text: str) -> str:
    # Words only: a text refolded in the YAML, with the same words, is the same text.
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()[:8]


def fingerprint_changes(reviewed: str, current: str) -> list[tuple[str, str]]:
    """What differs between two fingerprints: (part, change), the part "namn" or a goal
    row's ID, the change "changed", "added" or "removed"."""
    old = dict(part.split(":", 1) for part in reviewed.split())
    new = dict(part.split(":", 1) for part in current.split())
    found = []
    for label in dict.fromkeys([*new, *old]):
        if label not in old:
            found.append((label, "added"))
        elif label not in new:
            found.append((label, "removed"))
        elif old[label] != new[label]:
            found.append((label, "changed"))
    return found


@dataclass(frozen=True)
class Activity:
    id: str
    period: str
    text: str
    loc: Loc
    period_loc: Loc


@dataclass(frozen=True)
class Indicator:
    id: str
    text: str
    loc: Loc


@dataclass(frozen=True)
class Area:
    id: str
    namn: str
    beskrivning: str | None
    owners: Owners
    subareas: tuple[Subarea, ...]
    activities: tuple[Activity, ...]
    indicators: tuple[Indicator, ...]
    kommentar: str | None
    loc: Loc


@dataclass(frozen=True)
class Genomforandeplan:
    id: str
    namn: str
    bilaga: str | None
    metadata: dict[str, str]
    periods: tuple[Period, ...]
    notes: tuple[Note, ...]
    layers: tuple[Layer, ...]
    areas: tuple[Area, ...]
    loc: Loc

    def subareas(self) -> Iterator[tuple[Area, Subarea]]:
        for area in self.areas:
            for sub in area.subareas:
                yield area, sub


@dataclass(frozen=True)
class Link:
    target: str
    reason: str | None
    loc: Loc
    reviewed: str | None = None  # the subarea's fingerprint when the link was last reviewed


@dataclass(frozen=True)
class Milestone:
    id: str
    period: str
    text: str
    links: tuple[Link, ...]
    loc: Loc
    period_loc: Loc


@dataclass(frozen=True)
class WorkStream:
    id: str
    nummer: str | None
    namn: str
    beskrivning: str | None
    owners: Owners
    links: tuple[Link, ...]
    milestones: tuple[Milestone, ...]
    loc: Loc

    def all_links(self) -> Iterator[tuple[str, Link]]:
        """(source ID, link) for the stream's own links and its milestones'."""
        for link in self.links:
            yield self.id, link
        for ms in self.milestones:
            for link in ms.links:
                yield ms.id, link


@dataclass(frozen=True)
class VisionTheme:
    id: str
    text: str
    loc: Loc


@dataclass(frozen=True)
class Verksamhetsplan:
    id: str
    namn: str
    rubrik: str | None
    metadata: dict[str, str]
    periods: tuple[Period, ...]
    vision_namn: str | None
    themes: tuple[VisionTheme, ...]
    streams: tuple[WorkStream, ...]
    loc: Loc


@dataclass
class Plans:
    """Both plans as far as they could be built; None where a file did not pass the schema.
    `forvaltningar` holds the follow-up files that passed theirs."""

    gp: Genomforandeplan | None = None
    vp: Verksamhetsplan | None = None
    docs: list[Document] = field(default_factory=list)
    forvaltningar: list[Forvaltning] = field(default_factory=list)
    # IDs in, or named by, items left out because they broke their schema: a reference to
    # them is not reported as a reference to nothing, nor is their subarea as unserved.
    broken_ids: set[str] = field(default_factory=set)
    # Parts of the plans built without some of their items: checks over the whole set of
    # subareas, or of links, cannot tell what is missing and say nothing.
    subareas_partial: bool = False
    links_partial: bool = False


class _Reader:
    """Reads validated data at a path, handing out locations as it goes. Items at the paths
    in `skip` (list items that broke the schema) are passed over."""

    def __init__(self, doc: Document, skip: frozenset[PathKey] = frozenset()) -> None:
        self.doc = doc
        self.skip = skip

    def kept(self, items: list[Any], path: PathKey) -> Iterator[tuple[int, Any]]:
        """(index, item) of the list at `path`, but for the items in `skip`."""
        return ((i, item) for i, item in enumerate(items) if (*path, i) not in self.skip)

    def loc(self, path: PathKey) -> Loc:
        pos: Pos = self.doc.pos(path)
        return Loc(self.doc.path, pos.line, pos.column)

    def key_loc(self, path: PathKey) -> Loc:
        pos = self.doc.key_pos(path)
        return Loc(self.doc.path, pos.line, pos.column)

    def owners(self, data: dict[str, Any]) -> Owners:
        raw = data.get("ansvar") or {}
        return Owners(
            raw.get("strategisk_agare"), raw.get("uppdragsansvarig"), raw.get("ansvariga")
        )

    def periods(self, data: dict[str, Any]) -> tuple[Period, ...]:
        return tuple(
            Period(p["id"], p["namn"], bool(p.get("vision")), self.loc(("perioder", i, "id")))
            for i, p in enumerate(data["perioder"])
        )

    def links(self, items: list[dict[str, Any]], path: PathKey) -> tuple[Link, ...]:
        return tuple(
            Link(
                link["till"],
                link.get("motivering"),
                self.loc((*path, i, "till")),
                link.get("granskad"),
            )
            for i, link in self.kept(items, path)
        )


def build_genomforandeplan(
    doc: Document, skip: frozenset[PathKey] = frozenset()
) -> Genomforandeplan:
    r, data = _Reader(doc, skip), doc.data
    areas = []
    for a, area in r.kept(data["omraden"], ("omraden",)):
        ap: PathKey = ("omraden", a)
        subareas = []
        for s, sub in r.kept(area["delomraden"], (*ap, "delomraden")):
            sp: PathKey = (*ap, "delomraden", s)
            goals = tuple(
                Goal(
                    goal["id"],
                    tuple(
                        GoalText(period, text, r.key_loc((*sp, "effektmal", g, "mal", period)))
                        for period, text in goal["mal"].items()
                    ),
                    r.loc((*sp, "effektmal", g)),
                )
                for g, goal in r.kept(sub["effektmal"], (*sp, "effektmal"))
            )
            subareas.append(
                Subarea(sub["id"], sub["namn"], sub.get("beskrivning"), goals, r.loc(sp))
            )
        activities = tuple(
            Activity(
                act["id"],
                act["period"],
                act["text"],
                r.loc((*ap, "aktiviteter", i)),
                r.loc((*ap, "aktiviteter", i, "period")),
            )
            for i, act in r.kept(area.get("aktiviteter", []), (*ap, "aktiviteter"))
        )
        indicators = tuple(
            Indicator(ind["id"], ind["text"], r.loc((*ap, "indikatorer", i)))
            for i, ind in r.kept(area.get("indikatorer", []), (*ap, "indikatorer"))
        )
        areas.append(
            Area(
                area["id"],
                area["namn"],
                area.get("beskrivning"),
                r.owners(area),
                tuple(subareas),
                activities,
                indicators,
                area.get("kommentar"),
                r.loc(ap),
            )
        )
    return Genomforandeplan(
        id=data["id"],
        namn=data["namn"],
        bilaga=data.get("bilaga"),
        metadata=dict(data["metadata"]),
        periods=r.periods(data),
        notes=tuple(
            Note(n["id"], n["text"], r.loc(("inledning", i)))
            for i, n in r.kept(data.get("inledning", []), ("inledning",))
        ),
        layers=tuple(
            Layer(x["id"], x["namn"], x.get("beskrivning"), r.owners(x), r.loc(("genomgaende", i)))
            for i, x in r.kept(data.get("genomgaende", []), ("genomgaende",))
        ),
        areas=tuple(areas),
        loc=r.loc(()),
    )


def build_verksamhetsplan(doc: Document, skip: frozenset[PathKey] = frozenset()) -> Verksamhetsplan:
    r, data = _Reader(doc, skip), doc.data
    streams = []
    for s, stream in r.kept(data["arbetsstrommar"], ("arbetsstrommar",)):
        sp: PathKey = ("arbetsstrommar", s)
        milestones = tuple(
            Milestone(
                ms["id"],
                ms["period"],
                ms["text"],
                r.links(ms.get("lankar", []), (*sp, "milstolpar", m, "lankar")),
                r.loc((*sp, "milstolpar", m)),
                r.loc((*sp, "milstolpar", m, "period")),
            )
            for m, ms in r.kept(stream["milstolpar"], (*sp, "milstolpar"))
        )
        streams.append(
            WorkStream(
                stream["id"],
                stream.get("nummer"),
                stream["namn"],
                stream.get("beskrivning"),
                r.owners(stream),
                r.links(stream.get("lankar", []), (*sp, "lankar")),
                milestones,
                r.loc(sp),
            )
        )
    vision = data.get("vision") or {}
    return Verksamhetsplan(
        id=data["id"],
        namn=data["namn"],
        rubrik=data.get("rubrik"),
        metadata=dict(data.get("metadata") or {}),
        periods=r.periods(data),
        vision_namn=vision.get("namn"),
        themes=tuple(
            VisionTheme(t["id"], t["text"], r.loc(("vision", "teman", i)))
            for i, t in r.kept(vision.get("teman", []), ("vision", "teman"))
        ),
        streams=tuple(streams),
        loc=r.loc(()),
    )
