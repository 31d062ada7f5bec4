"""The inriktningsdokument's content: the plans as the plain context its templates show.

Python decides what goes in and in which order, with codes where a word is shown (a
period's status, an owner's role); formats.document adds the words and renders templates/,
which decide how it looks.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from ..model.plans import Owners, Period
from ..reading.git import Revision
from ..reading.kinds import GENOMFORANDEPLAN, VERKSAMHETSPLAN
from ..reading.schema import schema
from .links import Traceability


def period_status(period: Period, as_of: date) -> str:
    first, last = period.years
    if last < as_of.year:
        return "past"
    if period.vision:
        return "vision"
    return "ahead" if first > as_of.year else "current"


def _owners(owners: Owners) -> list[dict[str, str]]:
    roles = [
        ("strategisk_agare", owners.strategisk_agare),
        ("uppdragsansvarig", owners.uppdragsansvarig),
        ("ansvariga", owners.ansvariga),
    ]
    return [{"role": role, "name": name} for role, name in roles if name]


def _periods(periods: tuple[Period, ...], as_of: date) -> list[dict[str, Any]]:
    return [
        {
            "id": p.id,
            "namn": p.namn,
            "vision": p.vision,
            "status": period_status(p, as_of),
        }
        for p in periods
    ]


@dataclass(frozen=True)
class Source:
    """Where the plans came from, for the document's colophon."""

    plan_dir: str
    revision: Revision | None


def context(
    t: Traceability,
    as_of: date,
    source: Source,
    followup: dict[str, Any] | None = None,
    revisions: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    gp, vp = t.gp, t.vp
    gp_periods = _periods(gp.periods, as_of)
    period_info = {p["id"]: p for p in gp_periods}
    stream_name = {s.id: s.namn for s in vp.streams}
    milestone_text = {m.id: m.text for s in vp.streams for m in s.milestones}
    subarea_name = {sub.id: sub.namn for _, sub in gp.subareas()}
    subarea_order = {sub_id: i for i, sub_id in enumerate(subarea_name)}

    def served(subarea_id: str) -> list[dict[str, Any]]:
        return [
            {
                "source": row.source,
                "stream": row.stream,
                "stream_namn": stream_name[row.stream],
                "milestone": milestone_text.get(row.source),
                "reason": row.reason,
            }
            for row in t.served_by(subarea_id)
        ]

    # Per area, the streams that serve it and which of its subareas: one pass over the links.
    serving: dict[str, dict[str, set[str]]] = {}
    for row in t.links:
        if row.area:
            serving.setdefault(row.area, {}).setdefault(row.stream, set()).add(row.target)
    stream_order = {s.id: i for i, s in enumerate(vp.streams)}
    areas = []
    for area in gp.areas:
        by_stream = serving.get(area.id, {})
        areas.append(
            {
                "id": area.id,
                "namn": area.namn,
                "beskrivning": area.beskrivning,
                "owners": _owners(area.owners),
                "kommentar": area.kommentar,
                "subareas": [
                    {
                        "id": sub.id,
                        "namn": sub.namn,
                        "beskrivning": sub.beskrivning,
                        "goals": [
                            {
                                "id": goal.id,
                                "cells": [
                                    {**period_info[p["id"]], "text": goal.text(p["id"])}
                                    for p in gp_periods
                                    if goal.text(p["id"]) is not None
                                ],
                            }
                            for goal in sub.goals
                        ],
                        "served_by": served(sub.id),
                    }
                    for sub in area.subareas
                ],
                "streams": [
                    {
                        "id": s,
                        "namn": stream_name[s],
                        "subareas": sorted(by_stream[s], key=subarea_order.__getitem__),
                    }
                    for s in sorted(by_stream, key=stream_order.__getitem__)
                ],
                "activities": [
                    {
                        **p,
                        "items": [
                            {"id": a.id, "text": a.text}
                            for a in area.activities
                            if a.period == p["id"]
                        ],
                    }
                    for p in gp_periods
                    if any(a.period == p["id"] for a in area.activities)
                ],
                "indicators": [{"id": i.id, "text": i.text} for i in area.indicators],
            }
        )
    vp_periods = _periods(vp.periods, as_of)
    streams_ctx = [
        {
            "id": s.id,
            "namn": s.namn,
            "nummer": s.nummer,
            "beskrivning": s.beskrivning,
            "owners": _owners(s.owners),
            "links": [
                {
                    "target": link.target,
                    "target_namn": subarea_name.get(link.target, ""),
                    "reason": link.reason,
                }
                for link in s.links
            ],
            "periods": [
                {
                    **p,
                    "milestones": [
                        {
                            "id": m.id,
                            "text": m.text,
                            "links": [
                                {
                                    "target": link.target,
                                    "target_namn": subarea_name.get(link.target, ""),
                                    "reason": link.reason,
                                }
                                for link in m.links
                            ],
                        }
                        for m in s.milestones
                        if m.period == p["id"]
                    ],
                }
                for p in vp_periods
                if any(m.period == p["id"] for m in s.milestones)
            ],
        }
        for s in vp.streams
    ]
    current = [p for p in gp_periods if p["status"] == "current"]
    # Every metadata key the schema knows, None where the plan leaves it out: templates can
    # ask for any of them.
    gp_meta = {
        k: gp.metadata.get(k) for k in schema(GENOMFORANDEPLAN)["$defs"]["metadata"]["properties"]
    }
    vp_meta = {
        k: vp.metadata.get(k)
        for k in schema(VERKSAMHETSPLAN)["properties"]["metadata"]["properties"]
    }
    return {
        "as_of": as_of.isoformat(),
        "current_period": current[0] if current else None,
        "gp": {
            "id": gp.id,
            "namn": gp.namn,
            "bilaga": gp.bilaga,
            "metadata": gp_meta,
            "periods": gp_periods,
            "notes": [{"id": n.id, "text": n.text} for n in gp.notes],
        },
        "vp": {
            "id": vp.id,
            "namn": vp.namn,
            "rubrik": vp.rubrik,
            "metadata": vp_meta,
            "periods": vp_periods,
            "vision_namn": vp.vision_namn,
            "themes": [{"id": th.id, "text": th.text} for th in vp.themes],
        },
        "layers": [
            {"id": x.id, "namn": x.namn, "beskrivning": x.beskrivning, "owners": _owners(x.owners)}
            for x in gp.layers
        ],
        "areas": areas,
        "streams": streams_ctx,
        "matrix": _matrix(t),
        "coverage": t.coverage(),
        "followup": followup,
        "revisions": revisions or [],
        "uncovered": [{"id": sub.id, "namn": sub.namn} for sub in t.uncovered_subareas],
        "unlinked": [{"id": s.id, "namn": s.namn} for s in t.unlinked_workstreams],
        "source": {
            "plan_dir": source.plan_dir,
            "commit": source.revision.commit if source.revision else None,
            "commit_date": source.revision.date if source.revision else None,
            "dirty": source.revision.dirty if source.revision else False,
        },
    }


# A grid has a column per work stream: past this many, the document lists who serves each
# subarea instead (the grid would be streams × subareas cells, nearly all empty).
MAX_MATRIX_COLUMNS = 12


def _matrix(t: Traceability) -> dict[str, Any]:
    streams = t.vp.streams
    wide = len(streams) <= MAX_MATRIX_COLUMNS
    rows = []
    for area, sub in t.gp.subareas():
        cells = t.cells(sub.id)
        rows.append(
            {
                "area": area.id,
                "id": sub.id,
                "namn": sub.namn,
                "cells": [cells.get(s.id, "") for s in streams] if wide else [],
                "serving": [{"stream": s, "mark": m} for s, m in cells.items()],
            }
        )
    return {
        "wide": wide,
        "streams": [{"id": s.id, "namn": s.namn} for s in streams] if wide else [],
        "rows": rows,
    }
