"""The inriktningsdokument (Markdown, HTML) and the workbook (xlsx) written from report data
the analyses make of the mini plans: no CLI in between."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from helpers import MINI, REPO
from omstallning.analyses import document, followup_context, links, status
from omstallning.analyses.workbook import workbook
from omstallning.checks import check_dir
from omstallning.formats import EXPORT, file_writer
from omstallning.formats import document as writer
from omstallning.formats.workbook import sheets

DAY = date(2024, 6, 1)


@pytest.fixture(scope="module")
def checked(tmp_path_factory: pytest.TempPathFactory) -> Any:
    root = tmp_path_factory.mktemp("plans")
    shutil.copytree(MINI, root / "plan")
    shutil.copytree(REPO / "tests" / "fixtures" / "followup", root / "plan" / "forvaltningar")
    result = check_dir(root / "plan")
    assert result.plans.gp and result.plans.vp
    return result


def _context(checked: Any) -> dict[str, Any]:
    gp, vp = checked.plans.gp, checked.plans.vp
    follow = status.compute(gp, vp, checked.plans.forvaltningar, DAY)
    source = document.Source("plan", None)
    return document.context(links.trace(gp, vp), DAY, source, followup_context.context(follow))


def test_the_context_holds_codes_and_the_writer_adds_the_words(checked: Any) -> None:
    ctx = _context(checked)
    assert "title" not in ctx
    period = ctx["gp"]["periods"][0]
    assert "status_label" not in period
    worded = writer.worded(ctx)
    assert worded["title"].startswith("Inriktningsdokument")
    assert period["status_label"] == {"past": "passerad", "current": "aktuell"}[period["status"]]
    cell = worded["followup"]["matrix"][0]["cells"][0]
    assert cell["mark"] == "● uppnås" and cell["label"] == "● uppnås (T2 2024)"


def test_markdown_document_has_the_title_the_periods_and_the_follow_up(
    checked: Any, tmp_path: Path
) -> None:
    (path,) = writer.render(_context(checked), ["md"], None, tmp_path)
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# Inriktningsdokument för omställningen av hälso- och sjukvården\n")
    assert "| aktuell |" in text
    assert "✗ saknas" in text
    assert text.endswith("\n") and not text.endswith("\n\n")


def test_html_document_escapes_plan_text_and_shows_owners_roles(
    checked: Any, tmp_path: Path
) -> None:
    (path,) = writer.render(_context(checked), ["html"], None, tmp_path)
    html = path.read_text(encoding="utf-8")
    assert "<title>Inriktningsdokument för omställningen" in html
    assert "<script>" not in html and "Andel digitala kontakter &lt;script&gt;" in html
    assert "<dt>Ansvar</dt><dd>Direktörer</dd>" in html


@pytest.mark.usefixtures("swedish")
def test_the_workbook_has_a_sheet_per_part_with_headings(checked: Any) -> None:
    gp, vp = checked.plans.gp, checked.plans.vp
    book = workbook(gp, vp, status.compute(gp, vp, checked.plans.forvaltningar, DAY))
    by_name = {sheet.name: sheet for sheet in sheets(book)}
    assert by_name["Länkar"].columns == [
        "Från",
        "Arbetsström",
        "Till delområde",
        "Område",
        "Motivering",
    ]
    assert by_name["Antal per område"].rows[-1][1] == "Totalsumma"
    followup = by_name["Förvaltningar status"]
    assert followup.rows[0][:4] == ["AA", "Förvaltning A", "ja", "NV"]
    assert followup.rows[0][5] == "● uppnås (T2 2024)"


@pytest.mark.usefixtures("swedish")
def test_xlsx_writes_ids_as_text_and_numbers_as_numbers(checked: Any, tmp_path: Path) -> None:
    gp, vp = checked.plans.gp, checked.plans.vp
    book = workbook(gp, vp, status.compute(gp, vp, checked.plans.forvaltningar, DAY))
    file_writer(EXPORT, "xlsx")(book, tmp_path / "plan.xlsx")
    wb = openpyxl.load_workbook(tmp_path / "plan.xlsx")
    counts = wb["Antal per område"]
    assert counts["A2"].value == "NV" and counts["A2"].data_type == "s"
    assert isinstance(counts["C2"].value, int)
    assert wb["Indikatorserier"]["G3"].value == 16.3
