"""The follow-up overview: each förvaltning × each area, layer and work stream, as of a day.

A cell is reported when the förvaltning has a status entry, a local goal or an indicator on
the column's item or anything under it (NV.3 counts for NV, VP.1.M5 for VP.1); otherwise it is
a gap, shown as one. Only tertials that have begun by the as-of day count.
"""

from __future__ import annotations

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


@dataclass(frozen=True)
class Column:
    id: str
    namn: str
    kind: str  # area, layer, workstream


@dataclass(frozen=True)
class Cell:
    status: tuple[StatusEntry, ...]  # the latest tertial's entries
    goals: int
    indicators: int

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
        lights = [s.light for s in self.status if s.light]
        for light in ("ej", "delvis", "uppnas"):
            if light in lights:
                return light
        return None


@dataclass(frozen=True)
class Miss:
    forvaltning: Forvaltning
    series: IndicatorSeries
    reading: Reading


@dataclass(frozen=True)
class Status:
    as_of: date
    tertial: Tertial
    columns: tuple[Column, ...]
    forvaltningar: tuple[Forvaltning, ...]
    cells: dict[tuple[str, str], Cell]
    misses: tuple[Miss, ...]

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


def compute(
    gp: Genomforandeplan, vp: Verksamhetsplan, forvaltningar: list[Forvaltning], as_of: date
) -> Status:
    tertial = Tertial.of(as_of)
    cols = columns(gp, vp)
    cells = {}
    for forv in forvaltningar:
        for col in cols:
            entries = [s for s in forv.status if _under(s.avser, col.id) and s.period <= tertial]
            latest = max((s.period for s in entries), default=None)
            cells[forv.id, col.id] = Cell(
                tuple(s for s in entries if s.period == latest),
                sum(_under(g.avser, col.id) for g in forv.goals),
                sum(_under(i.avser, col.id) for i in forv.indicators),
            )
    misses = []
    for forv in forvaltningar:
        for series in forv.indicators:
            reading = latest_reading(series, tertial)
            if reading and reading.target is not None and reading.light_from_numbers() == "ej":
                misses.append(Miss(forv, series, reading))
    return Status(as_of, tertial, cols, tuple(forvaltningar), cells, tuple(misses))
