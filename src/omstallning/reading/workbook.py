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
- the values are read here, in the same pass over the sheet's XML that counts the cells and
  finds the formulas, as a stream: each cell's element is let go once its value is kept, and
  no other sheet, external link or macro is ever parsed. No formula is evaluated: a formula
  cell gives the value Excel or LibreOffice last showed, and the formula itself beside it.

Chosen by measurement (bench/README.md, import). python-calamine read the two sheets of a
form with 5 000 status rows (1.6 MB of XML) in 0.03 s where openpyxl (read-only) took
0.34–0.48 s and 18 MB and reads no .ods; but the XML had to be parsed here anyway, for the
counts and the formulas, and calamine's library alone took 1.4 MB of the import's memory,
more than a filled form is. Read in that one pass, the values cost 0.06 s more on the
5 000-row form, and no library of 1.4 MB is loaded to read a form of 16 kB. Values are
as calamine gave them: shared, rich and inline strings with Excel's _x000D_ escapes undone,
numbers as floats, a date or a time (by its cell's number format) as ISO 8601 text so that
it is never taken for a number, an error (#DIV/0!) as no value; but a line break inside an
.ods paragraph, which calamine dropped (joining the words on either side), is a line break
(tests/test_import_reader.py).
"""

from __future__ import annotations

import io
import re
import stat
import zipfile
from collections.abc import Iterator
from datetime import datetime, time, timedelta
from pathlib import Path
from typing import NamedTuple
from xml.etree.ElementTree import Element, ParseError, XMLPullParser

from ..i18n import _
from .findings import Finding
from .workbook_codes import WORKBOOK_CODES

Value = str | float | bool | None

# Defaults; bench/ and the tests show where they stand against a real form (tens of kB).
MAX_FILE = 32 * 1024 * 1024  # bytes of the workbook file itself
MAX_UNPACKED = 64 * 1024 * 1024  # bytes of the parts read, decompressed
MAX_CELLS = 300_000  # cells with content, summed over the sheets read
MAX_ROWS = 100_000  # the last row with content, per sheet
MAX_COLUMNS = 100  # the last column with content, per sheet


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
        # A workbook's part names are ASCII: read as UTF-8, zipfile loads no cp437 codec for
        # them, and the import of the region's form peaked 0.3 MB lower (bench/, import).
        archive = zipfile.ZipFile(io.BytesIO(raw), metadata_encoding="utf-8")
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
    sheets, epoch = _xlsx_sheets(reader)
    counter = _Counter(limits)
    strings: list[str] = []
    if reader.has("xl/sharedStrings.xml"):
        strings = _shared_strings(reader.get("xl/sharedStrings.xml"))
    styles = _Styles()
    if reader.has("xl/styles.xml"):
        styles = _styles(reader.get("xl/styles.xml"))
    found: dict[str, Sheet] = {}
    for sheet in wanted:
        part = sheets.get(sheet)
        if part is None or not reader.has(part):
            continue
        found[sheet] = _xlsx_sheet(sheet, reader.get(part), counter, styles, strings, epoch)
    return Book(shown, found)


_QUOTED = re.compile(r'"[^"]*"|\\.')
_ESCAPED = re.compile(r"_x([0-9A-Fa-f]{4})_")
_BRACKETED = re.compile(r"\[[^\]]*\]")
# Excel's built-in number formats that show a date or a time (ECMA-376, 18.8.30).
_DATE_FORMATS = {*range(14, 23), *range(27, 37), *range(45, 48), *range(50, 59), *range(71, 82)}


class _Styles(NamedTuple):
    """The cell styles (indexes into cellXfs, as strings) that show a number as a percentage,
    and those that show it as a date or a time."""

    percent: frozenset[str] = frozenset()
    dates: frozenset[str] = frozenset()


def _styles(data: bytes) -> _Styles:
    custom: dict[str, str] = {}
    percent: set[str] = set()
    dates: set[str] = set()
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
                percent.add(str(index))
            elif (number.isdigit() and int(number) in _DATE_FORMATS) or any(
                letter in _BRACKETED.sub("", code).lower() for letter in "dmyhs"
            ):
                dates.add(str(index))
            index += 1
    return _Styles(frozenset(percent), frozenset(dates))


def _xlsx_sheets(reader: _Unpacker) -> tuple[dict[str, str], datetime]:
    """Sheet name → its part, from the workbook and its relationships; and the day that
    serial number 0 stands for (1904 in a workbook made so, on an old Mac)."""
    ids: dict[str, str] = {}
    epoch = datetime(1899, 12, 30)
    for event, element in _xml(reader.get("xl/workbook.xml")):
        if event != "end":
            continue
        if element.tag == f"{_S}sheet":
            ids[element.get("name", "")] = element.get(f"{_R}id", "")
        elif element.tag == f"{_S}workbookPr" and element.get("date1904") in ("1", "true"):
            epoch = datetime(1904, 1, 1)
    targets: dict[str, str] = {}
    rels = "xl/_rels/workbook.xml.rels"
    if reader.has(rels):
        for event, element in _xml(reader.get(rels)):
            if event == "end" and element.tag == f"{_PR}Relationship":
                target = element.get("Target", "")
                target = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
                targets[element.get("Id", "")] = target
    return {name: targets.get(rid, "") for name, rid in ids.items()}, epoch


def _rich_text(element: Element) -> str:
    """The text of a shared or inline string: its <t>, or its runs' <t>; never the phonetic
    reading (<rPh>) that Excel keeps beside East Asian text."""
    parts = []
    for child in element:
        if child.tag == f"{_S}t":
            parts.append(child.text or "")
        elif child.tag == f"{_S}r":
            parts.extend(t.text or "" for t in child.iter(f"{_S}t"))
    text = "".join(parts)
    # Excel writes a character XML cannot hold (a carriage return) as _x000D_, and a
    # literal "_x" as _x005F_x.
    return _ESCAPED.sub(lambda m: chr(int(m.group(1), 16)), text) if "_x" in text else text


def _shared_strings(data: bytes) -> list[str]:
    strings: list[str] = []
    for event, element in _xml(data):
        if event == "end" and element.tag == f"{_S}si":
            strings.append(_rich_text(element))
            element.clear()
    return strings


class _Rows:
    """A sheet's values from A1, each row as long as its last value: the cells are read as a
    stream and only their values kept, so a form costs little more than its answers."""

    def __init__(self) -> None:
        self.rows: list[list[Value]] = []

    def put(self, row: int, column: int, value: Value, repeat: int = 1) -> None:
        rows = self.rows
        if len(rows) <= row:
            rows.extend([] for _ in range(row + 1 - len(rows)))
        cells = rows[row]
        if len(cells) < column:
            cells.extend([None] * (column - len(cells)))
        cells[column : column + repeat] = [value] * repeat


def _xlsx_sheet(
    sheet: str,
    data: bytes,
    counter: _Counter,
    styles: _Styles,
    strings: list[str],
    epoch: datetime,
) -> Sheet:
    """The sheet's values and formulas; its cells with content counted against the caps."""
    formulas: dict[tuple[int, int], str] = {}
    percent: set[tuple[int, int]] = set()
    rows = _Rows()
    row = -1
    column = -1
    style = ""
    # The tags named once: a 5 000-row form is some 60 000 events.
    row_tag, cell_tag, formula_tag = f"{_S}row", f"{_S}c", f"{_S}f"
    for event, element in _xml(data):
        tag = element.tag
        if event == "start":
            if tag == row_tag:
                given = element.get("r")
                row = int(given) - 1 if given and given.isdigit() else row + 1
                column = -1
            elif tag == cell_tag:
                where = cell_position(element.get("r") or "")
                if where is not None:
                    row, column = where
                else:
                    column += 1
                style = element.get("s") or ""
                if style in styles.percent:
                    percent.add((row, column))
            continue
        if tag == cell_tag:
            if len(element):
                counter.content(sheet, row, column)
                formula = element.find(formula_tag)
                if formula is not None:
                    formulas[row, column] = "=" + (formula.text or "")
                value = _xlsx_value(element, style in styles.dates, strings, epoch)
                if value is not None:
                    rows.put(row, column, value)
            element.clear()
        elif tag == row_tag:
            element.clear()
    return Sheet(sheet, rows.rows, formulas, frozenset(percent))


def _xlsx_value(cell: Element, date: bool, strings: list[str], epoch: datetime) -> Value:
    """A cell's value as Excel last showed it (a formula's is its cached result)."""
    kind = cell.get("t", "n")
    if kind == "inlineStr":
        inline = cell.find(f"{_S}is")
        return None if inline is None else _rich_text(inline)
    given = cell.find(f"{_S}v")
    text = None if given is None else given.text
    if text is None:
        return None
    try:
        if kind == "s":
            return strings[int(text)]
        if kind == "b":
            return text.strip() in ("1", "true")
        if kind == "e":
            return None  # #DIV/0! and the like: a formula's, judged as a formula
        if kind == "str":
            return text
        if kind == "d":
            return datetime.fromisoformat(text.strip().removesuffix("Z")).isoformat()
        number = float(text)
    except (ValueError, IndexError):
        where = f"{cell.get('r', '?')}: {text[:40]!r}"
        raise _Refused(
            "OMST401", _("the file is broken ({reason}); save it again").format(reason=where)
        ) from None
    return _serial(number, epoch) if date else number


def _serial(number: float, epoch: datetime) -> str:
    """A date or a time as Excel keeps it (days since `epoch`), written as ISO 8601, so that
    a date typed where a number is asked is not read as a number of days."""
    if not -1e6 < number < 1e7:
        return str(number)
    if 0 <= number < 1:
        return (datetime.min + timedelta(seconds=round(number * 86400))).time().isoformat()
    if epoch.year == 1899 and number < 60:
        number += 1  # Excel counts a 29 February 1900 that never was
    moment = epoch + timedelta(days=number)
    moment = moment.replace(microsecond=0) + timedelta(seconds=round(moment.microsecond / 1e6))
    if moment.time() == time():
        return moment.date().isoformat()
    return moment.isoformat()


# --- ods ---------------------------------------------------------------------------------


def _read_ods(reader: _Unpacker, shown: str, wanted: tuple[str, ...], limits: Limits) -> Book:
    if reader.get("mimetype").strip() != _ODS_MIMETYPE:
        raise _Refused(
            "OMST401", _("the file is not what its name says: it is not an .ods spreadsheet")
        )
    return Book(shown, _ods_sheets(reader.get("content.xml"), wanted, _Counter(limits)))


def _ods_sheets(data: bytes, wanted: tuple[str, ...], counter: _Counter) -> dict[str, Sheet]:
    """The wanted sheets' values and formulas; every sheet's cells with content counted,
    repeats included (a row repeated a million times is a million rows to a reader)."""
    found: dict[str, Sheet] = {}
    sheet = ""
    rows = _Rows()
    formulas: dict[tuple[int, int], str] = {}
    percent: set[tuple[int, int]] = set()
    row = column = 0
    rows_repeated = 1
    row_content = 0
    row_values: list[tuple[int, Value, int]] = []
    for event, element in _xml(data):
        tag = element.tag
        get = element.get
        if event == "start":
            if tag == f"{_T}table":
                sheet = get(f"{_T}name", "")
                row = 0
                rows, formulas, percent = _Rows(), {}, set()
            elif tag == f"{_T}table-row":
                column = 0
                row_content = 0
                row_values = []
                rows_repeated = _repeat(get(f"{_T}number-rows-repeated"))
            continue
        if tag in (f"{_T}table-cell", f"{_T}covered-table-cell"):
            repeat = _repeat(get(f"{_T}number-columns-repeated"))
            formula = get(f"{_T}formula")
            kind = get(f"{_O}value-type")
            if formula is not None or kind is not None or len(element):
                counter.content(sheet, row + rows_repeated - 1, column + repeat - 1, repeat)
                row_content += repeat
                if sheet in wanted:
                    if kind == "percentage":
                        percent.add((row, column))
                    if formula is not None:
                        text = (
                            formula.split(":", 1)[1] if formula[:3] in ("of:", "oooc") else formula
                        )
                        formulas[row, column] = text if text.startswith("=") else "=" + text
                    value = _ods_value(element, kind)
                    if value is not None:
                        row_values.append((column, value, repeat))
            column += repeat
            element.clear()
        elif tag == f"{_T}table-row":
            if row_content and rows_repeated > 1:
                counter.content(
                    sheet, row + rows_repeated - 1, 0, row_content * (rows_repeated - 1)
                )
            for at in range(row, row + rows_repeated if row_values else row):
                for start, value, repeat in row_values:
                    rows.put(at, start, value, repeat)
            row += rows_repeated
            element.clear()
        elif tag == f"{_T}table" and sheet in wanted:
            found[sheet] = Sheet(sheet, rows.rows, formulas, frozenset(percent))
    return found


def _ods_value(cell: Element, kind: str | None) -> Value:
    """A cell's value as LibreOffice last showed it (a formula's is its cached result)."""
    get = cell.get
    try:
        if kind in ("float", "percentage", "currency"):
            return float(get(f"{_O}value", ""))
        if kind == "boolean":
            return get(f"{_O}boolean-value", "") == "true"
        if kind == "date":
            given = get(f"{_O}date-value", "")
            moment = datetime.fromisoformat(given)
            return moment.isoformat() if "T" in given else moment.date().isoformat()
        if kind == "time":
            return _duration(get(f"{_O}time-value", ""))
    except ValueError:
        pass  # not as the format says: the text shown is what the chief saw
    if kind is None:
        return None
    if kind == "string" and get(f"{_O}string-value") is not None:
        # an error such as #DIV/0! is a string cell whose value is "", shown as the error
        return get(f"{_O}string-value")
    paragraphs = [_ods_text(p) for p in cell if p.tag == f"{_TX}p"]
    return "\n".join(paragraphs) if paragraphs else None


_DURATION = re.compile(r"^-?PT?(?:([0-9]+)H)?(?:([0-9]+)M)?(?:([0-9]+(?:\.[0-9]+)?)S)?$")


def _duration(value: str) -> str:
    """An ODS time ("PT08H15M00S") as a clock time, "08:15:00", or a longer span."""
    match = _DURATION.match(value)
    if not match:
        raise ValueError(value)
    hours, minutes, seconds = (float(g or 0) for g in match.groups())
    span = timedelta(hours=hours, minutes=minutes, seconds=round(seconds))
    return (datetime.min + span).time().isoformat() if span < timedelta(days=1) else str(span)


def _ods_text(element: Element) -> str:
    """A paragraph's text: spans and links read through, spaces (<text:s>), tabs and line
    breaks as they show; notes (<office:annotation>) are not the cell's text."""
    parts = [element.text or ""]
    for child in element:
        tag = child.tag
        if tag == f"{_TX}s":
            parts.append(" " * _repeat(child.get(f"{_TX}c")))
        elif tag == f"{_TX}tab":
            parts.append("\t")
        elif tag == f"{_TX}line-break":
            parts.append("\n")
        elif tag != f"{_O}annotation":
            parts.append(_ods_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _repeat(value: str | None) -> int:
    return int(value) if value and value.isdigit() else 1
