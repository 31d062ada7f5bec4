"""The workbook as an .xlsx file (xlsxwriter, imported only by `omst export`).

Header rows frozen, filters on, widths from the content, IDs as text, and the same plans
give the same bytes: the document properties carry a fixed date, not the time of writing.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from ..analyses.workbook import Sheet
from .output import staged_all

_EPOCH = datetime(2000, 1, 1)  # the workbook's "created": fixed, so output is reproducible
_MAX_WIDTH = 80


def xlsx(book: list[Sheet], path: Path) -> None:
    import xlsxwriter  # type: ignore[import-untyped]

    with staged_all([path]) as (file,):
        file.handle.close()  # xlsxwriter writes the staged file by its name
        workbook = xlsxwriter.Workbook(
            str(file.tmp),
            {"strings_to_numbers": False, "strings_to_formulas": False, "strings_to_urls": False},
        )
        workbook.set_properties(
            {"title": "omst: planer och uppföljning", "author": "omst", "created": _EPOCH}
        )
        header = workbook.add_format(
            {"bold": True, "bg_color": "#E5F0F7", "border": 1, "text_wrap": True, "valign": "top"}
        )
        wrap = workbook.add_format({"text_wrap": True, "valign": "top"})
        for sheet in book:
            _write_sheet(workbook, sheet, header, wrap)
        workbook.close()


def _write_sheet(workbook: object, sheet: Sheet, header: object, wrap: object) -> None:
    ws = workbook.add_worksheet(sheet.name[:31])  # type: ignore[attr-defined]
    ws.write_row(0, 0, sheet.columns, header)
    for r, row in enumerate(sheet.rows, 1):
        for c, value in enumerate(row):
            if value is None:
                continue
            if isinstance(value, bool) or not isinstance(value, int | float):
                ws.write_string(r, c, str(value), wrap)  # IDs and periods stay text
            else:
                ws.write_number(r, c, value)
    ws.freeze_panes(1, 0)
    ws.autofilter(0, 0, max(len(sheet.rows), 1), len(sheet.columns) - 1)
    for c, name in enumerate(sheet.columns):
        longest = max([len(name), *(len(str(row[c])) for row in sheet.rows if row[c] is not None)])
        ws.set_column(c, c, min(max(longest, 6) + 2, _MAX_WIDTH))
