"""`omst stats` for people: counts per area and per work stream as tables with totals."""

from __future__ import annotations

from typing import Any

from ..analyses.stats import AreaCount, Stats
from ..i18n import N_, _
from .tables import Cell, Table, TableReport, register

# Translated where a table is made, so `i18n.use` switches them; "ID" is a code.
AREA_COLUMNS = [
    "ID",
    N_("Area"),
    N_("Subareas"),
    N_("Effect goals"),
    N_("Activities"),
    N_("Indicators"),
    N_("Grand total"),
]
_AREA_KEYS = ["id", "namn", "delomraden", "effektmal", "aktiviteter", "indikatorer", "totalt"]


def _area_row(area: AreaCount) -> list[Cell]:
    return [area.id, area.namn, *area.counts, area.total]


def _totals(areas: tuple[AreaCount, ...]) -> list[int]:
    rows = [[*a.counts, a.total] for a in areas]
    return [sum(row[i] for row in rows) for i in range(len(AREA_COLUMNS) - 2)]


def area_table(areas: tuple[AreaCount, ...]) -> Table:
    table = Table(_("Genomförandeplan: counts per area"), [_(column) for column in AREA_COLUMNS])
    table.rows = [_area_row(area) for area in areas]
    table.footer = ["", _("Grand total"), *_totals(areas)]
    return table


def stream_table(stats: Stats) -> Table:
    columns = ["ID", _("Work stream"), *(p.namn for p in stats.periods), _("Serves subareas")]
    table = Table(_("Verksamhetsplan: milestones per work stream"), columns)
    for stream in stats.streams:
        table.rows.append([stream.id, stream.namn, *stream.milestones, len(stream.serves)])
    table.footer = [
        "",
        _("Grand total"),
        *(sum(s.milestones[i] for s in stats.streams) for i in range(len(stats.periods))),
        "",
    ]
    return table


def as_json(stats: Stats) -> dict[str, Any]:
    return {
        "omraden": [dict(zip(_AREA_KEYS, _area_row(a), strict=True)) for a in stats.areas],
        "totalt": dict(zip(_AREA_KEYS[2:], _totals(stats.areas), strict=True)),
        "arbetsstrommar": [
            {
                "id": s.id,
                "namn": s.namn,
                "milstolpar": {
                    p.id: count for p, count in zip(stats.periods, s.milestones, strict=True)
                },
                "tjanar": list(s.serves),
            }
            for s in stats.streams
        ],
    }


@register
def present(stats: Stats) -> TableReport:
    return TableReport(
        lambda: [area_table(stats.areas), stream_table(stats)], lambda: as_json(stats)
    )
