"""`omst status` for people: the round overview (who has answered for the tertial), each
förvaltning's lights per area, layer and work stream with the items under them by name, and
the indicators that miss their target; as tables (Markdown), a plain terminal layout, one long
CSV table, and JSON. Every format holds the same data."""

from __future__ import annotations

import shutil
from typing import Any, TextIO

from ..analyses.status import (
    ANSWERED,
    MISSING,
    NOT_REPORTING,
    UNANSWERED,
    Answer,
    Cell,
    Column,
    Item,
    Status,
)
from ..i18n import _, number
from ..model.followup import Forvaltning, Tertial
from .safe import csv_cell, visible
from .tables import Table, TableReport, register
from .words import SWEDISH, Words, cell_label, light_label, light_legend, reader


def label(cell: Cell, words: Words | None = None) -> str:
    w = words or reader()
    if cell.missing:
        # Asked for and not answered: a gap, with the tertial it was asked for.
        return f"{w.gap} ({cell.period})"
    return cell_label(cell.reported, cell.light, cell.period, w)


def item_label(item: Item, words: Words | None = None) -> str:
    w = words or reader()
    if item.missing:
        return f"{w.gap} ({item.period})"
    return f"{light_label(item.light, w)} ({item.period})"


def answer_word(code: str) -> str:
    words = {
        ANSWERED: _("answered"),
        MISSING: _("asked for, not answered (saknas)"),
        UNANSWERED: _("not answered"),
        NOT_REPORTING: _("does not report"),
    }
    return words[code]


def latest_word(answer: Answer, tertial: Tertial) -> str:
    if answer.latest is None:
        return _("none")
    if answer.older:
        return _("{tertial} (older than the round {round})").format(
            tertial=answer.latest, round=tertial
        )
    return str(answer.latest)


def note(cell_period: Tertial | None, missing: bool, tertial: Tertial) -> str:
    """What the detail rows say beside the light: asked and not answered, or older."""
    if missing:
        return _("asked for, not answered")
    if cell_period is not None and cell_period < tertial:
        return _("older than the round")
    return ""


def _gaps(status: Status, forv: Forvaltning) -> list[Column]:
    return [c for c in status.columns if not status.cells[forv.id, c.id].reported]


def round_table(status: Status) -> Table:
    table = Table(
        _("The round {tertial}: who has answered (as of {date})").format(
            tertial=status.tertial, date=status.as_of.isoformat()
        ),
        [
            _("Förvaltning"),
            "ID",
            _("Answer for {tertial}").format(tertial=status.tertial),
            _("Latest status"),
            _("Nothing reported on"),
        ],
    )
    for answer in status.answers:
        forv = answer.forvaltning
        table.rows.append(
            [
                forv.kortnamn,
                forv.id,
                answer_word(answer.answer),
                latest_word(answer, status.tertial),
                ", ".join(c.id for c in _gaps(status, forv)),
            ]
        )
    counts = {
        code: [a.forvaltning.kortnamn for a in status.answers if a.answer == code]
        for code in (ANSWERED, MISSING, UNANSWERED, NOT_REPORTING)
    }
    table.notes.append(
        _("Answered for {tertial}: {answered} of {total}.").format(
            tertial=status.tertial, answered=len(counts[ANSWERED]), total=len(status.answers)
        )
    )
    if not status.forvaltningar:
        table.notes.append(_("No förvaltningar in plan/forvaltningar/."))
    return table


def matrix_table(status: Status) -> Table:
    """Each förvaltning × area, layer and work stream at a glance (wide: for Markdown)."""
    table = Table(
        _("Follow-up per förvaltning, latest tertial up to {tertial} ({date})").format(
            tertial=status.tertial, date=status.as_of.isoformat()
        ),
        [_("Förvaltning"), *(c.id for c in status.columns)],
    )
    for forv in status.forvaltningar:
        table.rows.append(
            [forv.kortnamn, *(label(status.cells[forv.id, c.id]) for c in status.columns)]
        )
    table.notes.append("; ".join(f"{c.id} {c.namn}" for c in status.columns) + ".")
    table.notes.append(light_legend())
    return table


def detail_rows(status: Status) -> list[tuple[Forvaltning, Column, Item | None, Cell]]:
    """(förvaltning, column, item under it or None for the column's own row, cell) for each
    column with something reported or asked, and each item with a status of its own."""
    rows: list[tuple[Forvaltning, Column, Item | None, Cell]] = []
    for forv in status.forvaltningar:
        for col in status.columns:
            cell = status.cells[forv.id, col.id]
            if not (cell.reported or cell.missing):
                continue
            rows.append((forv, col, None, cell))
            rows += [(forv, col, item, cell) for item in cell.items if item.id != col.id]
    return rows


def detail_table(status: Status) -> Table:
    table = Table(
        _(
            "Traffic lights by name under each area, layer and work stream (latest tertial "
            "up to {tertial})"
        ).format(tertial=status.tertial),
        [_("Förvaltning"), _("Assessment"), _("Concerns"), _("Name"), _("Note"), _("Status")],
    )
    for forv, col, item, cell in detail_rows(status):
        if item is None:
            table.rows.append(
                [
                    forv.kortnamn,
                    label(cell),
                    col.id,
                    col.namn,
                    note(cell.period, cell.missing, status.tertial),
                    ", ".join(s.id for s in cell.status),
                ]
            )
        else:
            table.rows.append(
                [
                    forv.kortnamn,
                    item_label(item),
                    f"↳ {item.id}",
                    item.namn,
                    note(item.period, item.missing, status.tertial),
                    ", ".join(s.id for s in item.status),
                ]
            )
    table.notes.append(
        _(
            "A row per area, layer and work stream with a report shows the gravest light "
            "among its latest entries; ↳ rows name the items under it that have a status of "
            "their own."
        )
    )
    return table


def misses_table(status: Status) -> Table:
    table = Table(
        _("Indicators whose latest outcome misses the target"),
        [_("Förvaltning"), "ID", _("Indicator"), _("Period"), _("Outcome"), _("Target"), _("Unit")],
    )
    for miss in status.misses:
        table.rows.append(
            [
                miss.forvaltning.kortnamn,
                miss.series.id,
                miss.series.namn,
                str(miss.reading.period),
                number(miss.reading.outcome),
                number(miss.reading.target),
                miss.series.enhet or "",
            ]
        )
    if not table.rows:
        table.notes.append(_("Every indicator with an outcome and a target reaches it."))
    return table


def as_json(status: Status) -> dict[str, Any]:
    # A label here is a value a script may match: the region's words in every language.
    def item(i: Item) -> dict[str, Any]:
        return {
            "avser": i.id,
            "namn": i.namn,
            "period": str(i.period),
            "light": i.light,
            "missing": i.missing,
            "label": item_label(i, SWEDISH),
            "status": [s.id for s in i.status],
        }

    def cell(c: Cell) -> dict[str, Any]:
        return {
            "reported": c.reported,
            "missing": c.missing,
            "period": str(c.period) if c.period else None,
            "older": c.period is not None and c.period < status.tertial,
            "light": c.light,
            "label": label(c, SWEDISH),
            "status": [s.id for s in c.status],
            "goals": c.goals,
            "indicators": c.indicators,
            "items": [item(i) for i in c.items],
        }

    return {
        "as_of": status.as_of.isoformat(),
        "tertial": str(status.tertial),
        "columns": [{"id": c.id, "namn": c.namn, "kind": c.kind} for c in status.columns],
        "round": [
            {
                "forvaltning": a.forvaltning.id,
                "answer": a.answer,
                "latest": str(a.latest) if a.latest else None,
                "older": a.older,
            }
            for a in status.answers
        ],
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
        lambda: [
            round_table(status),
            matrix_table(status),
            detail_table(status),
            misses_table(status),
        ],
        lambda: as_json(status),
    )


def csv_rows(status: Status, out: TextIO) -> None:
    """One long table a spreadsheet can filter: a row per förvaltning and area, layer or work
    stream (gaps too), and per item under it with a status of its own, each with the
    förvaltning's answer to the round. No text cell is a formula: see safe.csv_cell."""
    import csv

    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(
        [
            _("Förvaltning"),
            _("Assessment"),
            _("Concerns"),
            _("Under"),
            _("Name"),
            _("Period"),
            _("Note"),
            _("Status"),
            _("Answer for {tertial}").format(tertial=status.tertial),
            _("Latest status"),
        ]
    )
    answers = {a.forvaltning.id: a for a in status.answers}
    for forv in status.forvaltningar:
        a = answers[forv.id]
        round_cells = [answer_word(a.answer), latest_word(a, status.tertial)]
        for col in status.columns:
            c = status.cells[forv.id, col.id]
            rows = [
                [
                    forv.kortnamn,
                    label(c),
                    col.id,
                    "",
                    col.namn,
                    str(c.period or ""),
                    note(c.period, c.missing, status.tertial),
                    ", ".join(s.id for s in c.status),
                ]
            ]
            rows += [
                [
                    forv.kortnamn,
                    item_label(i),
                    i.id,
                    col.id,
                    i.namn,
                    str(i.period),
                    note(i.period, i.missing, status.tertial),
                    ", ".join(s.id for s in i.status),
                ]
                for i in c.items
                if i.id != col.id
            ]
            writer.writerows([csv_cell(x) for x in [*row, *round_cells]] for row in rows)


def terminal(status: Status, out: TextIO) -> None:
    """A plain layout that reads at 100 columns: the round, then one block per förvaltning.
    Piped, no line is wrapped or cut (a program reads it whole); in a terminal, a long name
    is cut to the width with "…"."""
    width = shutil.get_terminal_size((100, 24)).columns if out.isatty() else None
    lines: list[str] = []

    def fit(text: str) -> str:
        text = visible(text)
        return text if width is None or len(text) <= width else text[: width - 1] + "…"

    def prose(text: str) -> list[str]:
        """A note or legend: whole when piped, wrapped between words in a terminal."""
        import textwrap

        return [visible(text)] if width is None else textwrap.wrap(visible(text), width)

    table = round_table(status)
    lines += [fit(table.title), ""]
    rows = [[str(x) for x in row[:4]] for row in table.rows]
    lines += _aligned(rows, fit, indent="  ")
    lines += ["", *(x for n in table.notes for x in prose(n)), ""]
    by_forv: dict[str, list[tuple[Column, Item | None, Cell]]] = {}
    for forv, col, item, cell in detail_rows(status):
        by_forv.setdefault(forv.id, []).append((col, item, cell))
    for forv in status.forvaltningar:
        named = forv.namn if forv.namn == forv.kortnamn else f"{forv.kortnamn} – {forv.namn}"
        lines.append(fit(f"{named} ({forv.id})"))
        block = []
        for col, item, cell in by_forv.get(forv.id, []):
            if item is None:
                extra = note(cell.period, cell.missing, status.tertial)
                block.append([col.id, label(cell), f"{col.namn}{f' · {extra}' if extra else ''}"])
            else:
                extra = note(item.period, item.missing, status.tertial)
                block.append(
                    [
                        f"  ↳ {item.id}",
                        item_label(item),
                        f"{item.namn}{f' · {extra}' if extra else ''}",
                    ]
                )
        lines += _aligned(block, fit, indent="  ")
        gaps = _gaps(status, forv)
        if gaps:
            lines.append(
                fit(
                    "  " + _("Nothing reported on: {ids}").format(ids=", ".join(c.id for c in gaps))
                )
            )
        lines.append("")
    misses = misses_table(status)
    lines.append(fit(misses.title))
    lines += _aligned([[str(x) for x in r] for r in misses.rows], fit, indent="  ")
    lines += [*(x for n in misses.notes for x in prose(n)), ""]
    lines += prose("; ".join(f"{c.id} {c.namn}" for c in status.columns) + ".")
    lines += prose(light_legend())
    out.write("\n".join(lines) + "\n")


def _aligned(rows: list[list[str]], fit: Any, indent: str) -> list[str]:
    """Rows as lines, every column but the last padded to its widest cell."""
    if not rows:
        return []
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]) - 1)]
    return [
        fit(
            indent
            + "  ".join([*(c.ljust(w) for c, w in zip(r, widths, strict=False)), r[-1]]).rstrip()
        )
        for r in rows
    ]
