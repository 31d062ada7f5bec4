"""Hostile text from a plan, a file name or git leaves omst neutralised for where it goes
(issue 16, items 12–16 and 19): no formula in a spreadsheet, no markup in a pull-request
comment, no escape sequence in a terminal, no workflow command in a CI log, XML that parses,
URIs that are URIs."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import NamedTuple

import openpyxl
import pytest

from helpers import GIT_ENV, GP, MINI, REPO, VP, PlanCopy, expect_exit, init_repo, omst
from omstallning.analyses.diff import DiffReport, compare
from omstallning.checks import check_dir
from omstallning.formats import DIFF, writer
from omstallning.formats.safe import (
    csv_cell,
    one_line,
    uri_path,
    visible,
    visible_all,
    xml_text,
)

AA = "plan/forvaltningar/aa.yaml"


class Place(NamedTuple):
    file: str
    line: int
    column: int


EVIL_STREAM = "<img src=https://evil.example/t.png> [klicka](https://evil.example) @octocat"


def _with_followup(plans: PlanCopy) -> None:
    (plans.root / "plan" / "forvaltningar").mkdir()
    shutil.copy(REPO / "tests" / "fixtures" / "followup" / "aa.yaml", plans.path(AA))


def _csv(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


# --- 12: CSV formula injection ------------------------------------------------------------


def test_link_csv_writes_a_formula_in_a_subarea_name_as_text(plans: PlanCopy) -> None:
    plans.replace(GP, "namn: Samverkan", """namn: '=HYPERLINK("http://evil","Samverkan")'""")
    result = omst("link", "--format", "csv")
    expect_exit(result, 0)
    (row,) = [row for row in _csv(result.stdout) if row[0] == "NV.2"]
    assert row[1] == """'=HYPERLINK("http://evil","Samverkan")"""


def test_status_csv_writes_a_command_in_a_short_name_as_text(plans: PlanCopy) -> None:
    _with_followup(plans)
    plans.replace(AA, "kortnamn: A-förv", """kortnamn: "+cmd|' /C calc'!A0\"""")
    result = omst("status", "--format", "csv", "--as-of", "2025-06-01")
    expect_exit(result, 0)
    assert _csv(result.stdout)[1][0] == "'+cmd|' /C calc'!A0"


def test_stats_csv_writes_arithmetic_in_an_area_name_as_text_and_counts_as_numbers(
    plans: PlanCopy,
) -> None:
    plans.replace(GP, "namn: Nära vård", "namn: -2+3 Nära vård")
    result = omst("stats", "--format", "csv")
    expect_exit(result, 0)
    (row,) = [row for row in _csv(result.stdout) if row[0] == "NV"]
    assert row[1] == "'-2+3 Nära vård"
    assert row[2:] == [str(int(cell)) for cell in row[2:]]  # counts: numbers, no quote


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_every_cell_a_spreadsheet_would_evaluate_gets_a_quote(start: str) -> None:
    assert csv_cell(f"{start}1+1") == f"'{start}1+1"


def test_numbers_and_plain_text_are_written_as_they_are() -> None:
    assert [csv_cell(v) for v in (-3, 2.5, "Nära vård", "", "a=b")] == [
        -3,
        2.5,
        "Nära vård",
        "",
        "a=b",
    ]


def test_the_workbook_holds_a_formula_like_name_as_a_string(plans: PlanCopy) -> None:
    formula = '=HYPERLINK("http://evil","Samverkan")'
    plans.replace(GP, "namn: Samverkan", f"namn: '{formula}'")
    expect_exit(omst("export", "--out", "plan.xlsx"), 0)
    book = openpyxl.load_workbook(plans.root / "plan.xlsx")
    cells = [c for ws in book.worksheets for row in ws.iter_rows() for c in row]
    assert [c.data_type for c in cells if c.value == formula] == ["s", "s"]
    assert not [c for c in cells if c.data_type == "f"]


# --- 13: Markdown titles and legends ------------------------------------------------------


def test_link_markdown_escapes_a_stream_name_in_the_legend_and_the_title(
    plans: PlanCopy,
) -> None:
    plans.replace(VP, "namn: Nära invånaren", f'namn: "{EVIL_STREAM}"')
    for args in (["link"], ["link", "VP.1"]):
        result = omst(*args, "--format", "markdown")
        expect_exit(result, 0)
        assert not re.search(r"(?<!\\)<img", result.stdout)
        assert "[klicka](" not in result.stdout
        assert "@octocat" not in result.stdout
        assert "\\<img src=https://evil.example/t.png\\> \\[klicka\\]" in result.stdout


def test_status_markdown_escapes_a_stream_name_in_the_legend(plans: PlanCopy) -> None:
    _with_followup(plans)
    plans.replace(VP, "namn: Nära invånaren", f'namn: "{EVIL_STREAM}"')
    result = omst("status", "--format", "markdown", "--as-of", "2025-06-01")
    expect_exit(result, 0)
    assert not re.search(r"(?<!\\)<img", result.stdout)
    assert "@octocat" not in result.stdout


# --- 14: terminal escapes -----------------------------------------------------------------


def test_a_table_shows_an_escape_sequence_in_plan_text_as_text(plans: PlanCopy) -> None:
    _with_followup(plans)
    plans.replace(AA, "kortnamn: A-förv", 'kortnamn: "RH\\e[2J\\e[H\\e]8;;http://evil\\a"')
    result = omst("status", "--as-of", "2025-06-01")
    expect_exit(result, 0)
    assert "\x1b" not in result.stdout and "\x07" not in result.stdout
    assert "RH\\x1b[2J\\x1b[H\\x1b]8;;http://evil\\x07" in result.stdout


def test_validate_shows_an_escape_sequence_in_a_file_name_as_text(plans: PlanCopy) -> None:
    _with_followup(plans)
    os.rename(plans.path(AA), plans.root / "plan" / "forvaltningar" / "a\x1b[2Ja.yaml")
    result = omst("validate")
    expect_exit(result, 1)
    assert "\x1b" not in result.stdout
    assert "plan/forvaltningar/a\\x1b[2Ja.yaml:" in result.stdout


def test_visible_all_reaches_every_string_and_keeps_the_structure() -> None:
    shown = visible_all({"a": ["x\x1b", ("-", "y\x07")], "n": 3, "f": Place("f\x1b", 1, 1)})
    assert shown == {"a": ["x\\x1b", ("-", "y\\x07")], "n": 3, "f": Place("f\\x1b", 1, 1)}
    assert type(shown["f"]) is Place


def test_visible_keeps_line_breaks_and_tabs_and_shows_the_rest() -> None:
    assert visible("a\tb\nc\x1b[2J\x07\r\x9b") == "a\tb\nc\\x1b[2J\\x07\\r\\x9b"
    assert one_line("a\nb\u2028c") == "a\\nb\\u2028c"
    assert visible("Nära vård") == "Nära vård"


# --- 15: workflow commands in file names --------------------------------------------------


def test_a_file_name_cannot_put_a_workflow_command_on_a_line_of_its_own(
    plans: PlanCopy,
) -> None:
    _with_followup(plans)
    name = "b\n::error file=README.md,line=1::Injected annotation\nx.yaml"
    os.rename(plans.path(AA), plans.root / "plan" / "forvaltningar" / name)
    for fmt in ("github", "text"):
        result = omst("validate", "--format", fmt)
        expect_exit(result, 1)
        assert not [line for line in result.lines if line.startswith("::error file=README.md")]
        assert "b\\n::error file=README.md,line=1::Injected annotation\\nx.yaml" in result.stdout


# --- 16: JUnit XML and SARIF URIs ---------------------------------------------------------


def test_junit_is_well_formed_with_escapes_in_plan_text_and_file_names(
    plans: PlanCopy,
) -> None:
    _with_followup(plans)
    plans.replace(GP, "namn: Samverkan", 'namn: "Xx \\e[31m\\x01 Samverkan"')
    os.rename(plans.path(AA), plans.root / "plan" / "forvaltningar" / "a\x1bb.yaml")
    result = omst("validate", "--format", "junit")
    expect_exit(result, 1)
    root = ET.fromstring(result.stdout)  # raises on a character XML 1.0 forbids
    text = ET.tostring(root, encoding="unicode")
    assert "\\x1b[31m\\x01 Samverkan" in text
    assert "plan/forvaltningar/a\\x1bb.yaml" in text


def test_xml_text_escapes_what_xml_forbids() -> None:
    assert xml_text("a\x00b\x0bc\ufffe") == "a\\x00b\\x0bc\\ufffe"


def test_sarif_uris_are_percent_encoded(plans: PlanCopy) -> None:
    _with_followup(plans)
    os.rename(plans.path(AA), plans.root / "plan" / "forvaltningar" / "a b#%20.yaml")
    result = omst("validate", "--format", "sarif")
    expect_exit(result, 1)
    run = json.loads(result.stdout)["runs"][0]
    uris = {a["location"]["uri"] for a in run["artifacts"]}
    assert "plan/forvaltningar/a%20b%23%2520.yaml" in uris
    located = {
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in run["results"]
    }
    assert located == {"plan/forvaltningar/a%20b%23%2520.yaml"}


def test_uri_path_encodes_all_but_unreserved_characters_and_slashes() -> None:
    assert uri_path("plan/förv altning#1%.yaml") == "plan/f%C3%B6rv%20altning%231%25.yaml"
    assert uri_path("plan/genomforandeplan.yaml") == "plan/genomforandeplan.yaml"


# --- 19: the diff's <summary> and the documents' git authors --------------------------------


def test_the_diff_comment_summary_shows_an_apostrophe_as_itself(tmp_path: Path) -> None:
    new = tmp_path / "plan"
    shutil.copytree(MINI, new)
    text = (new / "genomforandeplan.yaml").read_text(encoding="utf-8")
    (new / "genomforandeplan.yaml").write_text(
        text.replace("namn: Nära vård", "namn: Nära vård's <del>").replace(
            "namn: Samverkan", "namn: Samverkan mer"
        ),
        encoding="utf-8",
    )
    out = io.StringIO()
    report = DiffReport(compare(check_dir(MINI).plans, check_dir(new).plans), "a", "b")
    writer(DIFF, "markdown")(report, out)
    assert "<b>NV Nära vård's &lt;del&gt;</b>" in out.getvalue()
    assert "&#" not in out.getvalue()


def test_rendered_documents_show_control_characters_of_a_git_author_as_text(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    plan_dir = init_repo(tmp_path / "repo")
    (plan_dir / "verksamhetsplan.yaml").write_text(
        (plan_dir / "verksamhetsplan.yaml").read_text(encoding="utf-8") + "\n", encoding="utf-8"
    )
    env = {**os.environ, **GIT_ENV, "GIT_AUTHOR_NAME": "Eve\x1b]0;owned\x07 Evesson"}
    for args in (["add", "--all"], ["commit", "-q", "-m", "Ny\x1b[2J rad"]):
        subprocess.run(["git", "-C", str(plan_dir.parent), *args], env=env, check=True)
    monkeypatch.chdir(plan_dir.parent)
    expect_exit(omst("render", "--as-of", "2024-06-01"), 0)
    for name in ("inriktningsdokument.md", "inriktningsdokument.html"):
        text = (plan_dir.parent / "build" / name).read_text(encoding="utf-8")
        assert "\x1b" not in text and "\x07" not in text, name
        assert "\\x1b" in text and "\\x07 Evesson" in text.replace("\\\\", "\\"), name


def test_the_diff_in_a_terminal_shows_an_escape_sequence_in_plan_text_as_text(
    tmp_path: Path,
) -> None:
    new = tmp_path / "plan"
    shutil.copytree(MINI, new)
    text = (new / "genomforandeplan.yaml").read_text(encoding="utf-8")
    (new / "genomforandeplan.yaml").write_text(
        text.replace("namn: Nära vård", 'namn: "Nära\\e[2J vård"'), encoding="utf-8"
    )
    out = io.StringIO()
    report = DiffReport(compare(check_dir(MINI).plans, check_dir(new).plans), "a", "b")
    writer(DIFF, "text")(report, out)
    assert "\x1b" not in out.getvalue()
    assert "Nära\\x1b[2J vård" in out.getvalue()
