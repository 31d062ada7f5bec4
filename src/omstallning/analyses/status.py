"""The follow-up overview: each förvaltning × each area, layer and work stream, as of a day.

A cell is reported when the förvaltning has a status entry, a local goal or an indicator on
the column's item or anything under it (NV.3 counts for NV, VP.1.M5 for VP.1); otherwise it is
a gap, shown as one. Only tertials that have begun by the as-of day count.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from ..model.followup import (
    LIGHT_SYMBOLS,
    LIGHT_WORDS,
    LIGHTS,
    Forvaltning,
    IndicatorSeries,
    Reading,
    StatusEntry,
    Tertial,
)
from ..model.plans import Genomforandeplan, Verksamhetsplan
from .tables import Table, TableReport

GAP = "✗ saknas"
REPORTED = "○ rapporterad"


def light_label(light: str | None) -> str:
    """A light as shape and word, never colour alone."""
    return f"{LIGHT_SYMBOLS[light]} {LIGHT_WORDS[light]}" if light else REPORTED


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
        return bool(self.status or self.goals or self.indicators)

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

    def label(self) -> str:
        if not self.reported:
            return GAP
        return f"{light_label(self.light)}{f' ({self.period})' if self.period else ''}"


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
    done = [r for r in series.readings if r.outcome is not None and r.period <= tertial]
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


def _number(value: float | None) -> str:
    return "" if value is None else f"{value:g}".replace(".", ",")


def matrix_table(status: Status) -> Table:
    table = Table(
        f"Uppföljning per förvaltning, senaste tertial till och med {status.tertial} "
        f"({status.as_of.isoformat()})",
        ["Förvaltning", *(c.id for c in status.columns)],
    )
    for forv in status.forvaltningar:
        table.rows.append(
            [forv.kortnamn, *(status.cells[forv.id, c.id].label() for c in status.columns)]
        )
    table.notes.append("; ".join(f"{c.id} {c.namn}" for c in status.columns) + ".")
    table.notes.append(
        "Måluppfyllelse: "
        + "; ".join(f"{LIGHT_SYMBOLS[k]} {LIGHT_WORDS[k]}: {v}" for k, v in LIGHTS.items())
        + f"; {REPORTED}: rapport utan bedömning; {GAP}: ingen rapport."
    )
    if not status.forvaltningar:
        table.notes.append("Inga förvaltningar i plan/forvaltningar/.")
    return table


def misses_table(status: Status) -> Table:
    table = Table(
        "Indikatorer vars senaste utfall inte når målvärdet",
        ["Förvaltning", "ID", "Indikator", "Tertial", "Utfall", "Målvärde", "Enhet"],
    )
    for miss in status.misses:
        table.rows.append(
            [
                miss.forvaltning.kortnamn,
                miss.series.id,
                miss.series.namn,
                str(miss.reading.period),
                _number(miss.reading.outcome),
                _number(miss.reading.target),
                miss.series.enhet or "",
            ]
        )
    if not table.rows:
        table.notes.append("Alla indikatorer med utfall och målvärde når sitt mål.")
    return table


def as_json(status: Status) -> dict[str, Any]:
    def cell(c: Cell) -> dict[str, Any]:
        return {
            "reported": c.reported,
            "period": str(c.period) if c.period else None,
            "light": c.light,
            "label": c.label(),
            "status": [s.id for s in c.status],
            "goals": c.goals,
            "indicators": c.indicators,
        }

    return {
        "as_of": status.as_of.isoformat(),
        "tertial": str(status.tertial),
        "columns": [{"id": c.id, "namn": c.namn, "kind": c.kind} for c in status.columns],
        "forvaltningar": [
            {
                "id": f.id,
                "namn": f.namn,
                "kortnamn": f.kortnamn,
                "rapporterat": f.rapporterat,
                "cells": {c.id: cell(status.cells[f.id, c.id]) for c in status.columns},
            }
            for f in status.forvaltningar
        ],
        "gaps": [{"forvaltning": f.id, "avser": c.id} for f, c in status.gaps()],
        "indicators_missing_target": [
            {
                "forvaltning": m.forvaltning.id,
                "id": m.series.id,
                "namn": m.series.namn,
                "period": str(m.reading.period),
                "utfall": m.reading.outcome,
                "malvarde": m.reading.target,
                "enhet": m.series.enhet,
            }
            for m in status.misses
        ],
    }


def report(status: Status) -> TableReport:
    return TableReport(
        lambda: [matrix_table(status), misses_table(status)], lambda: as_json(status)
    )
