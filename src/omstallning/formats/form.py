"""The tertial form as an .xlsx workbook (xlsxwriter), as reading/form.py lays it out.

The form goes to a förvaltning's development chief, whatever language omst speaks to the
strategist who makes it: its instructions, like its sheet names, columns and dropdown words,
are Swedish content of the form, not omst's messages. The cells to fill are unlocked and
coloured; everything else is locked by sheet protection without a password, so that nobody is
locked out of their own copy. Utfall and Målvärde are text cells, so that Excel keeps what the
chief types ("47,5 %", "3/4") instead of turning it into a fraction or a date; import reads the
number from the text. The same form gives the same bytes: the document's dates are fixed.
"""

from __future__ import annotations

import json
from typing import Any

from ..core.report import FormFile
from ..reading.form import (
    ASSESSMENTS,
    INDICATOR_COLUMNS,
    INDICATORS,
    INSTRUCTIONS,
    META_COMMIT,
    META_FORVALTNING,
    META_PLANS,
    META_ROWS_INDICATORS,
    META_ROWS_STATUS,
    META_TERTIAL,
    META_VERSION,
    METADATA,
    NOT_ASSESSED,
    STATUS,
    STATUS_COLUMNS,
    chunks,
)
from ..reading.writer import staged_all
from .books import HEADER, xlsx_bytes

_FILL = "#FFF2CC"  # the cells to fill: a pale yellow, as Excel's own input cells
_STATUS_WIDTHS = {"ID": 11, "Avser": 9, "Namn": 34, "Nuläge": 80, "Bedömning": 32}
_INDICATOR_WIDTHS = {"ID": 11, "Namn": 48, "Period": 10, "Utfall": 12, "Målvärde": 12, "Enhet": 8}
# Rows left open below the form: none. A row added outside the form is refused by import,
# so the protection keeps rows from being inserted at all.
_PROTECTION = {
    "format_columns": True,  # widen a column to read a long text
    "format_rows": True,
    "select_locked_cells": True,
    "select_unlocked_cells": True,
}


def xlsx(files: list[FormFile]) -> None:
    """Every form written, all or none (reading/writer.py)."""
    with staged_all([f.path for f in files]) as staged:
        for file, target in zip(files, staged, strict=True):
            target.binary.write(workbook_bytes(file))


def workbook_bytes(file: FormFile) -> bytes:
    form = file.form

    def fill(book: Any) -> None:
        styles = _Styles(book)
        _instructions(book, styles, file)
        _status(book, styles, file)
        _indicators(book, styles, file)
        _metadata(book, file)

    return xlsx_bytes(f"Tertialuppföljning {form.tertial} – {form.forvaltning.namn}", fill)


class _Styles:
    def __init__(self, book: Any) -> None:
        top = {"text_wrap": True, "valign": "top"}
        self.header = book.add_format({**HEADER, "locked": True})
        self.locked = book.add_format({**top, "locked": True})
        self.fill = book.add_format({**top, "bg_color": _FILL, "border": 1, "locked": False})
        self.fill_text = book.add_format(
            {**top, "bg_color": _FILL, "border": 1, "locked": False, "num_format": "@"}
        )
        self.title = book.add_format({"bold": True, "font_size": 14, "locked": True})
        self.heading = book.add_format({"bold": True, "font_size": 12, "locked": True})
        self.marked = book.add_format({**top, "bg_color": _FILL, "border": 1, "locked": True})


def _instructions(book: Any, styles: _Styles, file: FormFile) -> None:
    form = file.form
    forv = form.forvaltning
    ws = book.add_worksheet(INSTRUCTIONS)
    ws.set_column(0, 0, 100)
    words = ", ".join(f"”{w}”" for w in ASSESSMENTS if w != NOT_ASSESSED)
    lines: list[tuple[str, Any]] = [
        (f"Tertialuppföljning {form.tertial} – {forv.namn}", styles.title),
        ("", None),
        ("Fyll i", styles.heading),
        (
            f"Fyll bara i de gula cellerna. På fliken {STATUS} finns en rad per område, "
            "delområde, lager eller arbetsström som förvaltningen rapporterar om.",
            None,
        ),
        (
            "Nuläge: skriv en punkt per rad i cellen (ny rad i cellen: Alt+Enter i Excel, "
            "Ctrl+Enter i LibreOffice). Cellen är ifylld med förra "
            "tertialens punkter: ändra, stryk och lägg till så att den visar läget nu.",
            None,
        ),
        (
            f"Bedömning: välj ur listan i cellen: {words}, eller ”{NOT_ASSESSED}” om ni inte "
            "gör någon bedömning för tertialen.",
            None,
        ),
        (
            f"På fliken {INDICATORS} finns en rad per indikator. Skriv utfallet för "
            f"{form.tertial} som ett tal i kolumnen Utfall (decimalkomma och % går bra, "
            "t.ex. 47,5 %). Målvärdet är ifyllt där planen har ett; fyll i det om det saknas.",
            None,
        ),
        ("", None),
        ("Ändra inte", styles.heading),
        (
            "ID, Avser, Namn och Period är låsta: de talar om vilken post i planerna raden "
            "hör till. Lägg inte till eller ta bort rader, och byt inte namn på flikarna. "
            "Saknas något ni vill rapportera om, skriv det till den som skickade formuläret.",
            None,
        ),
        (
            "Skriv värden, inte formler: en formel läses inte in. Låsningen har inget "
            "lösenord; den är till för att inget ska ändras av misstag.",
            None,
        ),
        (
            f"Det dolda bladet ”{METADATA}” talar om vilket formulär det här är; låt det vara.",
            None,
        ),
        ("", None),
        ("Skicka tillbaka", styles.heading),
        (
            f"Spara filen som Excel-arbetsbok (.xlsx) med samma filnamn, {file.path.name}, "
            "och skicka den till den utvecklingsstrateg som skickade den till er.",
            None,
        ),
    ]
    for row, (text, style) in enumerate(lines):
        if text:
            ws.write_string(row, 0, text, style or styles.locked)
    ws.write_string(len(lines) + 1, 0, "Gula celler som den här fyller ni i.", styles.marked)
    ws.protect("", _PROTECTION)
    ws.activate()


def _status(book: Any, styles: _Styles, file: FormFile) -> None:
    rows = file.form.status
    ws = book.add_worksheet(STATUS)
    ws.write_row(0, 0, STATUS_COLUMNS, styles.header)
    nulage = STATUS_COLUMNS.index("Nuläge")
    bedomning = STATUS_COLUMNS.index("Bedömning")
    for r, row in enumerate(rows, 1):
        _text(ws, r, 0, row.id, styles.locked)
        _text(ws, r, 1, row.avser, styles.locked)
        _text(ws, r, 2, row.namn, styles.locked)
        _text(ws, r, nulage, "\n".join(row.nulage), styles.fill)
        _text(ws, r, bedomning, row.bedomning, styles.fill)
    if rows:
        ws.data_validation(
            1,
            bedomning,
            len(rows),
            bedomning,
            {
                "validate": "list",
                "source": list(ASSESSMENTS),
                "error_type": "stop",
                "error_title": "Välj en bedömning",
                "error_message": "Välj en bedömning ur listan i cellen, eller "
                f"”{NOT_ASSESSED}” om ni inte gör någon bedömning.",
                "input_title": "Bedömning",
                "input_message": "Välj ur listan.",
            },
        )
    _sheet(ws, STATUS_COLUMNS, _STATUS_WIDTHS)


def _indicators(book: Any, styles: _Styles, file: FormFile) -> None:
    rows = file.form.indicators
    ws = book.add_worksheet(INDICATORS)
    ws.write_row(0, 0, INDICATOR_COLUMNS, styles.header)
    for r, row in enumerate(rows, 1):
        _text(ws, r, 0, row.id, styles.locked)
        _text(ws, r, 1, row.namn, styles.locked)
        _text(ws, r, 2, row.period, styles.locked)
        for c, value in ((3, row.utfall), (4, row.malvarde)):
            if value is None:
                ws.write_blank(r, c, None, styles.fill_text)
            else:
                ws.write_number(r, c, value, styles.fill)
        _text(ws, r, 5, row.enhet, styles.locked)
    _sheet(ws, INDICATOR_COLUMNS, _INDICATOR_WIDTHS)


def _text(ws: Any, row: int, column: int, text: str, style: Any) -> None:
    """Text as text (never a number, formula or link); an empty cell where there is none."""
    if text:
        ws.write_string(row, column, text, style)
    else:
        ws.write_blank(row, column, None, style)


def _sheet(ws: Any, columns: tuple[str, ...], widths: dict[str, int]) -> None:
    for c, name in enumerate(columns):
        ws.set_column(c, c, widths[name])
    ws.freeze_panes(1, 0)
    ws.protect("", _PROTECTION)


def _metadata(book: Any, file: FormFile) -> None:
    form = file.form
    ws = book.add_worksheet(METADATA)
    values = {
        META_FORVALTNING: form.forvaltning.id,
        META_TERTIAL: str(form.tertial),
        META_COMMIT: file.commit,
        META_PLANS: file.plans,
        META_VERSION: file.version,
        META_ROWS_STATUS: _json([[row.id, row.avser] for row in form.status]),
        META_ROWS_INDICATORS: _json([[row.id, row.period] for row in form.indicators]),
    }
    for r, (key, value) in enumerate(values.items()):
        ws.write_string(r, 0, key)
        for c, chunk in enumerate(chunks(value), 1):
            ws.write_string(r, c, chunk)
    ws.hide()
    ws.protect("", _PROTECTION)


def _json(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
