"""`omst link` for people: the matrix of work streams × subareas, coverage and gaps, or one
item's links, as tables; and the same as JSON."""

from __future__ import annotations

from typing import Any

from ..analyses.links import Item, LinkReport, Traceability, item_name, name_of, related
from ..model.plans import Area, Subarea
from ..model.text import clip
from .tables import Table, TableReport, register

NAME_WIDTH = 48  # a subarea's name in the matrix, beside a column per work stream
TITLE_WIDTH = 60


def matrix_table(t: Traceability) -> Table:
    columns = ["Delområde", "Namn", *(s.id for s in t.vp.streams)]
    table = Table("Spårbarhet: arbetsströmmar × delområden", columns)
    for _, sub in t.gp.subareas():
        cells = t.cells(sub.id)
        table.rows.append(
            [
                sub.id,
                clip(sub.namn, NAME_WIDTH),
                *(cells.get(stream.id, "") for stream in t.vp.streams),
            ]
        )
    legend = ", ".join(f"{s.id} {s.namn}" for s in t.vp.streams)
    table.notes.append(f"● arbetsströmmen själv, M1, M2 … en milstolpe i den. {legend}.")
    return table


def coverage_table(t: Traceability) -> Table:
    cov = t.coverage()
    table = Table(
        f"Täckning: {cov['served']} av {cov['subareas']} delområden "
        f"({cov['percent']} %) tjänas av verksamhetsplanen",
        ["ID", "Saknar länk"],
    )
    table.rows = [[sub.id, sub.namn] for sub in t.uncovered_subareas]
    table.rows += [
        [s.id, f"arbetsström {s.namn} tjänar inget delområde"] for s in t.unlinked_workstreams
    ]
    if not table.rows:
        table.notes.append("Alla delområden tjänas och alla arbetsströmmar tjänar något.")
    return table


def item_table(t: Traceability, item: Item) -> Table:
    """One item's links; the name column names the other end (who serves it, or what)."""
    served = isinstance(item, Area | Subarea)
    table = Table(
        f"{item.id} {clip(item_name(item), TITLE_WIDTH)}: länkar",
        ["Från", "Till", "Arbetsström / milstolpe" if served else "Delområde", "Motivering"],
    )
    for row in related(t, item):
        other = row.source if served else row.target
        table.rows.append([row.source, row.target, name_of(t, other), row.reason or ""])
    if not table.rows:
        table.notes.append(f"{item.id} har inga länkar.")
    return table


def as_json(t: Traceability) -> dict[str, Any]:
    return {
        "links": [row.as_dict() for row in t.links],
        "workstreams": [{"id": s.id, "namn": s.namn} for s in t.vp.streams],
        "matrix": [
            {"subarea": sub.id, "area": area.id, "namn": sub.namn, "cells": t.cells(sub.id)}
            for area, sub in t.gp.subareas()
        ],
        "coverage": t.coverage(),
        "uncovered_subareas": [sub.id for sub in t.uncovered_subareas],
        "unlinked_workstreams": [s.id for s in t.unlinked_workstreams],
    }


def item_json(t: Traceability, item: Item) -> dict[str, Any]:
    return {"id": item.id, "links": [row.as_dict() for row in related(t, item)]}


@register
def present(report: LinkReport) -> TableReport:
    t, item = report.trace, report.item
    if item is None:
        return TableReport(lambda: [matrix_table(t), coverage_table(t)], lambda: as_json(t))
    return TableReport(lambda: [item_table(t, item)], lambda: item_json(t, item))
