"""`omst status` for people: the follow-up matrix with its legend, and the indicators that
miss their target, as tables; and the same as JSON."""

from __future__ import annotations

from typing import Any

from ..analyses.status import Cell, Status
from .tables import Table, TableReport, register
from .words import GAP, cell_label, decimal, light_legend


def label(cell: Cell) -> str:
    if cell.missing:
        # Asked for and not answered: a gap, with the tertial it was asked for.
        return f"{GAP} ({cell.period})"
    return cell_label(cell.reported, cell.light, cell.period)


def matrix_table(status: Status) -> Table:
    table = Table(
        f"Uppföljning per förvaltning, senaste tertial till och med {status.tertial} "
        f"({status.as_of.isoformat()})",
        ["Förvaltning", *(c.id for c in status.columns)],
    )
    for forv in status.forvaltningar:
        table.rows.append(
            [forv.kortnamn, *(label(status.cells[forv.id, c.id]) for c in status.columns)]
        )
    table.notes.append("; ".join(f"{c.id} {c.namn}" for c in status.columns) + ".")
    table.notes.append(light_legend())
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
                decimal(miss.reading.outcome),
                decimal(miss.reading.target),
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
            "missing": c.missing,
            "period": str(c.period) if c.period else None,
            "light": c.light,
            "label": label(c),
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


@register
def present(status: Status) -> TableReport:
    return TableReport(
        lambda: [matrix_table(status), misses_table(status)], lambda: as_json(status)
    )
