"""What the two .xlsx workbooks omst writes, the export and the tertial form, share: how a
workbook is built (xlsxwriter, imported only here and only when one is written) and how its
header cells look.

A workbook is built in memory: xlsxwriter's own temporary files would be left in the system's
temp folder by a signal, and its zip file, left open by an error, would complain about a closed
file when collected. No cell's text is read as a number, a formula or a link, and the document
properties carry a fixed date, not the time of writing, so the same content gives the same
bytes.
"""

from __future__ import annotations

import io
import traceback
from collections.abc import Callable
from datetime import datetime
from typing import Any

EPOCH = datetime(2000, 1, 1)  # the workbook's "created": fixed, so output is reproducible
HEADER_COLOUR = "#E5F0F7"
# A header row's cells: bold on pale blue, bordered, wrapped, at the top.
HEADER = {"bold": True, "bg_color": HEADER_COLOUR, "border": 1, "text_wrap": True, "valign": "top"}


def xlsx_bytes(title: str, fill: Callable[[Any], None]) -> bytes:
    """The .xlsx file of a workbook titled `title` that `fill` adds its sheets to. A workbook
    that cannot be finished raises the system's reason (a full disk …) as an OSError, for the
    writer to report with the file."""
    import xlsxwriter  # type: ignore[import-untyped]

    zipped = io.BytesIO()
    book = xlsxwriter.Workbook(
        zipped,
        {
            "strings_to_numbers": False,
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "in_memory": True,
        },
    )
    book.set_properties({"title": title, "author": "omst", "created": EPOCH})
    fill(book)
    try:
        book.close()
    except xlsxwriter.exceptions.FileCreateError as exc:
        reason = exc.args[0] if exc.args else None
        cause = reason if isinstance(reason, OSError) else OSError(str(exc))
        # The traceback's frames hold xlsxwriter's open zip file: let it go now, while the
        # buffer it writes to is still open (collected later, it complains).
        traceback.clear_frames(cause.__traceback__)
        raise cause from None
    return zipped.getvalue()
