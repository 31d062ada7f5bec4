"""A workbook from outside, read safely: the filled tertial form coming back (.xlsx, also as
Excel or LibreOffice re-saved it, and .ods).

A workbook is a zip of XML parts, and it comes from a mailbox: it may be a macro workbook
renamed, something else under a workbook's name, a zip bomb, or a sheet with a million rows.
So, before any value is read:

- the file is sniffed (a zip with the parts of its kind; an .xlsm, or an .xlsx holding
  macros, is refused), its size and its parts' sizes are capped;
- only the parts the form needs are decompressed, by zipfile, which never inflates more than
  a part declares and checks each part's CRC; a DTD (entity expansion) is refused;
- every cell with content is counted, repeats of .ods included, and the sheets' extent
  capped, so that no reader is asked to lay out a million rows;
- the values are read by python-calamine from a new zip holding only those parts: no other
  sheet, no external link, no macro reaches it. Calamine never evaluates a formula; the
  formulas themselves are read from the XML here (calamine gives values only).

Chosen by measurement (bench/README.md, import): on a form with 5 000 status rows
(1.6 MB of XML), calamine read the two sheets in 0.03 s and 8 MB over the interpreter,
openpyxl (read-only) in 0.34–0.48 s and 18 MB; and openpyxl cannot read .ods at all.
"""

from __future__ import annotations

import io
import re
import stat
import zipfile
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import NamedTuple
from xml.etree.ElementTree import Element, ParseError, XMLPullParser

from ..i18n import _
from .findings import Finding, Severity

Value = str | float | bool | None

# Defaults; bench/ and the tests show where they stand against a real form (tens of kB).
MAX_FILE = 32 * 1024 * 1024  # bytes of the workbook file itself
MAX_UNPACKED = 64 * 1024 * 1024  # bytes of the parts read, decompressed
MAX_CELLS = 300_000  # cells with content, summed over the sheets read
MAX_ROWS = 100_000  # the last row with content, per sheet
MAX_COLUMNS = 100  # the last column with content, per sheet

# The codes of what can be wrong with a workbook, listed with validate's codes.
WORKBOOK_CODES: dict[str, tuple[Severity, str]] = {
    "OMST401": (
        "error",
        "Workbook not read: not a workbook omst reads (.xlsx or .ods), a workbook with macros "
        "(.xlsm), a file that is not what its name says, or a broken or encrypted file.",
    ),
    "OMST402": (
        "error",
        "Workbook not read: larger than the limits (file size, unpacked size, cells, rows or "
        "columns), as a zip bomb or a sheet of a million rows would be.",
    ),
    "OMST403": (
        "error",
        "Not a form omst made: a sheet, its header row or the form's hidden metadata is missing "
        "or changed.",
    ),
    "OMST404": (
        "error",
        "The form is for another förvaltning or another tertial than the import, or the plans "
        "changed since the form was made so that a row no longer fits them.",
    ),
    "OMST405": (
        "error",
        "A Bedömning that is not one of the dropdown's words.",
    ),
    "OMST406": (
        "error",
        "An Utfall or Målvärde that is not a number (a decimal comma, a trailing % and spaces "
        "are accepted).",
    ),
    "OMST407": (
        "error",
        "A row of the form changed or deleted (its ID or what it is about), or a row added "
        "outside the form.",
    ),
    "OMST408": (
        "error",
        "A cell holding a formula that is not a constant: omst does not compute formulas.",
    ),
    "OMST409": (
        "warning",
        "A cell holding a constant formula (its value was taken), or content outside the "
        "form's columns (not imported).",
    ),
    "OMST410": (
        "error",
        "An answer the plan file cannot hold: a Bedömning without a Nuläge.",
    ),
}


def cell_name(row: int, column: int) -> str:
    """0-based (row, column) → "E7"."""
    letters = ""
    column += 1
    while column:
        column, rest = divmod(column - 1, 26)
        letters = chr(65 + rest) + letters
    return f"{letters}{row + 1}"


_CELL = re.compile(r"^([A-Z]{1,3})([0-9]{1,7})$")


def cell_position(name: str) -> tuple[int, int] | None:
    match = _CELL.match(name)
    if not match:
        return None
    column = 0
    for letter in match.group(1):
        column = column * 26 + ord(letter) - 64
    return int(match.group(2)) - 1, column - 1


class CellFinding(Finding):
    """A finding at a workbook's cell, or at the workbook itself: `file` is where it is as a
    person names it, `skas-T3-2024.xlsx:Status!E7` (line and column are the cell's row and
    column, 1-based; 1, 1 for the workbook as a whole)."""

    __slots__ = ()

    @property
    def where(self) -> str:
        return self.file

    @property
    def workbook(self) -> str:
        return self.file.split(":", 1)[0] if "!" in self.file else self.file

    def as_error(self) -> Finding:
        return CellFinding(*self[:3], "error", *self[4:])


def at_cell(
    shown: str, sheet: str | None, row: int, column: int, code: str, message: str
) -> CellFinding:
    """A finding at (0-based) `row`, `column` of `sheet`, or at the workbook (sheet None)."""
    severity = WORKBOOK_CODES[code][0]
    if sheet is None:
        return CellFinding(shown, 1, 1, severity, code, message)
    return CellFinding(
        f"{shown}:{sheet}!{cell_name(row, column)}", row + 1, column + 1, severity, code, message
    )


class Sheet(NamedTuple):
    name: str
    rows: list[list[Value]]  # from A1; "" and None are empty
    formulas: dict[tuple[int, int], str]  # (row, column) → the formula as written, "=…"
    # Numbers shown as a percentage: Excel keeps "47,5 %" typed in a cell as 0.475, shown
    # as 47,5 % to the chief, who means 47.5.
    percent: frozenset[tuple[int, int]] = frozenset()


class Book(NamedTuple):
    shown: str
    sheets: dict[str, Sheet]  # the wanted sheets the workbook has


class Limits(NamedTuple):
    file: int = MAX_FILE
    unpacked: int = MAX_UNPACKED
    cells: int = MAX_CELLS
    rows: int = MAX_ROWS
    columns: int = MAX_COLUMNS


class _Refused(Exception):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


_XLSX_MACROS = ("macroEnabled", "vbaProject")
_ODS_MIMETYPE = b"application/vnd.oasis.opendocument.spreadsheet"
_S = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PR = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_T = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_O = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
_TX = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"


def read_workbook(
    path: Path, shown: str, wanted: tuple[str, ...], limits: Limits | None = None
) -> Book | CellFinding:
    """The wanted sheets' values and formulas, or the finding that says why the workbook is
    not read (at the workbook, code OMST401 or OMST402)."""
    limits = limits or Limits()
    try:
        return _read(path, shown, wanted, limits)
    except _Refused as refused:
        return at_cell(shown, None, 0, 0, refused.code, refused.message)


def _read(path: Path, shown: str, wanted: tuple[str, ...], limits: Limits) -> Book:
    suffix = path.suffix.lower()
    if suffix == ".xlsm":
        raise _Refused(
            "OMST401",
            _("a workbook with macros (.xlsm) is not read; save it as an Excel workbook (.xlsx)"),
        )
    if suffix not in (".xlsx", ".ods"):
        raise _Refused(
            "OMST401",
            _(
                "not a workbook omst reads: give the form as .xlsx (Excel) or .ods "
                "(LibreOffice), as it was sent"
            ),
        )
    raw = _file_bytes(path, limits)
    if raw.startswith(b"\xd0\xcf\x11\xe0"):
        raise _Refused(
            "OMST401",
            _(
                "the file is password-protected or an old .xls workbook, not {suffix}; save it "
                "without a password as .xlsx"
            ).format(suffix=suffix),
        )
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
    except (zipfile.BadZipFile, ValueError, OSError):
        raise _Refused(
            "OMST401",
            _("the file is not what its name says: not a {suffix} workbook (not a zip)").format(
                suffix=suffix
            ),
        ) from None
    with archive:
        names = set(archive.namelist())
        is_ods = "mimetype" in names and "content.xml" in names
        is_xlsx = "[Content_Types].xml" in names and "xl/workbook.xml" in names
        if (suffix == ".xlsx" and not is_xlsx) or (suffix == ".ods" and not is_ods):
            what = _("an .ods workbook") if is_ods else _("an .xlsx workbook")
            raise _Refused(
                "OMST401",
                _("the file is not what its name says: it is not {wanted}").format(
                    wanted=_("an .xlsx workbook") if suffix == ".xlsx" else _("an .ods workbook")
                )
                + (_(" (it is {what})").format(what=what) if is_ods or is_xlsx else ""),
            )
        reader = _Unpacker(archive, limits)
        if suffix == ".ods":
            return _read_ods(reader, shown, wanted, limits)
        return _read_xlsx(reader, shown, wanted, limits)


def _file_bytes(path: Path, limits: Limits) -> bytes:
    """The file's bytes: a regular file, no more than the limit, counted on what is read."""
    from .limits import format_size

    try:
        with open(path, "rb", opener=_nonblocking) as handle:
            mode = __import__("os").fstat(handle.fileno()).st_mode
            if not stat.S_ISREG(mode):
                raise _Refused("OMST401", _("not a regular file; not read"))
            raw = handle.read(limits.file + 1)
    except OSError as exc:
        raise _Refused(
            "OMST401", _("cannot read the file: {reason}").format(reason=exc.strerror or exc)
        ) from None
    if len(raw) > limits.file:
        raise _Refused(
            "OMST402",
            _("the file is larger than {limit}; a filled form is far smaller").format(
                limit=format_size(limits.file)
            ),
        )
    return raw


def _nonblocking(name: str, flags: int) -> int:
    import os

    return os.open(name, flags | getattr(os, "O_NONBLOCK", 0))


class _Unpacker:
    """Parts decompressed under one budget: zipfile never inflates more than a part declares
    and checks its CRC, so a part cannot unpack to more than was counted."""

    def __init__(self, archive: zipfile.ZipFile, limits: Limits) -> None:
        self.archive = archive
        self.left = limits.unpacked
        self.limit = limits.unpacked
        self.parts: dict[str, bytes] = {}

    def has(self, name: str) -> bool:
        return name in self.archive.NameToInfo

    def get(self, name: str) -> bytes:
        from .limits import format_size

        info = self.archive.getinfo(name)
        if info.flag_bits & 0x1:
            raise _Refused(
                "OMST401", _("the file is encrypted; save it without a password as .xlsx")
            )
        if info.file_size > self.left:
            raise _Refused(
                "OMST402",
                _(
                    "the workbook unpacks to more than {limit}; a filled form is far smaller "
                    "(a zip bomb?)"
                ).format(limit=format_size(self.limit)),
            )
        try:
            data = self.archive.read(info)
        except (zipfile.BadZipFile, NotImplementedError, OSError, EOFError, ValueError) as exc:
            raise _Refused(
                "OMST401", _("the file is broken ({reason}); save it again").format(reason=exc)
            ) from None
        if len(data) != info.file_size:
            raise _Refused("OMST401", _("the file is broken; save it again"))
        self.left -= len(data)
        head = data[:4096]
        if b"<!DOCTYPE" in head or b"<!ENTITY" in data:
            raise _Refused("OMST401", _("the workbook's XML declares entities; it is not read"))
        self.parts[name] = data
        return data


def _xml(data: bytes) -> Iterator[tuple[str, Element]]:
    parser: XMLPullParser[Element] = XMLPullParser(("start", "end"))
    view = memoryview(data)
    try:
        for at in range(0, len(view), 1 << 16):
            parser.feed(bytes(view[at : at + (1 << 16)]))
            yield from _events(parser)
        parser.close()
        yield from _events(parser)
    except ParseError as exc:
        raise _Refused(
            "OMST401", _("the file is broken ({reason}); save it again").format(reason=exc)
        ) from None


def _events(parser: XMLPullParser[Element]) -> Iterator[tuple[str, Element]]:
    for pair in parser.read_events():
        event, element = pair[0], pair[-1]
        if isinstance(element, Element):
            yield str(event), element


class _Counter:
    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.cells = 0

    def content(self, sheet: str, row: int, column: int, repeat: int = 1) -> None:
        self.cells += repeat
        limits = self.limits
        if self.cells > limits.cells:
            raise _Refused(
                "OMST402",
                _(
                    "the workbook has more than {count} cells with content; a filled form "
                    "has far fewer"
                ).format(count=limits.cells),
            )
        if row >= limits.rows or column >= limits.columns:
            raise _Refused(
                "OMST402",
                _(
                    "sheet {sheet} has content at {cell}, beyond the form's size (at most "
                    "{rows} rows and {columns} columns are read)"
                ).format(
                    sheet=sheet,
                    cell=cell_name(min(row, 10**7 - 1), min(column, 16383)),
                    rows=limits.rows,
                    columns=limits.columns,
                ),
            )


# --- xlsx --------------------------------------------------------------------------------


def _read_xlsx(reader: _Unpacker, shown: str, wanted: tuple[str, ...], limits: Limits) -> Book:
    types = reader.get("[Content_Types].xml")
    if any(word.encode() in types for word in _XLSX_MACROS) or any(
        name.lower().endswith("vbaproject.bin") for name in reader.archive.namelist()
    ):
        raise _Refused(
            "OMST401",
            _(
                "the file is not what its name says: it is a workbook with macros (.xlsm); "
                "save it as an Excel workbook (.xlsx)"
            ),
        )
    sheets = _xlsx_sheets(reader)
    counter = _Counter(limits)
    keep = ["[Content_Types].xml", "xl/workbook.xml"]
    for name in (
        "_rels/.rels",
        "xl/_rels/workbook.xml.rels",
        "xl/sharedStrings.xml",
        "xl/styles.xml",
    ):
        if reader.has(name):
            reader.get(name)
            keep.append(name)
    styles = _percent_styles(reader.parts.get("xl/styles.xml", b""))
    formulas: dict[str, dict[tuple[int, int], str]] = {}
    percent: dict[str, set[tuple[int, int]]] = {}
    for sheet in wanted:
        part = sheets.get(sheet)
        if part is None or not reader.has(part):
            continue
        percent[sheet] = set()
        formulas[sheet] = _xlsx_scan(sheet, reader.get(part), counter, styles, percent[sheet])
        keep.append(part)
    return _values(reader, keep, shown, formulas, percent)


_QUOTED = re.compile(r'"[^"]*"|\\.')


def _percent_styles(data: bytes) -> set[str]:
    """The cell styles (indexes into cellXfs) whose number format shows a percentage."""
    if not data:
        return set()
    custom: dict[str, str] = {}
    found: set[str] = set()
    index = 0
    in_xfs = False
    for event, element in _xml(data):
        tag = element.tag
        if event == "start":
            in_xfs = in_xfs or tag == f"{_S}cellXfs"
            continue
        if tag == f"{_S}numFmt":
            custom[element.get("numFmtId", "")] = element.get("formatCode", "")
        elif tag == f"{_S}cellXfs":
            in_xfs = False
        elif tag == f"{_S}xf" and in_xfs:
            number = element.get("numFmtId", "0")
            code = _QUOTED.sub("", custom.get(number, ""))
            if number in ("9", "10") or "%" in code:
                found.add(str(index))
            index += 1
    return found


def _xlsx_sheets(reader: _Unpacker) -> dict[str, str]:
    """Sheet name → its part, from the workbook and its relationships."""
    ids: dict[str, str] = {}
    for event, element in _xml(reader.get("xl/workbook.xml")):
        if event == "end" and element.tag == f"{_S}sheet":
            ids[element.get("name", "")] = element.get(f"{_R}id", "")
    targets: dict[str, str] = {}
    rels = "xl/_rels/workbook.xml.rels"
    if reader.has(rels):
        for event, element in _xml(reader.get(rels)):
            if event == "end" and element.tag == f"{_PR}Relationship":
                target = element.get("Target", "")
                target = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
                targets[element.get("Id", "")] = target
    return {name: targets.get(rid, "") for name, rid in ids.items()}


def _xlsx_scan(
    sheet: str, data: bytes, counter: _Counter, styles: set[str], percent: set[tuple[int, int]]
) -> dict[tuple[int, int], str]:
    """Count the cells with content and find the formulas (calamine gives values only)."""
    formulas: dict[tuple[int, int], str] = {}
    row = -1
    column = -1
    for event, element in _xml(data):
        tag = element.tag
        if event == "start":
            if tag == f"{_S}row":
                given = element.get("r")
                row = int(given) - 1 if given and given.isdigit() else row + 1
                column = -1
            elif tag == f"{_S}c":
                where = cell_position(element.get("r") or "")
                if where is not None:
                    row, column = where
                else:
                    column += 1
                if element.get("s") in styles:
                    percent.add((row, column))
            continue
        if tag == f"{_S}c":
            children = list(element)
            if children:
                counter.content(sheet, row, column)
            for child in children:
                if child.tag == f"{_S}f":
                    formulas[row, column] = "=" + (child.text or "")
            element.clear()
        elif tag == f"{_S}row":
            element.clear()
    return formulas


# --- ods ---------------------------------------------------------------------------------


def _read_ods(reader: _Unpacker, shown: str, wanted: tuple[str, ...], limits: Limits) -> Book:
    if reader.get("mimetype").strip() != _ODS_MIMETYPE:
        raise _Refused(
            "OMST401", _("the file is not what its name says: it is not an .ods spreadsheet")
        )
    counter = _Counter(limits)
    percent: dict[str, set[tuple[int, int]]] = {}
    formulas = _ods_scan(reader.get("content.xml"), wanted, counter, percent)
    keep = ["mimetype", "content.xml"]
    if reader.has("META-INF/manifest.xml"):
        reader.get("META-INF/manifest.xml")
        keep.append("META-INF/manifest.xml")
    return _values(reader, keep, shown, formulas, percent)


def _ods_scan(
    data: bytes,
    wanted: tuple[str, ...],
    counter: _Counter,
    percent: dict[str, set[tuple[int, int]]],
) -> dict[str, dict[tuple[int, int], str]]:
    """Count every sheet's cells with content, repeats included (a row repeated a million
    times is a million rows to a reader), and find the wanted sheets' formulas."""
    found: dict[str, dict[tuple[int, int], str]] = {}
    sheet = ""
    row = column = 0
    rows_repeated = 1
    row_content = 0
    for event, element in _xml(data):
        tag = element.tag
        get = element.get
        if event == "start":
            if tag == f"{_T}table":
                sheet = get(f"{_T}name", "")
                row = 0
                if sheet in wanted:
                    found[sheet] = {}
                    percent[sheet] = set()
            elif tag == f"{_T}table-row":
                column = 0
                row_content = 0
                rows_repeated = _repeat(get(f"{_T}number-rows-repeated"))
            continue
        if tag in (f"{_T}table-cell", f"{_T}covered-table-cell"):
            repeat = _repeat(get(f"{_T}number-columns-repeated"))
            formula = get(f"{_T}formula")
            if formula is not None or get(f"{_O}value-type") is not None or len(element):
                counter.content(sheet, row + rows_repeated - 1, column + repeat - 1, repeat)
                row_content += repeat
                if get(f"{_O}value-type") == "percentage" and sheet in found:
                    percent[sheet].add((row, column))
                if formula is not None and sheet in found:
                    text = formula.split(":", 1)[1] if formula[:3] in ("of:", "oooc") else formula
                    found[sheet][row, column] = text if text.startswith("=") else "=" + text
            column += repeat
            element.clear()
        elif tag == f"{_T}table-row":
            if row_content and rows_repeated > 1:
                counter.content(
                    sheet, row + rows_repeated - 1, 0, row_content * (rows_repeated - 1)
                )
            row += rows_repeated
            element.clear()
    return found


def _repeat(value: str | None) -> int:
    return int(value) if value and value.isdigit() else 1


# --- values ------------------------------------------------------------------------------


def _values(
    reader: _Unpacker,
    keep: list[str],
    shown: str,
    formulas: dict[str, dict[tuple[int, int], str]],
    percent: dict[str, set[tuple[int, int]]],
) -> Book:
    import python_calamine

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as clean:
        for name in keep:
            clean.writestr(name, reader.parts[name])
    reader.parts.clear()
    buffer.seek(0)
    sheets: dict[str, Sheet] = {}
    try:
        book = python_calamine.CalamineWorkbook.from_filelike(buffer)
        for name in formulas:
            rows = book.get_sheet_by_name(name).to_python(skip_empty_area=False)
            sheets[name] = Sheet(
                name,
                [[_value(v) for v in row] for row in rows],
                formulas[name],
                frozenset(percent.get(name, ())),
            )
    except python_calamine.CalamineError as exc:
        raise _Refused(
            "OMST401", _("the file is broken ({reason}); save it again").format(reason=exc)
        ) from None
    return Book(shown, sheets)


def _value(value: object) -> Value:
    if value is None or isinstance(value, str | bool | float):
        return value
    if isinstance(value, int):
        return float(value)
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, timedelta):
        return str(value)
    return str(value)
