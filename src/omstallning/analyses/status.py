"""The follow-up overview: each förvaltning × each area, layer and work stream, for one
tertial's reporting round.

A cell is reported when the förvaltning has a status entry, a local goal or an indicator on
the column's item or anything under it (NV.3 counts for NV, VP.1.M5 for VP.1); otherwise it is
a gap, shown as one. Only tertials up to the round's count (by default the tertial the as-of
day is in). The items under a column that have a status of their own (a subarea, an
effect-goal row, a milestone) keep their own light, by name, beside the column's.

The round: which förvaltningar answered for the tertial, which were asked and did not
(`saknas: true`), which have no entry for it, and whose latest status is older than the round.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from ..model.followup import (
    Forvaltning,
    IndicatorSeries,
    Reading,
    StatusEntry,
    Tertial,
    begun_by,
)
from ..model.plans import Genomforandeplan, Verksamhetsplan
from ..model.walk import title, walk_document

# A förvaltning's answer to the round. Codes: the words are the formats'.
ANSWERED = "answered"  # a status entry for the tertial that is not `saknas`
MISSING = "missing"  # asked for: its entries for the tertial all say `saknas: true`
UNANSWERED = "unanswered"  # nothing for the tertial
NOT_REPORTING = "not_reporting"  # `rapporterat: false`, nothing for the tertial


@dataclass(frozen=True)
class Column:
    id: str
    namn: str
    kind: str  # area, layer, workstream


@dataclass(frozen=True)
class Item:
    """An item under a column with status entries of its own (or the column's own item):
    its latest tertial's entries up to the round."""

    id: str
    namn: str
    status: tuple[StatusEntry, ...]

    @property
    def period(self) -> Tertial:
        return self.status[0].period

    @property
    def missing(self) -> bool:
        return all(s.missing for s in self.status)

    @property
    def light(self) -> str | None:
        return gravest(s.light for s in self.status)


def gravest(lights: Iterable[str | None]) -> str | None:
    """The gravest of some lights: ej before delvis before uppnas."""
    found = set(lights)
    return next((light for light in ("ej", "delvis", "uppnas") if light in found), None)


@dataclass(frozen=True)
class Cell:
    status: tuple[StatusEntry, ...]  # the latest tertial's entries
    goals: int
    indicators: int
    items: tuple[Item, ...] = ()  # per item with a status of its own, in the plan's order

    @property
    def reported(self) -> bool:
        """Something answered: a status entry that is not `saknas`, a goal or an indicator."""
        return any(not s.missing for s in self.status) or bool(self.goals or self.indicators)

    @property
    def missing(self) -> bool:
        """Asked for in the latest tertial and not answered (every entry `saknas`)."""
        return bool(self.status) and all(s.missing for s in self.status)

    @property
    def period(self) -> Tertial | None:
        return self.status[0].period if self.status else None

    @property
    def light(self) -> str | None:
        """The gravest light among the latest entries: ej before delvis before uppnas."""
        return gravest(s.light for s in self.status)


@dataclass(frozen=True)
class Miss:
    forvaltning: Forvaltning
    series: IndicatorSeries
    reading: Reading


@dataclass(frozen=True)
class Answer:
    """A förvaltning's answer to the round: ANSWERED, MISSING, UNANSWERED or NOT_REPORTING,
    and the latest tertial up to the round it answered a status for (None: never)."""

    forvaltning: Forvaltning
    answer: str
    latest: Tertial | None
    older: bool  # its latest answer is from before the round, or it never answered


@dataclass(frozen=True)
class Status:
    as_of: date
    tertial: Tertial
    columns: tuple[Column, ...]
    forvaltningar: tuple[Forvaltning, ...]
    cells: dict[tuple[str, str], Cell]
    misses: tuple[Miss, ...]
    answers: tuple[Answer, ...] = ()

    def gaps(self) -> list[tuple[Forvaltning, Column]]:
        return [
            (f, c)
            for f in self.forvaltningar
            for c in self.columns
            if not self.cells[f.id, c.id].reported
        ]


def columns(gp: Genomforandeplan, vp: Verksamhetsplan) -> tuple[Column, ...]:
    return (
        *(Column(a.id, a.namn, "area") for a in gp.areas),
        *(Column(x.id, x.namn, "layer") for x in gp.layers),
        *(Column(s.id, s.namn, "workstream") for s in vp.streams),
    )


def _under(ref: str | None, column: str) -> bool:
    return ref is not None and (ref == column or ref.startswith(f"{column}."))


def latest_reading(series: IndicatorSeries, tertial: Tertial) -> Reading | None:
    """The latest reading with an outcome in a tertial that has begun."""
    done = [r for r in series.readings if r.outcome is not None and begun_by(r.period, tertial)]
    return done[-1] if done else None


def _latest(entries: list[StatusEntry]) -> tuple[StatusEntry, ...]:
    latest = max((s.period for s in entries), default=None)
    return tuple(s for s in entries if s.period == latest)


def _items(
    entries: list[StatusEntry], order: dict[str, int], names: dict[str, str]
) -> tuple[Item, ...]:
    """One item per `avser` among the entries, with its own latest tertial's entries."""
    refs = sorted({s.avser for s in entries}, key=lambda ref: (order.get(ref, len(order)), ref))
    return tuple(
        Item(ref, names.get(ref, ""), _latest([s for s in entries if s.avser == ref]))
        for ref in refs
    )


def answer(forv: Forvaltning, tertial: Tertial) -> Answer:
    """How the förvaltning answered the round of `tertial`."""
    asked = [s for s in forv.status if s.period == tertial]
    latest = max(
        (s.period for s in forv.status if not s.missing and s.period <= tertial), default=None
    )
    if any(not s.missing for s in asked):
        code = ANSWERED
    elif asked:
        code = MISSING
    else:
        code = UNANSWERED if forv.rapporterat else NOT_REPORTING
    return Answer(forv, code, latest, latest is None or latest < tertial)


def compute(
    gp: Genomforandeplan,
    vp: Verksamhetsplan,
    forvaltningar: list[Forvaltning],
    as_of: date,
    tertial: Tertial | None = None,
) -> Status:
    """The follow-up for the round of `tertial` (default: the tertial `as_of` is in)."""
    tertial = tertial or Tertial.of(as_of)
    cols = columns(gp, vp)
    nodes = [*walk_document(gp), *walk_document(vp)]
    order = {n.id: i for i, n in enumerate(nodes)}
    names = {n.id: title(n.item) for n in nodes}
    cells = {}
    for forv in forvaltningar:
        for col in cols:
            entries = [s for s in forv.status if _under(s.avser, col.id) and s.period <= tertial]
            cells[forv.id, col.id] = Cell(
                _latest(entries),
                sum(_under(g.avser, col.id) for g in forv.goals),
                sum(_under(i.avser, col.id) for i in forv.indicators),
                _items(entries, order, names),
            )
    misses = []
    for forv in forvaltningar:
        for series in forv.indicators:
            reading = latest_reading(series, tertial)
            if reading and reading.target is not None and reading.light_from_numbers() == "ej":
                misses.append(Miss(forv, series, reading))
    answers = tuple(answer(f, tertial) for f in forvaltningar)
    return Status(as_of, tertial, cols, tuple(forvaltningar), cells, tuple(misses), answers)
