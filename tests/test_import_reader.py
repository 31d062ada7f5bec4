"""The form's cells as omst import reads them from the workbook's XML: each kind of value
as Excel and LibreOffice keep it, read as python-calamine read it before (a date is never a
number of days, an error is no value, a note is not the cell's text), but for a line break
inside an .ods paragraph, which calamine dropped, joining the words on either side."""

from __future__ import annotations

import datetime
import zipfile
from pathlib import Path

import openpyxl
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont

from omstallning.reading.workbook import Book, Sheet, read_workbook

_OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
_TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"


def sheet(path: Path, name: str = "Status") -> Sheet:
    book = read_workbook(path, path.name, (name,))
    assert isinstance(book, Book), book
    return book.sheets[name]


def row(found: Sheet, index: int) -> list[object]:
    """A row's values up to its last, an empty cell as "" (a Sheet has None or "")."""
    cells = ["" if v is None else v for v in found.rows[index]] if index < len(found.rows) else []
    while cells and cells[-1] == "":
        cells.pop()
    return cells


def test_excel_values_are_read_as_excel_shows_them(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    ws = book.active
    assert ws is not None
    ws.title = "Status"
    ws.append(["text", 47.5, 3, True])
    ws.append([datetime.date(2024, 7, 1), datetime.datetime(2024, 7, 1, 12, 30)])
    ws.append([datetime.time(8, 15)])
    ws["A4"] = CellRichText([TextBlock(InlineFont(b=True), "fet"), " och vanlig"])
    ws["A5"] = "vagn_x000D_retur"  # Excel's escape of a carriage return, as Excel writes it
    ws["A6"] = 0.475
    ws["A6"].number_format = "0.0%"
    ws["B7"] = "=1/0"
    path = tmp_path / "values.xlsx"
    book.save(path)
    found = sheet(path)
    assert row(found, 0) == ["text", 47.5, 3.0, True]
    assert row(found, 1) == ["2024-07-01", "2024-07-01T12:30:00"]
    assert row(found, 2) == ["08:15:00"]
    assert row(found, 3) == ["fet och vanlig"]
    assert row(found, 4) == ["vagn\rretur"]
    assert row(found, 5) == [0.475] and (5, 0) in found.percent
    assert found.formulas == {(6, 1): "=1/0"}


def test_an_excel_error_and_an_inline_string_as_excel_writes_them(tmp_path: Path) -> None:
    xml = (
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>inline</t></is></c>'
        '<c r="B1" t="e"><f>1/0</f><v>#DIV/0!</v></c>'
        '<c r="C1" t="str"><f>"a"&amp;"b"</f><v>ab</v></c></row></sheetData></worksheet>'
    )
    path = tmp_path / "errors.xlsx"
    book = openpyxl.Workbook()
    assert book.active is not None
    book.active.title = "Status"
    book.save(path)
    with zipfile.ZipFile(path) as src:
        parts = {i.filename: src.read(i) for i in src.infolist()}
    parts["xl/worksheets/sheet1.xml"] = xml.encode()
    with zipfile.ZipFile(path, "w") as dst:
        for name, data in parts.items():
            dst.writestr(name, data)
    found = sheet(path)
    assert row(found, 0) == ["inline", "", "ab"]  # the error: no value
    assert found.formulas == {(0, 1): "=1/0", (0, 2): '="a"&"b"'}


def ods(path: Path, rows: str) -> Path:
    content = (
        f'<office:document-content xmlns:office="{_OFFICE}" xmlns:table="{_TABLE}" '
        f'xmlns:text="{_TEXT}"><office:body><office:spreadsheet>'
        f'<table:table table:name="Other"><table:table-row><table:table-cell '
        f'office:value-type="string"><text:p>not read</text:p></table:table-cell>'
        f"</table:table-row></table:table>"
        f'<table:table table:name="Status">{rows}</table:table>'
        f"</office:spreadsheet></office:body></office:document-content>"
    )
    manifest = (
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
        '<manifest:file-entry manifest:full-path="/" '
        'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        out.writestr(
            "mimetype", "application/vnd.oasis.opendocument.spreadsheet", zipfile.ZIP_STORED
        )
        out.writestr("content.xml", content)
        out.writestr("META-INF/manifest.xml", manifest)
    return path


def test_libreoffice_values_are_read_as_libreoffice_shows_them(tmp_path: Path) -> None:
    cell = "<table:table-cell {}>{}</table:table-cell>"
    text = cell.format(
        'office:value-type="string"',
        '<text:p>två<text:s text:c="2"/>mellanslag<text:line-break/>och '
        "<text:span>ett spann</text:span></text:p><text:p>andra stycket</text:p>"
        "<office:annotation><text:p>en anteckning</text:p></office:annotation>",
    )
    numbers = "".join(
        cell.format(attributes, "<text:p>visas</text:p>")
        for attributes in (
            'office:value-type="float" office:value="47.5"',
            'office:value-type="percentage" office:value="0.475"',
            'office:value-type="date" office:date-value="2024-07-01"',
            'office:value-type="date" office:date-value="2024-07-01T12:30:00"',
            'office:value-type="time" office:time-value="PT08H15M00S"',
            'office:value-type="boolean" office:boolean-value="true"',
            'table:formula="of:=1/0" office:value-type="string" office:string-value=""',
        )
    )
    repeated = cell.format(
        'table:number-columns-repeated="2" office:value-type="string"', "<text:p>x</text:p>"
    )
    rows = (
        f"<table:table-row>{text}</table:table-row>"
        f"<table:table-row>{numbers}</table:table-row>"
        f'<table:table-row table:number-rows-repeated="2">{repeated}</table:table-row>'
    )
    found = sheet(ods(tmp_path / "values.ods", rows))
    assert row(found, 0) == ["två  mellanslag\noch ett spann\nandra stycket"]
    assert row(found, 1) == [
        47.5,
        0.475,
        "2024-07-01",
        "2024-07-01T12:30:00",
        "08:15:00",
        True,
    ]
    assert found.percent == frozenset({(1, 1)})
    assert found.formulas == {(1, 6): "=1/0"}
    assert row(found, 2) == row(found, 3) == ["x", "x"]
    assert len(found.rows) == 4
