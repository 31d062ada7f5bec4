"""`omst link` for people: the matrix of work streams × subareas, coverage and gaps, or one
item's links, as tables; and the same as JSON."""

from __future__ import annotations

from typing import Any

from ..analyses.links import Item, LinkReport, Traceability, item_name, name_of, related
from ..i18n import _, ngettext, number
from ..model.plans import Area, Subarea
from ..model.text import clip
from .tables import Table, TableReport, register

NAME_WIDTH = 48  # a subarea's name in the matrix, beside a column per work stream
TITLE_WIDTH = 60


def matrix_table(t: Traceability) -> Table:
    columns = [_("Subarea"), _("Name"), *(s.id for s in t.vp.streams)]
    table = Table(_("Traceability: work streams × subareas"), columns)
    for _area, sub in t.gp.subareas():
        cells = t.cells(sub.id)
        table.rows.append(
            [
                sub.id,
                clip(sub.namn, NAME_WIDTH),
                *(cells.get(stream.id, "") for stream in t.vp.streams),
            ]
        )
    legend = ", ".join(f"{s.id} {s.namn}" for s in t.vp.streams)
    table.notes.append(
        _("● the work stream itself, M1, M2 … a milestone in it. {legend}.").format(legend=legend)
    )
    return table


def coverage_table(t: Traceability) -> Table:
    cov = t.coverage()
    table = Table(
        ngettext(
            "Coverage: {served} of {count} subarea ({percent} %) served by the verksamhetsplan",
            "Coverage: {served} of {count} subareas ({percent} %) served by the verksamhetsplan",
            int(cov["subareas"]),
        ).format(served=cov["served"], count=cov["subareas"], percent=number(cov["percent"])),
        ["ID", _("Lacks a link")],
    )
    table.rows = [[sub.id, sub.namn] for sub in t.uncovered_subareas]
    table.rows += [
        [s.id, _("work stream {name} serves no subarea").format(name=s.namn)]
        for s in t.unlinked_workstreams
    ]
    if not table.rows:
        table.notes.append(_("Every subarea is served and every work stream serves something."))
    return table


def item_table(t: Traceability, item: Item) -> Table:
    """One item's links; the name column names the other end (who serves it, or what)."""
    served = isinstance(item, Area | Subarea)
    table = Table(
        _("{id} {name}: links").format(id=item.id, name=clip(item_name(item), TITLE_WIDTH)),
        [
            _("From"),
            _("To"),
            _("Work stream / milestone") if served else _("Subarea"),
            _("Reason"),
        ],
    )
    for row in related(t, item):
        other = row.source if served else row.target
        table.rows.append([row.source, row.target, name_of(t, other), row.reason or ""])
    if not table.rows:
        table.notes.append(_("{id} has no links.").format(id=item.id))
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
