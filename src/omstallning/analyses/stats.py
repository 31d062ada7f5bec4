"""Counts per area: the table förvaltningar build by hand ("Radetiketter")."""

from __future__ import annotations

from ..model.plans import Genomforandeplan, Verksamhetsplan
from .tables import Table, TableReport

AREA_COLUMNS = [
    "ID",
    "Område",
    "Delområden",
    "Effektmål",
    "Aktiviteter",
    "Indikatorer",
    "Totalsumma",
]


def area_table(gp: Genomforandeplan) -> Table:
    """Per area: subareas, effect goals (one per goal row and period), activities, indicators."""
    table = Table("Genomförandeplan: antal per område", AREA_COLUMNS)
    for area in gp.areas:
        counts = [
            len(area.subareas),
            sum(len(goal.texts) for sub in area.subareas for goal in sub.goals),
            len(area.activities),
            len(area.indicators),
        ]
        table.rows.append([area.id, area.namn, *counts, sum(counts)])
    table.footer = [
        "",
        "Totalsumma",
        *(sum(int(row[i]) for row in table.rows) for i in range(2, len(AREA_COLUMNS))),
    ]
    return table


def stream_table(vp: Verksamhetsplan) -> Table:
    """Per work stream: milestones per period, and the subareas it serves."""
    periods = [p.id for p in vp.periods]
    columns = ["ID", "Arbetsström", *(p.namn for p in vp.periods), "Tjänar delområden"]
    table = Table("Verksamhetsplan: milstolpar per arbetsström", columns)
    for stream in vp.streams:
        per_period = [sum(m.period == p for m in stream.milestones) for p in periods]
        served = len({link.target for _, link in stream.all_links()})
        table.rows.append([stream.id, stream.namn, *per_period, served])
    table.footer = [
        "",
        "Totalsumma",
        *(sum(int(row[i]) for row in table.rows) for i in range(2, 2 + len(periods))),
        "",
    ]
    return table


def as_json(gp: Genomforandeplan, vp: Verksamhetsplan) -> dict[str, object]:
    areas = area_table(gp)
    keys = ["id", "namn", "delomraden", "effektmal", "aktiviteter", "indikatorer", "totalt"]
    return {
        "omraden": [dict(zip(keys, row, strict=True)) for row in areas.rows],
        "totalt": dict(zip(keys[2:], areas.footer[2:] if areas.footer else [], strict=True)),
        "arbetsstrommar": [
            {
                "id": s.id,
                "namn": s.namn,
                "milstolpar": {
                    p.id: sum(m.period == p.id for m in s.milestones) for p in vp.periods
                },
                "tjanar": sorted({link.target for _, link in s.all_links()}),
            }
            for s in vp.streams
        ],
    }


def report(gp: Genomforandeplan, vp: Verksamhetsplan) -> TableReport:
    return TableReport(lambda: [area_table(gp), stream_table(vp)], lambda: as_json(gp, vp))
