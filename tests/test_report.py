"""`omst report`: the tertial form a förvaltning fills in, read back with openpyxl as a
chief's Excel would show it.

The fixture is the mini plans (areas NV and PR, layer DIG, work stream VP.1) with three
förvaltningar: AA reported on NV.1 in T1 2024 and on NV and VP.1 in T2 2024, and has an
indicator with a target for T2 2024; BB reported on PR in T3 2023; CC has not reported.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from helpers import PLAN, REPO, PlanCopy, expect_exit, omst
from omstallning import i18n
from omstallning.core.report import digest_of_plans, report_forms
from omstallning.model.followup import Tertial
from omstallning.reading import form
from omstallning.reading.errors import UsageError

FOLLOWUP = REPO / "tests" / "fixtures" / "followup"


@pytest.fixture
def fu(plans: PlanCopy) -> PlanCopy:
    shutil.copytree(FOLLOWUP, plans.dir / "forvaltningar")
    return plans


def report(*args: str) -> openpyxl.Workbook:
    result = omst("report", "--plan-dir", "plan", *args, "--out", "form.xlsx")
    expect_exit(result, 0)
    assert result.stderr == "wrote form.xlsx\n"
    return openpyxl.load_workbook("form.xlsx")


def rows(sheet: openpyxl.worksheet.worksheet.Worksheet) -> list[tuple[object, ...]]:
    return list(sheet.iter_rows(values_only=True))


# --- the Status sheet ------------------------------------------------------------------------


def test_status_has_the_plans_areas_and_every_item_reported_on_in_the_plans_order(
    fu: PlanCopy,
) -> None:
    book = report("AA", "--tertial", "T3 2024")
    assert [(r[1], r[2]) for r in rows(book[form.STATUS])] == [
        ("Avser", "Namn"),
        ("NV", "Nära vård"),
        ("NV.1", "Delaktighet"),
        ("PR", "Prioritering"),
        ("VP.1", "Nära invånaren"),
    ]
    assert rows(book[form.STATUS])[0] == form.STATUS_COLUMNS


def test_nulage_holds_the_latest_earlier_points_one_per_line_and_no_id(fu: PlanCopy) -> None:
    fu.replace(
        "plan/forvaltningar/aa.yaml",
        "      - Nära vård går enligt plan <b>fet</b>\n",
        "      - Nära vård går enligt plan <b>fet</b>\n      - 'Två: ”citat” – och en rad'\n",
    )
    status = rows(report("AA", "--tertial", "T3 2024")[form.STATUS])
    nv, nv1, pr, vp1 = status[1:]
    assert nv == (
        None,
        "NV",
        "Nära vård",
        "Nära vård går enligt plan <b>fet</b>\nTvå: ”citat” – och en rad",
        None,
    )
    assert nv1[3] == "Arbetet med delaktighet har börjat"  # T1 2024, the latest before T3
    assert pr == (None, "PR", "Prioritering", None, None)
    assert vp1[3] == "Digitala tjänster kartlagda"


def test_a_status_already_given_for_the_tertial_fills_its_row_with_id_and_assessment(
    fu: PlanCopy,
) -> None:
    status = rows(report("AA", "--tertial", "T2 2024")[form.STATUS])
    assert status[1] == (
        "AA.S2",
        "NV",
        "Nära vård",
        "Nära vård går enligt plan <b>fet</b>",
        "Målet kommer att uppnås",
    )
    # NV.1 was reported in T1 2024 only: asked again, from its points.
    assert status[2] == (None, "NV.1", "Delaktighet", "Arbetet med delaktighet har börjat", None)
    # A status without a traffic light is "Ej bedömd" in the form.
    assert status[4] == (
        "AA.S3",
        "VP.1",
        "Nära invånaren",
        "Digitala tjänster kartlagda",
        "Ej bedömd",
    )


def test_an_item_reported_on_only_after_the_tertial_is_not_asked(fu: PlanCopy) -> None:
    status = rows(report("AA", "--tertial", "T3 2023")[form.STATUS])
    assert [r[1] for r in status[1:]] == ["NV", "PR"]
    assert all(r[3] is None for r in status[1:])


def test_a_forvaltning_that_has_not_reported_is_asked_about_every_area(fu: PlanCopy) -> None:
    book = report("cc", "--tertial", "T3 2024")
    assert [r[1] for r in rows(book[form.STATUS])[1:]] == ["NV", "PR"]
    assert rows(book[form.INDICATORS]) == [form.INDICATOR_COLUMNS]


def test_bedomning_is_a_dropdown_of_the_regions_words_that_refuses_other_text(
    fu: PlanCopy,
) -> None:
    sheet = report("AA", "--tertial", "T3 2024")[form.STATUS]
    (validation,) = sheet.data_validations.dataValidation
    assert validation.type == "list"
    assert str(validation.sqref) == "E2:E5"
    assert validation.formula1 == '"' + ",".join(form.ASSESSMENTS) + '"'
    assert list(form.ASSESSMENTS) == [
        "Målet kommer att uppnås",
        "Målet kommer delvis att uppnås",
        "Målet kommer ej att uppnås",
        "Ej bedömd",
    ]
    assert validation.showErrorMessage and validation.errorStyle in (None, "stop")
    assert "Välj en bedömning ur listan" in validation.error


def test_only_the_cells_to_fill_are_unlocked_and_coloured_under_a_protection_without_password(
    fu: PlanCopy,
) -> None:
    book = report("AA", "--tertial", "T2 2024")
    for name, columns, filled in (
        (form.STATUS, form.STATUS_COLUMNS, form.STATUS_FILLED),
        (form.INDICATORS, form.INDICATOR_COLUMNS, form.INDICATOR_FILLED),
    ):
        sheet = book[name]
        assert sheet.protection.sheet and not sheet.protection.password
        assert sheet.freeze_panes == "A2"
        for row in sheet.iter_rows(min_row=2):
            for column, cell in zip(columns, row, strict=True):
                assert cell.protection.locked is (column not in filled), (name, cell.coordinate)
                coloured = cell.fill.fgColor.rgb == "FFFFF2CC"
                assert coloured is (column in filled), (name, cell.coordinate)
                assert cell.alignment.wrap_text
        for header in sheet[1]:
            assert header.protection.locked
    assert book[form.INSTRUCTIONS].protection.sheet


# --- the Indikatorer sheet -------------------------------------------------------------------


def test_indicators_one_row_per_indicator_for_the_tertial_with_the_plans_target(
    fu: PlanCopy,
) -> None:
    book = report("AA", "--tertial", "T2 2024")
    assert rows(book[form.INDICATORS]) == [
        form.INDICATOR_COLUMNS,
        ("AA.I1", "Andel digitala kontakter <script>", "T2 2024", None, 25, "%"),
    ]
    earlier = rows(report("AA", "--tertial", "T1 2024")[form.INDICATORS])
    assert earlier[1] == ("AA.I1", "Andel digitala kontakter <script>", "T1 2024", 16.3, 20, "%")
    later = rows(report("AA", "--tertial", "T3 2024")[form.INDICATORS])
    assert later[1] == ("AA.I1", "Andel digitala kontakter <script>", "T3 2024", None, None, "%")


def test_outcome_cells_without_a_value_keep_what_is_typed_as_text(fu: PlanCopy) -> None:
    sheet = report("AA", "--tertial", "T3 2024")[form.INDICATORS]
    assert sheet["D2"].number_format == "@"  # "47,5 %" and "3/4" stay as the chief wrote them
    assert sheet["E2"].number_format == "@"


# --- the instructions and the metadata -------------------------------------------------------


def test_the_instructions_come_first_and_open_in_swedish(fu: PlanCopy) -> None:
    book = report("AA", "--tertial", "T3 2024")
    assert book.sheetnames == [form.INSTRUCTIONS, form.STATUS, form.INDICATORS, form.METADATA]
    assert book.active.title == form.INSTRUCTIONS
    text = "\n".join(str(r[0]) for r in rows(book[form.INSTRUCTIONS]) if r[0])
    assert text.startswith("Tertialuppföljning T3 2024 – Förvaltning A")
    for words in ("Fyll i", "Ändra inte", "Skicka tillbaka", "form.xlsx", "Ej bedömd"):
        assert words in text


def test_the_hidden_sheet_records_the_form_the_plans_and_the_rows_as_sent(
    fu: PlanCopy,
) -> None:
    book = report("AA", "--tertial", "T2 2024")
    sheet = book[form.METADATA]
    assert sheet.sheet_state == "hidden"
    meta = {key: value or "" for key, value in rows(sheet)}
    assert list(meta) == list(form.META_KEYS)
    assert meta[form.META_FORVALTNING] == "AA"
    assert meta[form.META_TERTIAL] == "T2 2024"
    assert meta[form.META_COMMIT] == ""  # the copy is in no git repository
    assert meta[form.META_VERSION] == omstallning_version()
    digests = {
        name: hashlib.sha256((fu.dir / name).read_bytes()).hexdigest()
        for name in ("genomforandeplan.yaml", "verksamhetsplan.yaml", "forvaltningar/aa.yaml")
    }
    assert json.loads(meta[form.META_PLANS]) == digests
    assert json.loads(meta[form.META_ROWS_STATUS]) == [
        ["AA.S2", "NV"],
        ["", "NV.1"],
        ["", "PR"],
        ["AA.S3", "VP.1"],
    ]
    assert json.loads(meta[form.META_ROWS_INDICATORS]) == [["AA.I1", "T2 2024"]]


def omstallning_version() -> str:
    from omstallning import __version__

    return __version__


def test_a_long_metadata_value_goes_on_in_the_next_cells() -> None:
    value = "x" * (form.META_CELL * 2 + 5)
    assert [len(c) for c in form.chunks(value)] == [form.META_CELL, form.META_CELL, 5]
    assert "".join(form.chunks(value)) == value
    assert form.chunks("") == [""]


def test_the_same_plans_and_arguments_give_the_same_bytes(fu: PlanCopy) -> None:
    report("AA", "--tertial", "T2 2024")
    first = Path("form.xlsx").read_bytes()
    Path("form.xlsx").unlink()
    report("AA", "--tertial", "T2 2024")
    assert Path("form.xlsx").read_bytes() == first


# --- --all and the tertial -------------------------------------------------------------------


def test_all_writes_one_workbook_per_forvaltning_named_by_its_file(fu: PlanCopy) -> None:
    result = omst("report", "--plan-dir", "plan", "--all", "-t", "T3 2024", "--out-dir", "out")
    expect_exit(result, 0)
    names = ["aa-T3-2024.xlsx", "bb-T3-2024.xlsx", "cc-T3-2024.xlsx"]
    assert sorted(p.name for p in Path("out").iterdir()) == names
    assert result.stderr.splitlines() == [f"wrote out/{n}" for n in names]


def test_all_on_the_regions_plans_makes_nine_forms(tmp_path: Path) -> None:
    result = omst("report", "-p", PLAN, "--all", "-t", "T3 2024", "--out-dir", tmp_path)
    expect_exit(result, 0)
    files = sorted(p.name for p in tmp_path.iterdir())
    assert len(files) == 9
    assert "skas-T3-2024.xlsx" in files
    skas = openpyxl.load_workbook(tmp_path / "skas-T3-2024.xlsx")
    avser = [r[1] for r in rows(skas[form.STATUS])[1:]]
    assert avser == ["NV", "PR", "KV", "KF", "BU", "VP.1", "VP.2", "VP.3", "VP.4"]


def test_the_default_tertial_is_the_one_today_is_in(fu: PlanCopy) -> None:
    (file,) = report_forms(Path("plan"), "aa", False, None, None, None, date(2024, 9, 1))
    assert file.form.tertial == Tertial(2024, 3)
    assert file.path == Path("aa-T3-2024.xlsx")
    (file,) = report_forms(Path("plan"), "AA", False, " t1  2025 ", None, Path("d"), date.today())
    assert file.form.tertial == Tertial(2025, 1)
    assert file.path == Path("d/aa-T1-2025.xlsx")


# --- refusals --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["AX"], "no förvaltning has the ID AX (there are: AA, BB, CC); did you mean AA?"),
        (["ZZZZ"], "no förvaltning has the ID ZZZZ (there are: AA, BB, CC)\n"),
        (["AA", "-t", "T4 2024"], '--tertial "T4 2024" is not a tertial: write T1, T2 or T3'),
        (["AA", "-t", "2024"], '--tertial "2024" is not a tertial'),
        (["AA", "--out", "form.csv"], "--out form.csv: the form is an Excel workbook"),
        (["AA", "--out", "plan/aa.xlsx"], "plan/aa.xlsx: inside the plan folder plan;"),
        (["AA", "--out-dir", "plan/forvaltningar"], "inside the plan folder plan;"),
        (["--all", "--out-dir", "plan"], "inside the plan folder plan;"),
        (["AA", "--all"], "name one förvaltning or give --all, not both"),
        ([], "name the förvaltning the form is for (e.g. SKAS), or give --all"),
        (["--all", "--out", "x.xlsx"], "--out names the workbook of one förvaltning"),
    ],
)
def test_bad_input_is_refused_with_a_clear_message_and_nothing_written(
    fu: PlanCopy, args: list[str], message: str
) -> None:
    before = sorted(p for p in Path(".").rglob("*"))
    result = omst("report", "--plan-dir", "plan", *args)
    expect_exit(result, 2)
    assert result.stdout == ""
    assert result.stderr.startswith("omst: error: ")
    assert message in result.stderr
    assert sorted(p for p in Path(".").rglob("*")) == before


def test_plans_with_errors_make_no_form(fu: PlanCopy) -> None:
    fu.replace("plan/forvaltningar/aa.yaml", "avser: NV.1\n", "avser: NV.9\n")
    result = omst("report", "--plan-dir", "plan", "AA", "-t", "T3 2024")
    expect_exit(result, 1)
    assert not Path("aa-T3-2024.xlsx").exists()


def test_messages_follow_the_language(fu: PlanCopy) -> None:
    i18n.use("sv")
    result = omst("report", "--plan-dir", "plan", "AA", "-t", "T5 2024")
    expect_exit(result, 2)
    assert result.stderr == (
        'omst: fel: --tertial "T5 2024" är ingen tertial: skriv T1, T2 eller T3 och året, '
        't.ex. "T3 2024"\n'
    )


def test_a_month_the_indicator_has_a_reading_for_gets_its_own_row_before_the_tertials(
    fu: PlanCopy,
) -> None:
    fu.replace(
        "plan/forvaltningar/aa.yaml",
        '      - period: "T2 2024"\n        malvarde: 25\n',
        '      - period: "2024-07"\n        utfall: 21.5\n'
        '      - period: "T2 2024"\n        malvarde: 25\n',
    )
    name = "Andel digitala kontakter <script>"
    assert rows(report("AA", "--tertial", "T2 2024")[form.INDICATORS])[1:] == [
        ("AA.I1", name, "2024-07", 21.5, None, "%"),
        ("AA.I1", name, "T2 2024", None, 25, "%"),
    ]
    # February 2024 is in T1 2024; as a tuple it equals T2 2024, and is no reading of it.
    fu.replace(
        "plan/forvaltningar/aa.yaml",
        '      - period: "2024-07"\n        utfall: 21.5\n',
        "",
    )
    fu.replace(
        "plan/forvaltningar/aa.yaml",
        '      - period: "T1 2024"\n',
        '      - period: "2024-02"\n        utfall: 9\n      - period: "T1 2024"\n',
    )
    assert rows(report("AA", "--tertial", "T2 2024")[form.INDICATORS])[1:] == [
        ("AA.I1", name, "T2 2024", None, 25, "%"),
    ]


def test_a_status_asked_and_not_answered_keeps_its_id_and_offers_the_points_before_it(
    fu: PlanCopy,
) -> None:
    fu.replace(
        "plan/forvaltningar/aa.yaml",
        "  - id: AA.S3\n",
        '  - id: AA.S4\n    avser: NV.1\n    period: "T2 2024"\n    saknas: true\n  - id: AA.S3\n',
    )
    status = rows(report("AA", "--tertial", "T2 2024")[form.STATUS])
    assert status[2] == ("AA.S4", "NV.1", "Delaktighet", None, None)
    later = rows(report("AA", "--tertial", "T3 2024")[form.STATUS])
    assert later[2] == (None, "NV.1", "Delaktighet", "Arbetet med delaktighet har börjat", None)


def test_the_plans_digest_tells_which_plan_file_changed_since_the_form(fu: PlanCopy) -> None:
    sent = json.loads(digest_of_plans(Path("plan"), "aa.yaml"))
    fu.replace("plan/forvaltningar/aa.yaml", "kortnamn: A-förv", "kortnamn: A-förvaltningen")
    now = json.loads(digest_of_plans(Path("plan"), "aa.yaml"))
    assert [name for name in now if now[name] != sent[name]] == ["forvaltningar/aa.yaml"]
    meta = dict(rows(report("AA", "-t", "T2 2024")[form.METADATA]))
    assert json.loads(meta[form.META_PLANS]) == now


def test_a_plan_file_that_cannot_be_read_for_the_digest_is_a_usage_error(fu: PlanCopy) -> None:
    with pytest.raises(UsageError, match=r"forvaltningar/zz.yaml: cannot read"):
        digest_of_plans(Path("plan"), "zz.yaml")
