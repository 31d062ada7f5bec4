"""`omst import`: a form made by `omst report`, filled as a chief would in Excel (openpyxl),
read back and merged into plan/forvaltningar/skas.yaml of a copy of the region's plans.

Each refusal is checked for its code, the cell in its message and a plan file unchanged to
the byte.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import shutil
import subprocess
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
import yaml

from helpers import PLAN, expect_exit, git, omst
from omstallning import i18n
from omstallning.analyses.importing import parse_number, scalar
from omstallning.reading.yamlfile import parse

TERTIAL = "T3 2024"
FORM = "skas-T3-2024.xlsx"
SKAS = "plan/forvaltningar/skas.yaml"


@pytest.fixture(scope="module")
def sent(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The form as omst report sends it, made once."""
    folder = tmp_path_factory.mktemp("sent")
    shutil.copytree(PLAN, folder / "plan")
    result = omst(
        "report",
        "SKAS",
        "--tertial",
        TERTIAL,
        "--plan-dir",
        folder / "plan",
        "--out",
        folder / FORM,
    )
    expect_exit(result, 0)
    return folder / FORM


@pytest.fixture
def region(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, sent: Path) -> Path:
    """A copy of the region's plans and the sent form in tmp_path, the current directory."""
    shutil.copytree(PLAN, tmp_path / "plan")
    shutil.copy(sent, tmp_path / FORM)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def fill(
    path: Path,
    status: dict[str, object],
    indicators: dict[str, object] | None = None,
    out: Path | None = None,
) -> Path:
    book = openpyxl.load_workbook(path)
    for cell, value in status.items():
        book["Status"][cell] = value
    for cell, value in (indicators or {}).items():
        book["Indikatorer"][cell] = value
    book.save(out or path)
    return out or path


def row_of(avser: str) -> int:
    """The Status row of an item in the sent form (1-based, as Excel numbers them)."""
    book = openpyxl.load_workbook(FORM)
    rows = [r[1] for r in book["Status"].iter_rows(values_only=True)]
    return rows.index(avser) + 1


def digest(path: str = SKAS) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def entries(path: str = SKAS) -> dict[str, dict[str, object]]:
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    return {s["avser"]: s for s in data["status"] if s["period"] == TERTIAL}


def outcome(path: str = SKAS) -> list[dict[str, object]]:
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    return next(i for i in data["indikatorer"] if i["id"] == "SKAS.I1")["serie"]


VP1_POINTS = (
    'Välfungerande samarbete – "tvåpartsmöten" med primärvården: fler går hem samma dag\n'
    "Åtta av tio enheter når målet 2024–2025"
)


def chief(region: Path) -> Path:
    """The form filled as a chief would: dropdown words, å, an en dash, quotes, a colon, and
    an outcome written with a decimal comma and a per cent sign."""
    vp1, vp3 = row_of("VP.1"), row_of("VP.3")
    return fill(
        region / FORM,
        {
            f"D{vp1}": VP1_POINTS,
            f"E{vp1}": "Målet kommer delvis att uppnås",
            f"E{vp3}": "Ej bedömd",
        },
        {"D2": "47,5 %"},
    )


# --- the round trip ----------------------------------------------------------------------


def test_a_filled_form_is_merged_into_the_forvaltnings_file_exactly_as_answered(
    region: Path,
) -> None:
    before = Path(SKAS).read_text(encoding="utf-8")
    result = omst("import", chief(region), "--tertial", TERTIAL)
    expect_exit(result, 0)
    new = entries()
    assert new["VP.1"]["bedomning"] == "delvis"
    assert new["VP.1"]["punkter"] == VP1_POINTS.split("\n")
    assert "bedomning" not in new["VP.3"] and new["VP.3"]["punkter"]  # Ej bedömd: no light
    assert new["VP.2"] == {
        "id": new["VP.2"]["id"],
        "avser": "VP.2",
        "period": TERTIAL,
        "saknas": True,
    }  # asked, not answered
    assert outcome()[-1] == {"period": TERTIAL, "utfall": 47.5}
    after = Path(SKAS).read_text(encoding="utf-8")
    # every byte of the file as it was stays, in order: the import only added lines
    added = iter(after.splitlines())
    assert all(line in added for line in before.splitlines())
    expect_exit(omst("validate"), 0)


def test_status_shows_the_imported_answers_for_the_tertial(region: Path) -> None:
    expect_exit(omst("import", chief(region), "--tertial", TERTIAL), 0)
    shown = omst("status", "--format", "json", "--as-of", "2024-12-01")
    expect_exit(shown, 0)
    skas = next(f for f in json.loads(shown.stdout)["forvaltningar"] if f["id"] == "SKAS")
    cells = {k: (c["period"], c["light"], c["missing"]) for k, c in skas["cells"].items()}
    assert cells["VP.1"] == (TERTIAL, "delvis", False)
    assert cells["VP.3"] == (TERTIAL, None, False)
    assert cells["VP.2"] == (TERTIAL, None, True)


def test_a_second_import_of_the_same_form_changes_nothing_and_says_so(region: Path) -> None:
    filled = chief(region)
    expect_exit(omst("import", filled, "--tertial", TERTIAL), 0)
    once = digest()
    again = omst("import", filled, "--tertial", TERTIAL)
    expect_exit(again, 0)
    assert digest() == once
    assert "nothing to do" in again.stderr


def test_a_changed_answer_replaces_that_tertials_entry_and_nothing_else(region: Path) -> None:
    filled = chief(region)
    expect_exit(omst("import", filled, "--tertial", TERTIAL), 0)
    before = Path(SKAS).read_text(encoding="utf-8").splitlines()
    ids = {k: v["id"] for k, v in entries().items()}
    fill(filled, {f"E{row_of('VP.1')}": "Målet kommer ej att uppnås"})
    result = omst("import", filled, "--tertial", TERTIAL)
    expect_exit(result, 0)
    after = Path(SKAS).read_text(encoding="utf-8").splitlines()
    assert {k: v["id"] for k, v in entries().items()} == ids
    assert entries()["VP.1"]["bedomning"] == "ej"
    changed = [(a, b) for a, b in zip(before, after, strict=True) if a != b]
    assert changed == [("    bedomning: delvis", "    bedomning: ej")]
    assert f"replaced {ids['VP.1']}" in result.stderr


def test_dry_run_shows_the_change_and_writes_nothing(region: Path) -> None:
    before = digest()
    result = omst("import", chief(region), "--tertial", TERTIAL, "--dry-run")
    expect_exit(result, 0)
    assert digest() == before
    # As omst diff shows it: the status named by what it is about, the light in words.
    assert "+ SKAS.S10 status about VP.1, T3 2024 added" in result.stdout
    assert "bedomning: The goal will be partly achieved" in result.stdout
    assert "utfall.T3 2024: – → 47.5" in result.stdout
    assert "+    bedomning: delvis" not in result.stdout
    assert "would change" in result.stderr


@pytest.mark.usefixtures("swedish")
def test_dry_run_shows_the_change_in_the_users_language(region: Path) -> None:
    before = digest()
    result = omst("import", chief(region), "--tertial", TERTIAL, "--dry-run")
    expect_exit(result, 0)
    assert digest() == before
    assert "+ SKAS.S10 status om VP.1, T3 2024 tillagd" in result.stdout
    assert "bedomning: Målet kommer delvis att uppnås" in result.stdout
    assert "utfall.T3 2024: – → 47,5" in result.stdout
    assert "skulle ändras" in result.stderr


def test_dry_run_as_markdown_is_the_pull_request_comment(region: Path) -> None:
    before = digest()
    result = omst(
        "import", chief(region), "--tertial", TERTIAL, "--dry-run", "--diff-format", "markdown"
    )
    expect_exit(result, 0)
    assert digest() == before
    assert "**SKAS.S10** status about VP.1, T3 2024 added" in result.stdout
    assert "`utfall.T3 2024`: – → 47.5" in result.stdout


@pytest.mark.parametrize("kind", ["xlsx", "ods"])
def test_a_form_re_saved_by_libreoffice_imports_the_same(region: Path, kind: str) -> None:
    if not shutil.which("soffice"):
        pytest.skip("LibreOffice (soffice) is not installed, so no re-save can be tried")
    filled = chief(region)
    subprocess.run(
        ["soffice", "--headless", "--convert-to", kind, "--outdir", "lo", str(filled)],
        check=True,
        capture_output=True,
        timeout=120,
    )
    expect_exit(omst("import", f"lo/{filled.stem}.{kind}", "--tertial", TERTIAL), 0)
    from_lo = entries(), outcome()
    shutil.copytree(PLAN, region / "direct", dirs_exist_ok=True)
    expect_exit(omst("import", filled, "--tertial", TERTIAL, "--plan-dir", "direct"), 0)
    assert (
        entries("direct/forvaltningar/skas.yaml"),
        outcome("direct/forvaltningar/skas.yaml"),
    ) == from_lo


HOSTILE = [
    "Tid: 3 dagar",
    "# inte en kommentar",
    "- inte en lista",
    '"citat" först',
    "'apostrof' först",
    "text med # mitt i",
    "{ klammer }",
    "[hakparentes]",
    "yes",
    "16.3",
    "~",
    "slutar med kolon:",
    "@ och ` och %",
    "tab\tinne",
    "no-break\u00a0space",
    "lång " * 400 + "slut",
    "radbrytare\u2028i mitten",
    "& ankare *alias",
    "! tagg",
    "ÅÄÖ – en dash — em dash “citat” ’apostrof’",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_a_punkt_is_written_as_yaml_that_reads_back_exactly(text: str) -> None:
    doc = parse("x.yaml", f"punkter:\n  - {scalar(text)}\n", floats=True)
    assert not doc.findings
    assert doc.data == {"punkter": [text]}


def test_hostile_texts_in_the_form_round_trip_through_the_file(region: Path) -> None:
    lines = [t for t in HOSTILE if "\u2028" not in t and "\t" not in t]
    nv = row_of("NV")
    fill(region / FORM, {f"D{nv}": "\n".join(lines), f"E{nv}": "Målet kommer att uppnås"})
    expect_exit(omst("import", FORM, "--tertial", TERTIAL), 0)
    assert entries()["NV"]["punkter"] == [t.strip() for t in lines]
    expect_exit(omst("validate"), 0)


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("47,5 %", 47.5),
        ("47.5", 47.5),
        ("1\u00a0234,5", 1234.5),
        ("1\u2009234", 1234.0),
        ("\u22125", -5.0),
        ("12%", 12.0),
        (" 3 ", 3.0),
        (4.0, 4.0),
    ],
)
def test_outcomes_are_read_as_a_chief_writes_them(text: str | float, number: float) -> None:
    assert parse_number(text) == number


@pytest.mark.parametrize("text", ["ca 47", "47,5,3", "1.234,5", "", "nan", "inf", True])
def test_what_is_not_a_number_is_not_read_as_one(text: str | bool) -> None:
    assert parse_number(text) is None


# --- refusals: each located at its cell, the plan file unchanged -------------------------


def refused(args: list[str | Path], code: str, where: str) -> str:
    before = digest()
    result = omst("import", *args)
    expect_exit(result, 1)
    assert digest() == before
    hits = [line for line in result.stdout.splitlines() if f" {code} " in line]
    assert hits, result.stdout
    assert any(line.startswith(f"{where}: error") for line in hits), result.stdout
    return result.stdout


def test_a_word_not_in_the_dropdown_is_refused_with_the_nearest_word(region: Path) -> None:
    row = row_of("VP.1")
    fill(region / FORM, {f"E{row}": "Målet kommer delvis uppnås"})
    out = refused([FORM, "--tertial", TERTIAL], "OMST405", f"{FORM}:Status!E{row}")
    assert "did you mean Målet kommer delvis att uppnås" in out


def test_an_outcome_that_is_not_a_number_is_refused(region: Path) -> None:
    fill(region / FORM, {}, {"D2": "ungefär 47"})
    refused([FORM, "--tertial", TERTIAL], "OMST406", f"{FORM}:Indikatorer!D2")


def test_a_date_typed_as_an_outcome_is_not_read_as_a_number_of_days(region: Path) -> None:
    # Excel keeps a date as the days since 1900 (45474), formatted as a date
    fill(region / FORM, {}, {"D2": datetime.date(2024, 7, 1)})
    out = refused([FORM, "--tertial", TERTIAL], "OMST406", f"{FORM}:Indikatorer!D2")
    assert "2024-07-01" in out


def test_a_formula_is_refused_unless_it_is_a_constant(region: Path) -> None:
    fill(region / FORM, {}, {"D2": "=E2*2"})
    out = refused([FORM, "--tertial", TERTIAL], "OMST408", f"{FORM}:Indikatorer!D2")
    assert "=E2*2" in out


def test_a_constant_formula_is_taken_with_a_warning(region: Path) -> None:
    fill(region / FORM, {}, {"D2": "=47.5"})
    result = omst("import", FORM, "--tertial", TERTIAL)
    expect_exit(result, 0)
    assert f"{FORM}:Indikatorer!D2: warning OMST409" in result.stdout
    assert outcome()[-1]["utfall"] == 47.5


def test_a_changed_id_is_refused_at_its_cell(region: Path) -> None:
    row = row_of("VP.1")
    fill(region / FORM, {f"B{row}": "VP.9", f"E{row}": "Ej bedömd"})
    refused([FORM, "--tertial", TERTIAL], "OMST407", f"{FORM}:Status!B{row}")


def test_a_deleted_row_is_refused(region: Path) -> None:
    row = row_of("VP.1")
    book = openpyxl.load_workbook(FORM)
    book["Status"].delete_rows(row)
    book.save(FORM)
    out = refused([FORM, "--tertial", TERTIAL], "OMST407", f"{FORM}:Status!A{row}")
    assert "VP.1" in out


def test_a_row_added_outside_the_form_is_refused(region: Path) -> None:
    book = openpyxl.load_workbook(FORM)
    last = book["Status"].max_row + 1
    book["Status"][f"B{last}"] = "NV.3"
    book["Status"][f"D{last}"] = "En egen rad"
    book.save(FORM)
    refused([FORM, "--tertial", TERTIAL], "OMST407", f"{FORM}:Status!A{last}")


def test_a_form_for_another_tertial_is_refused(region: Path) -> None:
    out = refused([FORM, "--tertial", "T1 2025"], "OMST404", f"{FORM}:omst!B1")
    assert "T3 2024" in out


def test_a_form_under_another_forvaltnings_name_is_refused(region: Path) -> None:
    shutil.copy(FORM, "nu-T3-2024.xlsx")
    out = refused(["nu-T3-2024.xlsx", "--tertial", TERTIAL], "OMST404", "nu-T3-2024.xlsx:omst!B1")
    assert "NU" in out and "SKAS" in out


def test_a_form_whose_rows_the_plans_no_longer_fit_names_what_changed(region: Path) -> None:
    result = omst("report", "SKAS", "--tertial", "T2 2024", "--out", "t2.xlsx")
    expect_exit(result, 0)
    text = Path(SKAS).read_text(encoding="utf-8").replace("id: SKAS.S4", "id: SKAS.S9")
    Path(SKAS).write_text(text, encoding="utf-8")
    out = refused(["t2.xlsx", "--tertial", "T2 2024"], "OMST404", "t2.xlsx:Status!A10")
    assert "SKAS.S4" in out and "forvaltningar/skas.yaml" in out


def test_an_xlsm_workbook_is_refused(region: Path) -> None:
    shutil.copy(FORM, "skas.xlsm")
    refused(["skas.xlsm"], "OMST401", "skas.xlsm")


def test_a_file_that_is_not_what_its_name_says_is_refused(region: Path) -> None:
    Path("skas.xlsx").write_bytes(b"%PDF-1.4 not a workbook")
    refused(["skas.xlsx"], "OMST401", "skas.xlsx")


def test_an_ods_named_xlsx_is_refused(region: Path) -> None:
    with zipfile.ZipFile("skas.xlsx", "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", "<x/>")
    out = refused(["skas.xlsx"], "OMST401", "skas.xlsx")
    assert ".ods" in out


def test_macros_inside_an_xlsx_are_refused(region: Path) -> None:
    with zipfile.ZipFile(FORM) as src, zipfile.ZipFile("macro.xlsx", "w") as dst:
        for item in src.infolist():
            dst.writestr(item, src.read(item))
        dst.writestr("xl/vbaProject.bin", b"\0" * 10)
    refused(["macro.xlsx"], "OMST401", "macro.xlsx")


def _bomb(path: str, part: str, size: int) -> None:
    with zipfile.ZipFile(FORM) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            if item.filename != part:
                dst.writestr(item.filename, src.read(item))
        with dst.open(part, "w", force_zip64=True) as handle:
            block = b" " * (1 << 20)
            for _ in range(size >> 20):
                handle.write(block)


def test_a_zip_bomb_is_refused_quickly(region: Path) -> None:
    _bomb("bomb.xlsx", "xl/worksheets/sheet2.xml", 200 << 20)
    assert Path("bomb.xlsx").stat().st_size < 1 << 20
    start = time.perf_counter()
    out = refused(["bomb.xlsx"], "OMST402", "bomb.xlsx")
    assert time.perf_counter() - start < 1.0
    assert "zip bomb" in out


def test_a_cell_a_million_rows_down_is_refused(region: Path) -> None:
    book = openpyxl.load_workbook(FORM)
    book["Status"]["D1048576"] = "långt ner"
    book.save("far.xlsx")
    out = refused(["far.xlsx"], "OMST402", "far.xlsx")
    assert "D1048576" in out


def test_an_ods_row_repeated_a_million_times_is_refused(region: Path) -> None:
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"'
        ' xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"'
        ' xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body>'
        '<office:spreadsheet><table:table table:name="Status">'
        '<table:table-row table:number-rows-repeated="1000000"><table:table-cell '
        'office:value-type="string"><text:p>x</text:p></table:table-cell></table:table-row>'
        "</table:table></office:spreadsheet></office:body></office:document-content>"
    )
    with zipfile.ZipFile("rows.ods", "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", content)
    refused(["rows.ods"], "OMST402", "rows.ods")


def test_an_entity_declaration_is_refused(region: Path) -> None:
    with zipfile.ZipFile("ent.ods", "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", '<!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>')
    refused(["ent.ods"], "OMST401", "ent.ods")


# --- every output format names the cell --------------------------------------------------


@pytest.mark.parametrize(
    ("fmt", "found"),
    [
        ("json", lambda out, cell: any(f["file"] == cell for f in json.loads(out))),
        ("github", lambda out, cell: f"::error file={FORM}," in out and cell in out),
        (
            "sarif",
            lambda out, cell: (
                json.loads(out)["runs"][0]["results"][0]["locations"][0]["logicalLocations"][0][
                    "fullyQualifiedName"
                ]
                == cell
            ),
        ),
    ],
)
def test_every_format_locates_a_finding_at_its_cell(
    region: Path, fmt: str, found: Callable[[str, str], bool]
) -> None:
    row = row_of("VP.1")
    fill(region / FORM, {f"E{row}": "Grönt"})
    result = omst("import", FORM, "--tertial", TERTIAL, "--format", fmt)
    expect_exit(result, 1)
    assert found(result.stdout, f"{FORM}:Status!E{row}")


# --- what Excel does to a per cent, what the plans must be -------------------------------


def test_an_outcome_typed_as_a_percentage_in_excel_is_read_as_shown(region: Path) -> None:
    # Excel keeps "47,5 %" typed in a cell as the number 0.475 formatted as a percentage
    book = openpyxl.load_workbook(FORM)
    book["Indikatorer"]["D2"] = 0.475
    book["Indikatorer"]["D2"].number_format = "0.0%"
    book.save(FORM)
    expect_exit(omst("import", FORM, "--tertial", TERTIAL), 0)
    assert outcome()[-1]["utfall"] == 47.5


def test_plans_with_an_error_take_no_answers(region: Path) -> None:
    gp = Path("plan/genomforandeplan.yaml")
    gp.write_text(
        gp.read_text(encoding="utf-8").replace("id: NV.2\n", "id: NV.1\n", 1), encoding="utf-8"
    )
    before = digest()
    result = omst("import", chief(region), "--tertial", TERTIAL)
    expect_exit(result, 1)
    assert digest() == before
    assert "genomforandeplan.yaml" in result.stdout


@pytest.mark.parametrize(
    ("file", "old", "new"),
    [
        # another förvaltning's file, read once and not read again after the merge
        (
            "plan/forvaltningar/nu.yaml",
            "  - id: NU.M1\n    avser: NV\n",
            "  - id: NU.M1\n    avser: XX.9\n",
        ),
        # the file the answers go into, read again with them in place
        (SKAS, "  - id: SKAS.S1\n    avser: VP.1\n", "  - id: SKAS.S1\n    avser: XX.9\n"),
    ],
)
def test_an_import_reports_exactly_the_errors_validate_finds_in_the_result(
    region: Path, file: str, old: str, new: str
) -> None:
    # An ID that no plan has is a cross-file error: only the check over every file finds it.
    form = chief(region)
    shutil.copytree(PLAN, "result")
    expect_exit(omst("import", form, "--tertial", TERTIAL, "--plan-dir", "result"), 0)
    for plans in ("plan", "result"):
        path = Path(plans) / Path(file).relative_to("plan")
        text = path.read_text(encoding="utf-8")
        assert old in text
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    before = digest(), digest(file)
    imported = omst("import", form, "--tertial", TERTIAL, "--format", "json")
    expect_exit(imported, 1)
    assert (digest(), digest(file)) == before
    validated = omst("validate", "--plan-dir", "result", "--format", "json")
    expect_exit(validated, 1)
    errors = [
        {**f, "file": "plan/" + str(Path(f["file"]).relative_to("result"))}
        for f in json.loads(validated.stdout)
        if f["severity"] == "error"
    ]
    assert any("XX.9" in f["message"] for f in errors)
    assert json.loads(imported.stdout) == errors


def test_a_forvaltning_file_that_breaks_its_schema_takes_no_answers(region: Path) -> None:
    text = Path(SKAS).read_text(encoding="utf-8").replace('period: "T2 2024"', "period: T2", 1)
    Path(SKAS).write_text(text, encoding="utf-8")
    before = digest()
    result = omst("import", chief(region), "--tertial", TERTIAL)
    expect_exit(result, 1)
    assert digest() == before


def test_findings_are_in_swedish_under_a_swedish_locale(region: Path) -> None:
    row = row_of("VP.1")
    fill(region / FORM, {f"E{row}": "Grönt"})
    i18n.use("sv")
    result = omst("import", FORM, "--tertial", TERTIAL)
    expect_exit(result, 1)
    assert f"{FORM}:Status!E{row}: " in result.stdout
    assert "finns inte i listan; välj något av: Målet kommer att uppnås" in result.stdout


# --- what it must show: a chief's form, end to end through the plans' history ------------


def _repo_with_the_plans(root: Path, sent: Path) -> Path:
    """A git repository at `root` (the current directory) with a copy of the region's plans
    committed and the sent form beside them, untracked."""
    root.mkdir()
    git(root, "init", "--quiet", "--initial-branch=main")
    shutil.copytree(PLAN, root / "plan")
    git(root, "add", "plan")
    git(root, "commit", "--quiet", "--no-verify", "-m", "planerna")
    shutil.copy(sent, root / FORM)
    return root


def _re_saved_by_libreoffice(filled: Path) -> Path:
    if not shutil.which("soffice"):
        pytest.skip("LibreOffice (soffice) is not installed, so no re-save can be tried")
    subprocess.run(
        ["soffice", "--headless", "--convert-to", "xlsx", "--outdir", "lo", str(filled)],
        check=True,
        capture_output=True,
        timeout=120,
    )
    return filled.parent / "lo" / filled.name


@pytest.mark.parametrize("saved_by", ["openpyxl", "libreoffice"])
def test_a_chiefs_answers_reach_validate_status_diff_and_log_exactly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, sent: Path, saved_by: str
) -> None:
    repo = _repo_with_the_plans(tmp_path / "repo", sent)
    monkeypatch.chdir(repo)
    filled = chief(repo)
    if saved_by == "libreoffice":
        filled = _re_saved_by_libreoffice(filled)
    expect_exit(omst("import", filled, "--tertial", TERTIAL), 0)

    expect_exit(omst("validate"), 0)

    status = omst("status", "--tertial", TERTIAL, "--forvaltning", "SKAS", "--format", "json")
    expect_exit(status, 0)
    skas = json.loads(status.stdout)["forvaltningar"]
    assert [f["id"] for f in skas] == ["SKAS"]
    cells = {k: (c["light"], c["missing"], c["status"]) for k, c in skas[0]["cells"].items()}
    # The one light given, the one "Ej bedömd" (answered, no light), and every row left
    # empty as asked and not answered; the layers SkaS was not asked about stay empty.
    assert cells == {
        "NV": (None, True, ["SKAS.S5"]),
        "PR": (None, True, ["SKAS.S6"]),
        "KV": (None, True, ["SKAS.S7"]),
        "KF": (None, True, ["SKAS.S8"]),
        "BU": (None, True, ["SKAS.S9"]),
        "DIG": (None, False, []),
        "UPF": (None, False, []),
        "VP.1": ("delvis", False, ["SKAS.S10"]),
        "VP.2": (None, True, ["SKAS.S11"]),
        "VP.3": (None, False, ["SKAS.S12"]),
        "VP.4": (None, True, ["SKAS.S13"]),
    }
    assert entries()["VP.1"]["punkter"] == VP1_POINTS.split("\n")

    diff = omst("diff", "--format", "json")
    expect_exit(diff, 0)
    change = json.loads(diff.stdout)
    assert [(a["id"], a["avser"], a["period"]) for a in change["added"]] == [
        (f"SKAS.S{n}", [avser], TERTIAL)
        for n, avser in enumerate(["NV", "PR", "KV", "KF", "BU", "VP.1", "VP.2", "VP.3", "VP.4"], 5)
    ]
    assert [(c["id"], c["changes"]) for c in change["changed"]] == [
        ("SKAS.I1", [{"field": "utfall.T3 2024", "old": None, "new": "47.5"}])
    ]
    assert change["removed"] == change["moved"] == change["reordered"] == []
    text = omst("diff")
    expect_exit(text, 0)
    for point in VP1_POINTS.split("\n"):
        assert point in text.stdout

    git(repo, "add", "plan")
    git(repo, "commit", "--quiet", "--no-verify", "-m", "SkaS svar T3 2024")
    answer = git(repo, "rev-parse", "HEAD").strip()
    log = omst("log", "VP.1", "--format", "json")
    expect_exit(log, 0)
    revisions = json.loads(log.stdout)["revisions"]
    assert [(r["change"], r["id"]) for r in revisions if r["commit"] == answer] == [
        ("added", "SKAS.S10"),
        ("changed", "SKAS.I1"),
    ]
