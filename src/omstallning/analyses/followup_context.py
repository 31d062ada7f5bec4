"""The follow-up part of the inriktningsdokument as plain data for its templates: lights
as codes; formats.document adds the words for them."""

from __future__ import annotations

from typing import Any

from ..model.followup import LIGHT_SYMBOLS, LIGHT_WORDS, LIGHTS, Forvaltning, Reading
from .status import Cell, Status


def _reading(r: Reading) -> dict[str, Any]:
    return {
        "period": str(r.period),
        "outcome": r.outcome,
        "target": r.target,
        "light": r.light,
    }


def _entries(forv: Forvaltning, column: str | None, columns: set[str]) -> dict[str, Any]:
    """A förvaltning's status entries and local goals on one column (None: on the plans as a
    whole, i.e. on what no column holds)."""

    def belongs(ref: str) -> bool:
        if column is None:
            return not any(ref == c or ref.startswith(f"{c}.") for c in columns)
        return ref == column or ref.startswith(f"{column}.")

    return {
        "id": forv.id,
        "kortnamn": forv.kortnamn,
        "namn": forv.namn,
        "status": [
            {
                "id": s.id,
                "avser": s.avser,
                "period": str(s.period),
                "light": s.light,
                "punkter": list(s.punkter),
                "missing": s.missing,
            }
            for s in forv.status
            if belongs(s.avser)
        ],
        "goals": [
            {
                "id": g.id,
                "avser": g.avser,
                "typ": g.typ,
                "period": g.period,
                "namn": g.namn,
                "text": g.text,
                "motivering": g.motivering,
            }
            for g in forv.goals
            if belongs(g.avser)
        ],
    }


def _cell(cell: Cell) -> dict[str, Any]:
    return {
        "reported": cell.reported,
        "light": cell.light,
        "period": str(cell.period) if cell.period else None,
    }


def context(status: Status) -> dict[str, Any] | None:
    """None where the plans have no förvaltningar: the document then has no follow-up part."""
    if not status.forvaltningar:
        return None
    ids = {c.id for c in status.columns}
    groups = []
    for col in [*status.columns, None]:
        rows = [_entries(f, col.id if col else None, ids) for f in status.forvaltningar]
        groups.append(
            {
                "id": col.id if col else "planen",
                "namn": col.namn if col else "Planerna som helhet",
                "kind": col.kind if col else "plan",
                "reported": [r for r in rows if r["status"] or r["goals"]],
                "gaps": []
                if col is None
                else [
                    f.kortnamn
                    for f in status.forvaltningar
                    if not status.cells[f.id, col.id].reported
                ],
            }
        )
    return {
        "as_of": status.as_of.isoformat(),
        "tertial": str(status.tertial),
        "scale": [
            {"key": k, "symbol": LIGHT_SYMBOLS[k], "word": LIGHT_WORDS[k], "text": v}
            for k, v in LIGHTS.items()
        ],
        "columns": [{"id": c.id, "namn": c.namn} for c in status.columns],
        "matrix": [
            {
                "id": f.id,
                "kortnamn": f.kortnamn,
                "rapporterat": f.rapporterat,
                "cells": [_cell(status.cells[f.id, c.id]) for c in status.columns],
            }
            for f in status.forvaltningar
        ],
        "groups": groups,
        "indicators": [
            {
                "forvaltning": f.kortnamn,
                "id": i.id,
                "namn": i.namn,
                "avser": i.avser,
                "enhet": i.enhet or "",
                "readings": [_reading(r) for r in i.readings],
            }
            for f in status.forvaltningar
            for i in f.indicators
        ],
        "misses": [
            {
                "forvaltning": m.forvaltning.kortnamn,
                "id": m.series.id,
                "period": str(m.reading.period),
            }
            for m in status.misses
        ],
        "forvaltningar": [
            {
                "id": f.id,
                "namn": f.namn,
                "kortnamn": f.kortnamn,
                "kalla": f.kalla,
                "rapporterat": f.rapporterat,
                "kommentar": f.kommentar,
                "work": [{"id": w.id, "text": w.text, "avser": list(w.avser)} for w in f.work],
                "programmes": [
                    {"id": p.id, "namn": p.namn, "avser": list(p.avser), "punkter": list(p.punkter)}
                    for p in f.programmes
                ],
                "tables": [
                    {
                        "id": t.id,
                        "rubrik": t.rubrik,
                        "kolumner": list(t.kolumner),
                        "rader": [list(r) for r in t.rader],
                        "fotnoter": list(t.fotnoter),
                    }
                    for t in f.tables
                ],
            }
            for f in status.forvaltningar
        ],
    }
