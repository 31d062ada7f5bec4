"""The two plans as immutable named tuples; every item carries its ID and where it stands.

Models are built only from documents that passed the schema, so the builders can trust
the shape of the data.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from typing import Any, NamedTuple

from ..reading.yamlfile import Document, PathKey, Pos
from .followup import Forvaltning
from .loc import Loc


class Period(NamedTuple):
    id: str
    namn: str
    vision: bool
    loc: Loc

    @property
    def years(self) -> tuple[int, int]:
        first, _, last = self.id.partition("-")
        return int(first), int(last or first)


class Owners(NamedTuple):
    strategisk_agare: str | None = None
    uppdragsansvarig: str | None = None
    ansvariga: str | None = None


class Note(NamedTuple):
    id: str
    text: str
    loc: Loc


class Layer(NamedTuple):
    id: str
    namn: str
    beskrivning: str | None
    owners: Owners
    loc: Loc


class GoalText(NamedTuple):
    period: str
    text: str
    loc: Loc  # of the period key: "2023": stands where the cell begins


class Goal(NamedTuple):
    id: str
    texts: tuple[GoalText, ...]
    loc: Loc

    def text(self, period: str) -> str | None:
        return next((t.text for t in self.texts if t.period == period), None)


class Subarea(NamedTuple):
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


class Activity(NamedTuple):
    id: str
    period: str
    text: str
    loc: Loc
    period_loc: Loc


class Indicator(NamedTuple):
    id: str
    text: str
    loc: Loc


class Area(NamedTuple):
    id: str
    namn: str
    beskrivning: str | None
    owners: Owners
    subareas: tuple[Subarea, ...]
    activities: tuple[Activity, ...]
    indicators: tuple[Indicator, ...]
    kommentar: str | None
    loc: Loc


class Genomforandeplan(NamedTuple):
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


class Link(NamedTuple):
    target: str
    reason: str | None
    loc: Loc
    reviewed: str | None = None  # the subarea's fingerprint when the link was last reviewed


class Milestone(NamedTuple):
    id: str
    period: str
    text: str
    links: tuple[Link, ...]
    loc: Loc
    period_loc: Loc


class WorkStream(NamedTuple):
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


class VisionTheme(NamedTuple):
    id: str
    text: str
    loc: Loc


class Verksamhetsplan(NamedTuple):
    id: str
    namn: str
    rubrik: str | None
    metadata: dict[str, str]
    periods: tuple[Period, ...]
    vision_namn: str | None
    themes: tuple[VisionTheme, ...]
    streams: tuple[WorkStream, ...]
    loc: Loc


class SuspectLink(NamedTuple):
    """A link reviewed against its subarea (`granskad`) that the subarea no longer matches."""

    source: str  # the work stream or milestone the link starts from
    link: Link
    subarea: Subarea
    current: str  # the subarea's fingerprint now

    def changes(self) -> list[tuple[str, str]]:
        return fingerprint_changes(self.link.reviewed or "", self.current)


def suspect_links(gp: Genomforandeplan, vp: Verksamhetsplan) -> Iterator[SuspectLink]:
    """Every link whose subarea's fingerprint is no longer the one it was reviewed against
    (validate's OMST212), in the order of the verksamhetsplan."""
    subareas = {sub.id: sub for _, sub in gp.subareas()}
    fingerprints: dict[str, str] = {}  # a subarea many links point to is hashed once
    for stream in vp.streams:
        for source, link in stream.all_links():
            sub = subareas.get(link.target)
            if link.reviewed is None or sub is None:
                continue
            if sub.id not in fingerprints:
                fingerprints[sub.id] = sub.fingerprint()
            if link.reviewed != fingerprints[sub.id]:
                yield SuspectLink(source, link, sub, fingerprints[sub.id])


class Plans:
    """Both plans as far as they could be built; None where a file did not pass the schema.
    `forvaltningar` holds the follow-up files that passed theirs.

    Written out rather than a dataclass: @dataclass compiles its methods at every import,
    which every command pays for at start-up."""

    __slots__ = (
        "broken_ids",
        "docs",
        "forvaltningar",
        "gp",
        "links_partial",
        "subareas_partial",
        "vp",
    )

    def __init__(
        self,
        gp: Genomforandeplan | None = None,
        vp: Verksamhetsplan | None = None,
        docs: list[Document] | None = None,
        forvaltningar: list[Forvaltning] | None = None,
        broken_ids: set[str] | None = None,
        subareas_partial: bool = False,
        links_partial: bool = False,
    ) -> None:
        self.gp = gp
        self.vp = vp
        self.docs = docs if docs is not None else []
        self.forvaltningar = forvaltningar if forvaltningar is not None else []
        # IDs in, or named by, items left out because they broke their schema: a reference
        # to them is not reported as a reference to nothing, nor is their subarea as unserved.
        self.broken_ids = broken_ids if broken_ids is not None else set()
        # Parts of the plans built without some of their items: checks over the whole set
        # of subareas, or of links, cannot tell what is missing and say nothing.
        self.subareas_partial = subareas_partial
        self.links_partial = links_partial

    def _values(self) -> tuple[object, ...]:
        return tuple(getattr(self, name) for name in self.__slots__)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        assert isinstance(other, Plans)
        return self._values() == other._values()  # and so unhashable, being mutable

    def __repr__(self) -> str:
        fields = ", ".join(f"{name}={getattr(self, name)!r}" for name in self.__slots__)
        return f"Plans({fields})"


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
