"""The förvaltningar's follow-up: its schema and checks, `omst status`, the follow-up part of
the rendered document with its charts, and `omst export` to a workbook.

The fixture is the mini plans with three förvaltningar: AA reports on NV, NV.1 and VP.1 and
has an indicator series; BB reports on PR only; CC has not reported.
"""

from __future__ import annotations

import json
import shutil
import xml.etree.ElementTree as ET
from datetime import date

import pytest

from helpers import REPO, PlanCopy, expect_exit, omst
from omstallning import i18n
from omstallning.formats.chart import indicator_svg

FOLLOWUP = REPO / "tests" / "fixtures" / "followup"
AA = "plan/forvaltningar/aa.yaml"
BB = "plan/forvaltningar/bb.yaml"


@pytest.fixture
def fu(plans: PlanCopy) -> PlanCopy:
    shutil.copytree(FOLLOWUP, plans.dir / "forvaltningar")
    return plans


def status(*args: str) -> dict:
    result = omst("status", "--plan-dir", "plan", "--format", "json", *args)
    expect_exit(result, 0)
    return json.loads(result.stdout)


# --- validate ----------------------------------------------------------------------------


def test_the_fixture_and_the_repos_follow_up_files_are_valid(fu: PlanCopy) -> None:
    result = fu.validate()
    assert result.stdout == ""
    assert "5 plan files valid" in result.stderr
    expect_exit(result, 0)
    repo = omst("validate", "--plan-dir", str(REPO / "plan"))
    assert "0 error(s)" in repo.stderr and "in 11 plan files" in repo.stderr


def test_a_tertial_that_is_not_one_is_reported_where_it_stands(fu: PlanCopy) -> None:
    fu.replace(
        AA, 'period: "T1 2024"\n    bedomning: delvis', 'period: "T4 2024"\n    bedomning: delvis'
    )
    result = fu.validate()
    assert result.findings == [f"{AA}:11:13: error OMST104"]
    expect_exit(result, 1)


def test_a_number_written_as_text_is_an_error(fu: PlanCopy) -> None:
    fu.replace(AA, "utfall: 16.3", 'utfall: "16,3"')
    result = fu.validate()
    assert result.findings == [f"{AA}:43:17: error OMST103"]


def test_a_decimal_outcome_is_a_number(fu: PlanCopy) -> None:
    data = status("--as-of", "2024-06-01")
    assert data["indicators_missing_target"][0]["utfall"] == 16.3


def test_file_named_other_than_its_id_is_reported(fu: PlanCopy) -> None:
    (fu.dir / "forvaltningar" / "aa.yaml").rename(fu.dir / "forvaltningar" / "forv-a.yaml")
    result = fu.validate()
    assert result.findings == ["plan/forvaltningar/forv-a.yaml:3:1: error OMST301"]
    assert "name the file aa.yaml" in result.messages[0]


def test_a_report_on_an_item_the_plans_lack_is_an_error(fu: PlanCopy) -> None:
    fu.replace(AA, "avser: NV.1\n", "avser: NV.9\n")
    result = fu.validate()
    assert result.findings == [f"{AA}:10:12: error OMST302"]
    assert result.messages == [
        "AA.S1 concerns NV.9, which is not an item of the plans (existing: NV, NV.1, NV.2)"
    ]


def test_a_local_goal_must_break_down_an_area_or_subarea(fu: PlanCopy) -> None:
    fu.replace(AA, "avser: NV.2\n", "avser: VP.1\n")
    result = fu.validate()
    assert result.findings == [f"{AA}:28:12: error OMST302"]
    assert "which is not an area or subarea" in result.messages[0]


def test_a_series_out_of_time_order_is_an_error(fu: PlanCopy) -> None:
    fu.replace(
        AA, 'period: "T1 2024"\n        utfall: 16.3', 'period: "T1 2023"\n        utfall: 16.3'
    )
    result = fu.validate()
    assert result.findings == [f"{AA}:42:9: error OMST303"]
    assert result.messages == ["AA.I1: T1 2023 comes after T2 2023; a series runs forward in time"]


# --- the schema refinements of the reporting round ----------------------------------------

MONTH_READING = 'period: "T2 2024"\n        malvarde: 25'


def test_an_indicator_may_give_a_months_figure_beside_its_tertials(fu: PlanCopy) -> None:
    fu.replace(AA, MONTH_READING, 'period: "2024-05"\n        utfall: 15\n      - ' + MONTH_READING)
    expect_exit(fu.validate(), 0)
    # May's figure (without a target) is the latest outcome in T2, not T1's missed one.
    assert status("--as-of", "2024-06-01")["indicators_missing_target"] == []
    assert len(status("--as-of", "2024-04-01")["indicators_missing_target"]) == 1
    render = omst("render", "--plan-dir", "plan", "--out", "out", "--format", "md")
    expect_exit(render, 0)
    assert "| 2024-05 | 15 | — |" in (fu.root / "out" / "inriktningsdokument.md").read_text(
        encoding="utf-8"
    )


def test_a_month_stands_before_the_tertial_it_ends_in(fu: PlanCopy) -> None:
    fu.replace(AA, MONTH_READING, MONTH_READING + '\n      - period: "2024-07"\n        utfall: 22')
    result = fu.validate()
    assert result.findings == [f"{AA}:47:9: error OMST303"]
    assert result.messages == ["AA.I1: 2024-07 comes after T2 2024; a series runs forward in time"]


@pytest.mark.parametrize("engine", ["rust", "python"])
@pytest.mark.parametrize("month", ["2024-13", "2024-7", "juli 2024", "2024-00"])
def test_a_month_that_is_not_one_is_reported_where_it_stands(
    fu: PlanCopy, engine: str, month: str
) -> None:
    fu.replace(AA, 'period: "T1 2024"\n        utfall', f'period: "{month}"\n        utfall')
    result = fu.validate(env={"OMST_SCHEMA_ENGINE": engine})
    assert result.findings == [f"{AA}:42:17: error OMST104"]
    assert "or a month '2024-07'" in result.messages[0]


@pytest.mark.parametrize(
    "old, new",
    [
        ("avser: NV.1\n", "avser: NV.1.E1\n"),  # a status
        ("avser: NV.2\n", "avser: NV.2.E2\n"),  # a local goal
        ("avser: NV\n    enhet", "avser: NV.1.E1\n    enhet"),  # an indicator
    ],
)
def test_a_status_goal_or_indicator_may_be_about_an_effect_goal_row(
    fu: PlanCopy, old: str, new: str
) -> None:
    fu.replace(AA, old, new)
    expect_exit(fu.validate(), 0)


def test_skas_july_figure_is_data_and_its_point_stays_as_written() -> None:
    from omstallning.core.plans import valid_plans

    skas = next(f for f in valid_plans(REPO / "plan").forvaltningar if f.id == "SKAS")
    july = next(i for i in skas.indicators if i.id == "SKAS.I1")
    assert [(str(r.period), r.outcome, r.target) for r in july.readings] == [("2024-07", 74, None)]
    assert (july.avser, july.enhet) == ("VP.1", "%")
    assert "(74 % i juli)" in next(s for s in skas.status if s.id == "SKAS.S1").punkter[2]


def test_skas_digital_contacts_in_july_are_data_and_their_point_stays_as_written() -> None:
    from omstallning.core.plans import valid_plans

    skas = next(f for f in valid_plans(REPO / "plan").forvaltningar if f.id == "SKAS")
    digital = next(i for i in skas.indicators if i.id == "SKAS.I2")
    assert digital.namn == "Andel av alla vårdkontakter som var digitala"
    assert [(str(r.period), r.outcome, r.target, r.light) for r in digital.readings] == [
        ("2024-07", 16.3, None, None)
    ]
    assert (digital.avser, digital.enhet) == ("VP.3", "%")
    point = next(s for s in skas.status if s.id == "SKAS.S3").punkter[1]
    assert point.startswith("16,3 % av alla vårdkontakter var digitala i juli.")
    assert "13 augusti (35 % jan-juli)" in point


def test_an_effect_goal_row_the_plan_lacks_is_an_error_that_names_the_rows(fu: PlanCopy) -> None:
    fu.replace(AA, "avser: NV.1\n", "avser: NV.1.E9\n")
    result = fu.validate()
    assert result.findings == [f"{AA}:10:12: error OMST302"]
    assert result.messages == [
        "AA.S1 concerns NV.1.E9, which is not an item of the plans (existing: NV.1, NV.1.E1)"
    ]


def test_a_goal_may_not_be_about_a_milestone(fu: PlanCopy) -> None:
    fu.replace(AA, "avser: NV.2\n", "avser: VP.1.M1\n")
    result = fu.validate()
    assert result.findings == [f"{AA}:28:12: error OMST104"]


UNANSWERED = "    bedomning: uppnas\n    punkter:\n      - Nära vård går enligt plan <b>fet</b>\n"


def test_a_status_asked_for_and_not_answered_is_shown_as_missing(fu: PlanCopy) -> None:
    fu.replace(AA, UNANSWERED, "    saknas: true\n")
    expect_exit(fu.validate(), 0)
    cell = status("--as-of", "2024-06-01")["forvaltningar"][0]["cells"]["NV"]
    assert (cell["missing"], cell["period"], cell["light"]) == (True, "T2 2024", None)
    assert cell["label"] == "✗ saknas (T2 2024)"
    # An answer without a light (AA.S3 on VP.1) is reported, not missing.
    vp1 = status("--as-of", "2024-06-01")["forvaltningar"][0]["cells"]["VP.1"]
    assert (vp1["missing"], vp1["reported"], vp1["label"]) == (
        False,
        True,
        "○ rapporterad (T2 2024)",
    )
    expect_exit(omst("render", "--plan-dir", "plan", "--out", "out", "--as-of", "2024-06-01"), 0)
    md = (fu.root / "out" / "inriktningsdokument.md").read_text(encoding="utf-8")
    assert "- AA.S2 (NV, T2 2024): saknas (efterfrågad, inte besvarad)" in md


@pytest.mark.parametrize("engine", ["rust", "python"])
@pytest.mark.parametrize(
    "replacement, findings, words",
    [
        ("    saknas: true\n" + UNANSWERED, ["19:5 error OMST100", "20:5 error OMST100"], "saknas"),
        ("    saknas: false\n", ["15:5 error OMST102"], "missing required key 'punkter'"),
        ("    saknas: ja\n", ["15:5 error OMST102", "18:13 error OMST103"], "true or false"),
    ],
)
def test_a_missing_status_has_no_points_and_an_answered_one_has_them(
    fu: PlanCopy, engine: str, replacement: str, findings: list[str], words: str
) -> None:
    fu.replace(AA, UNANSWERED, replacement)
    result = fu.validate(env={"OMST_SCHEMA_ENGINE": engine})
    assert result.findings == [f"{AA}:{f.replace(' ', ': ', 1)}" for f in findings]
    assert words in result.messages[-1]
    expect_exit(result, 1)


def test_a_light_that_contradicts_the_numbers_is_a_warning(fu: PlanCopy) -> None:
    fu.replace(BB, "bedomning: uppnas", "bedomning: ej")
    result = fu.validate()
    assert result.findings == [f"{BB}:20:9: warning OMST304"]
    assert result.messages == [
        "BB.I1 T3 2023: the light says 'not achieved', but the outcome 40 reaches the target 30"
    ]
    expect_exit(result, 0)


DECIMAL_READING = '      - period: "T1 2024"\n        utfall: 16.3\n        malvarde: 20\n'


def test_a_light_that_contradicts_a_decimal_outcome_writes_it_with_a_point_in_english(
    fu: PlanCopy,
) -> None:
    fu.replace(AA, DECIMAL_READING, DECIMAL_READING + "        bedomning: uppnas\n")
    result = fu.validate()
    assert result.messages == [
        "AA.I1 T1 2024: the light says 'achieved', but the outcome 16.3 misses the target 20"
    ]


@pytest.mark.usefixtures("swedish")
def test_a_light_that_contradicts_a_decimal_outcome_writes_it_with_a_comma_in_swedish(
    fu: PlanCopy,
) -> None:
    fu.replace(AA, DECIMAL_READING, DECIMAL_READING + "        bedomning: uppnas\n")
    result = fu.validate()
    assert len(result.messages) == 1
    assert "16,3" in result.messages[0] and "16.3" not in result.messages[0], result.messages


def test_a_table_row_with_too_few_cells_is_an_error(fu: PlanCopy) -> None:
    fu.write(
        "plan/forvaltningar/cc.yaml",
        fu.text("plan/forvaltningar/cc.yaml").replace(
            "rapporterat: false\n",
            "rapporterat: true\ntabeller:\n  - id: CC.T1\n    rubrik: T\n"
            "    kolumner: [A, B]\n    rader:\n      - [1, 2]\n      - [3]\n",
        ),
    )
    result = fu.validate()
    assert result.findings == ["plan/forvaltningar/cc.yaml:9:5: error OMST305"]
    assert result.messages == ["CC.T1 row 2 has 1 cell(s) for 2 column(s)"]


def test_ids_are_unique_across_the_follow_up_and_the_plans(fu: PlanCopy) -> None:
    fu.replace(BB, "  - id: BB.S1\n", "  - id: AA.S1\n")
    result = fu.validate()
    assert f"{BB}:9:5: error OMST201" in result.findings
    assert f"{BB}:9:5: warning OMST202" in result.findings


# --- omst status -------------------------------------------------------------------------


def test_a_forvaltning_that_has_not_reported_is_a_gap_everywhere(fu: PlanCopy) -> None:
    data = status("--as-of", "2024-09-01")
    cc = next(f for f in data["forvaltningar"] if f["id"] == "CC")
    assert [c["label"] for c in cc["cells"].values()] == ["✗ saknas"] * 5
    assert {"forvaltning": "CC", "avser": "NV"} in data["gaps"]


def test_partial_reports_leave_gaps_on_the_rest(fu: PlanCopy) -> None:
    data = status("--as-of", "2024-09-01")
    bb = next(f for f in data["forvaltningar"] if f["id"] == "BB")["cells"]
    assert bb["PR"]["reported"] and bb["PR"]["light"] == "ej"
    assert [c for c, cell in bb.items() if not cell["reported"]] == ["NV", "DIG", "VP.1", "VP.2"]
    assert data["columns"][0] == {"id": "NV", "namn": "Nära vård", "kind": "area"}


def test_the_latest_tertial_by_the_as_of_day_decides_the_light(fu: PlanCopy) -> None:
    march = status("--as-of", "2024-03-01")["forvaltningar"][0]["cells"]["NV"]
    june = status("--as-of", "2024-06-01")["forvaltningar"][0]["cells"]["NV"]
    assert (march["period"], march["light"], march["status"]) == ("T1 2024", "delvis", ["AA.S1"])
    assert (june["period"], june["light"], june["status"]) == ("T2 2024", "uppnas", ["AA.S2"])
    assert june["label"] == "● uppnås (T2 2024)"
    before = status("--as-of", "2023-01-01")["forvaltningar"][0]["cells"]["NV"]
    assert before["period"] is None and before["reported"]  # a local goal and an indicator


def test_indicators_whose_latest_outcome_misses_the_target_are_listed(fu: PlanCopy) -> None:
    assert status("--as-of", "2023-12-01")["indicators_missing_target"] == [
        {
            "forvaltning": "AA",
            "id": "AA.I1",
            "namn": "Andel digitala kontakter <script>",
            "period": "T2 2023",
            "utfall": 57,
            "malvarde": 63,
            "enhet": "%",
        }
    ]
    # In T2 2024 the series has a target only: the latest outcome is T1 2024's.
    assert [m["period"] for m in status("--as-of", "2024-12-01")["indicators_missing_target"]] == [
        "T1 2024"
    ]


@pytest.mark.usefixtures("swedish")
def test_status_as_a_table_shows_shapes_and_words(fu: PlanCopy) -> None:
    result = omst("status", "--plan-dir", "plan", "--as-of", "2024-06-01")
    expect_exit(result, 0)
    assert "● uppnås" in result.stdout and "✗ saknas" in result.stdout
    assert "■ uppnås ej" in result.stdout and "Målet kommer ej att" in result.stdout


@pytest.mark.parametrize(
    "fmt, expected",
    [
        ("markdown", "| A-förv | ● uppnås (T2 2024) |"),
        ("csv", "A-förv,● uppnås (T2 2024),"),
    ],
)
@pytest.mark.usefixtures("swedish")
def test_status_as_markdown_and_csv(fu: PlanCopy, fmt: str, expected: str) -> None:
    result = omst("status", "--plan-dir", "plan", "--as-of", "2024-06-01", "--format", fmt)
    expect_exit(result, 0)
    assert expected in result.stdout


def test_status_with_a_bad_date_is_a_usage_error(fu: PlanCopy) -> None:
    result = omst("status", "--plan-dir", "plan", "--as-of", "2024-13-01")
    expect_exit(result, 2)
    assert "is not a date" in result.stderr


def test_status_without_forvaltningar_says_so(plans: PlanCopy) -> None:
    i18n.use("sv")
    result = omst("status", "--plan-dir", "plan", "--format", "markdown")
    expect_exit(result, 0)
    assert "Inga förvaltningar i plan/forvaltningar/." in result.stdout


# --- omst status for the round ----------------------------------------------------------


def test_the_round_tells_who_answered_who_did_not_and_whose_status_is_older(
    fu: PlanCopy,
) -> None:
    data = status("--tertial", "T2 2024", "--as-of", "2024-12-01")
    assert data["tertial"] == "T2 2024"
    assert data["round"] == [
        {"forvaltning": "AA", "answer": "answered", "latest": "T2 2024", "older": False},
        {"forvaltning": "BB", "answer": "unanswered", "latest": "T3 2023", "older": True},
        {"forvaltning": "CC", "answer": "not_reporting", "latest": None, "older": True},
    ]
    later = status("--tertial", "t3  2024")["round"][0]
    assert (later["answer"], later["latest"], later["older"]) == ("unanswered", "T2 2024", True)


def test_a_round_asked_for_and_not_answered_is_missing(fu: PlanCopy) -> None:
    fu.write(
        AA,
        fu.text(AA).replace(
            "mal:\n",
            '  - id: AA.S4\n    avser: NV\n    period: "T3 2024"\n    saknas: true\nmal:\n',
        ),
    )
    data = status("--tertial", "T3 2024")
    assert data["round"][0] == {
        "forvaltning": "AA",
        "answer": "missing",
        "latest": "T2 2024",
        "older": True,
    }
    assert data["forvaltningar"][0]["cells"]["NV"]["label"] == "✗ saknas (T3 2024)"


def test_the_round_defaults_to_the_tertial_the_as_of_day_is_in(fu: PlanCopy) -> None:
    assert status("--as-of", "2024-09-01")["tertial"] == "T3 2024"


def test_subarea_lights_are_named_under_their_area(fu: PlanCopy) -> None:
    nv = status("--tertial", "T2 2024")["forvaltningar"][0]["cells"]["NV"]
    assert nv["label"] == "● uppnås (T2 2024)"
    assert [(i["avser"], i["namn"], i["label"]) for i in nv["items"]] == [
        ("NV", "Nära vård", "● uppnås (T2 2024)"),
        ("NV.1", "Delaktighet", "◐ delvis (T1 2024)"),
    ]
    md = omst("status", "--plan-dir", "plan", "--tertial", "T2 2024", "--format", "markdown")
    assert (
        "| A-förv | ◐ partly (T1 2024) | ↳ NV.1 | Delaktighet | older than the round | AA.S1 |"
        in (md.stdout)
    )
    text = omst("status", "--plan-dir", "plan", "--tertial", "T2 2024").stdout
    assert "↳ NV.1 ◐ partly (T1 2024) Delaktighet · older than the round" in [
        " ".join(line.split()) for line in text.splitlines()
    ]


def test_one_forvaltning_is_chosen_by_its_id_in_any_case(fu: PlanCopy) -> None:
    data = status("--forvaltning", "bb", "--tertial", "T3 2023")
    assert [f["id"] for f in data["forvaltningar"]] == ["BB"]
    assert data["round"] == [
        {"forvaltning": "BB", "answer": "answered", "latest": "T3 2023", "older": False}
    ]


@pytest.mark.parametrize(
    "args, words",
    [
        (["--forvaltning", "AB"], "no förvaltning has the ID AB (there are: AA, BB, CC)"),
        (["--tertial", "T4 2024"], 'write T1, T2 or T3 and the year, e.g. "T3 2024"'),
        (["--tertial", "2024"], '--tertial "2024" is not a tertial'),
    ],
)
def test_an_unknown_forvaltning_or_a_tertial_that_is_not_one_is_a_usage_error(
    fu: PlanCopy, args: list[str], words: str
) -> None:
    result = omst("status", "--plan-dir", "plan", *args)
    expect_exit(result, 2)
    assert words in result.stderr and result.stdout == ""


def test_status_piped_is_never_wrapped(fu: PlanCopy) -> None:
    long = "Ett mycket långt namn på en förvaltning " * 4
    fu.replace(AA, "namn: Förvaltning A", f"namn: {long.strip()}")
    result = omst("status", "--plan-dir", "plan", "--tertial", "T2 2024")
    expect_exit(result, 0)
    assert f"A-förv – {long.strip()} (AA)" in result.stdout.splitlines()


def test_status_in_a_terminal_reads_at_100_columns(
    fu: PlanCopy, monkeypatch: pytest.MonkeyPatch
) -> None:
    import io

    from omstallning.core.plans import status_report
    from omstallning.formats.status import terminal

    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    fu.replace(AA, "namn: Förvaltning A", "namn: " + "Lång förvaltning " * 10)
    monkeypatch.setenv("COLUMNS", "100")
    out = Tty()
    terminal(status_report(fu.dir, date(2024, 6, 1)), out)
    lines = out.getvalue().splitlines()
    assert max(len(line) for line in lines) <= 100
    assert any(line.endswith("…") for line in lines)


def test_status_in_swedish_is_the_regions_words(fu: PlanCopy) -> None:
    i18n.use("sv")
    result = omst("status", "--plan-dir", "plan", "--tertial", "T2 2024", "--format", "markdown")
    assert result.stdout.startswith("### Uppföljningsrundan T2 2024: vilka som har svarat (")
    assert "| B-förv | BB | inte besvarad | T3 2023 (äldre än rundan T2 2024) |" in result.stdout
    assert "Har svarat för T2 2024: 1 av 3." in result.stdout


def test_status_csv_is_one_long_table_with_gaps_and_the_round(fu: PlanCopy) -> None:
    import csv

    result = omst("status", "--plan-dir", "plan", "--tertial", "T2 2024", "--format", "csv")
    rows = list(csv.reader(result.stdout.splitlines()))
    assert rows[0][:3] == ["Förvaltning", "Assessment", "Concerns"]
    assert rows[2][:5] == ["A-förv", "◐ partly (T1 2024)", "NV.1", "NV", "Delaktighet"]
    assert rows[-5][:3] == ["C-förv", "✗ missing", "NV"]
    assert rows[-1][-2:] == ["does not report", "none"]
    assert len(rows) == 1 + 3 * 5 + 1  # the header, every förvaltning × column, NV.1


# --- the document ----------------------------------------------------------------------


def test_render_adds_the_follow_up_with_escaped_text_and_charts(fu: PlanCopy) -> None:
    expect_exit(omst("render", "--plan-dir", "plan", "--out", "out", "--as-of", "2024-06-01"), 0)
    html = (fu.root / "out" / "inriktningsdokument.html").read_text(encoding="utf-8")
    md = (fu.root / "out" / "inriktningsdokument.md").read_text(encoding="utf-8")
    assert 'id="uppfoljning"' in html and "Nära vård går enligt plan &lt;b&gt;fet&lt;/b&gt;" in html
    assert "<script>" not in html
    assert html.count('<svg xmlns="http://www.w3.org/2000/svg" class="chart"') == 2
    assert "Ingen rapport från: B-förv, C-förv." in html
    assert "## Uppföljning: förvaltningarna" in md
    assert "Nära vård går enligt plan \\<b\\>fet\\</b\\>" in md
    # The document is Swedish whatever the reader's language: a decimal comma, and a series'
    # periods (tertials or months) under "Period".
    assert "| 16,3 | 20 |" in md and "<td>16,3</td><td>20</td>" in html
    assert "| Period | Utfall" in md and "16.3" not in md


def test_render_without_forvaltningar_has_no_follow_up_part(plans: PlanCopy) -> None:
    expect_exit(omst("render", "--plan-dir", "plan", "--out", "out", "--format", "md"), 0)
    assert "Uppföljning" not in (plans.root / "out" / "inriktningsdokument.md").read_text(
        encoding="utf-8"
    )


def test_the_chart_is_valid_svg_with_a_text_alternative_and_escaped_labels() -> None:
    series = {
        "id": "X.I1",
        "namn": 'Väntan <"&> dagar',
        "enhet": "%",
        "readings": [
            {"period": "T1 2024", "outcome": 10, "target": 20},
            {"period": "T2 2024", "outcome": None, "target": 25},
            {"period": "T3 2024", "outcome": 30.5, "target": None},
        ],
    }
    svg = ET.fromstring(str(indicator_svg(series)))
    ns = "{http://www.w3.org/2000/svg}"
    assert svg.get("role") == "img" and svg.get("aria-labelledby") == "X.I1-title X.I1-desc"
    assert svg.find(f"{ns}title").text.startswith('Väntan <"&> dagar (%)')
    assert svg.find(f"{ns}desc").text == (
        "T1 2024: utfall 10, målvärde 20; T2 2024: utfall "
        "saknas, målvärde 25; T3 2024: utfall 30,5, målvärde "
        "saknas"
    )
    assert len(svg.findall(f"{ns}circle")) == 2 and len(svg.findall(f"{ns}rect")) == 2


def test_a_chart_of_one_reading_is_drawn() -> None:
    svg = ET.fromstring(
        str(
            indicator_svg(
                {
                    "id": "Y",
                    "namn": "Y",
                    "enhet": "",
                    "readings": [{"period": "T1 2024", "outcome": 0, "target": 0}],
                }
            )
        )
    )
    assert svg.find("{http://www.w3.org/2000/svg}circle") is not None


# --- the workbook ------------------------------------------------------------------------


@pytest.mark.usefixtures("swedish")
def test_export_writes_a_workbook_another_reader_reads(fu: PlanCopy) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    out = fu.root / "plans.xlsx"
    expect_exit(omst("export", "--plan-dir", "plan", "--out", str(out), "--as-of", "2024-06-01"), 0)
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == [
        "Om arbetsboken",
        "Delområden och effektmål",
        "Aktiviteter",
        "Indikatorer",
        "Arbetsströmmar och milstolpar",
        "Länkar",
        "Antal per område",
        "Förvaltningar status",
        "Indikatorserier",
        "Förvaltningar poster",
    ]
    goals = book["Delområden och effektmål"]
    assert goals.freeze_panes == "A2" and goals.auto_filter.ref.startswith("A1:")
    assert [c.value for c in goals[2]][:4] == ["NV", "NV.1", "Delaktighet", "NV.1.E1"]
    assert goals["B2"].data_type == "s"  # IDs are text
    followup = book["Förvaltningar status"]
    rows = [[c.value for c in row] for row in followup.iter_rows(min_row=2)]
    assert rows[-5][:6] == ["CC", "Förvaltning C", "nej", "NV", "Nära vård", "✗ saknas"]
    series = [[c.value for c in row] for row in book["Indikatorserier"].iter_rows(min_row=2)]
    assert series[1][5:8] == ["T1 2024", 16.3, 20]
    posts = [[c.value for c in row] for row in book["Förvaltningar poster"].iter_rows(min_row=2)]
    assert [
        "AA",
        "status",
        "AA.S2",
        "NV",
        "T2 2024",
        "Målet kommer att uppnås",
        "uppnas",
        None,
        "Nära vård går enligt plan <b>fet</b>",
    ] in posts
    assert [
        "AA",
        "effektmal",
        "AA.M1",
        "NV.2",
        "2024",
        None,
        None,
        None,
        "Samverkan med kommunerna är etablerad",
    ] in posts


@pytest.mark.usefixtures("swedish")
def test_export_shows_the_regions_words_for_lights_with_the_codes_beside(fu: PlanCopy) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    expect_exit(omst("export", "--plan-dir", "plan", "--out", "x.xlsx", "--as-of", "2024-06-01"), 0)
    book = openpyxl.load_workbook(fu.root / "x.xlsx")
    status_sheet = [[c.value for c in row] for row in book["Förvaltningar status"].iter_rows()]
    assert status_sheet[0][7:9] == ["Bedömning", "Bedömning (kod)"]
    assert status_sheet[1][:2] + status_sheet[1][5:9] == [
        "AA",
        "Förvaltning A",
        "● uppnås (T2 2024)",
        "T2 2024",
        "Målet kommer att uppnås",
        "uppnas",
    ]
    vp1 = next(r for r in status_sheet if r[0] == "AA" and r[3] == "VP.1")
    assert vp1[7:9] == ["Ej bedömd", None]  # answered, without a light
    series = [[c.value for c in row] for row in book["Indikatorserier"].iter_rows()]
    assert series[0][5] == "Period"
    assert series[1][5:10] == ["T2 2023", 57, 63, "Målet kommer ej att uppnås", "ej"]


@pytest.mark.usefixtures("swedish")
def test_export_names_the_commit_and_the_day_on_its_first_sheet(fu: PlanCopy) -> None:
    import subprocess

    openpyxl = pytest.importorskip("openpyxl")
    git = ["git", "-c", "user.name=t", "-c", "user.email=t@t", "-c", "commit.gpgsign=false"]
    subprocess.run(["git", "init", "-q"], cwd=fu.root, check=True)
    subprocess.run([*git, "add", "plan"], cwd=fu.root, check=True)
    subprocess.run([*git, "commit", "-qm", "plans"], cwd=fu.root, check=True)
    commit = subprocess.run(
        ["git", "rev-parse", "HEAD"], cwd=fu.root, check=True, capture_output=True, text=True
    ).stdout.strip()
    expect_exit(omst("export", "--plan-dir", "plan", "--out", "x.xlsx", "--as-of", "2024-06-01"), 0)
    first = openpyxl.load_workbook(fu.root / "x.xlsx").worksheets[0]
    about = {row[0].value: row[1].value for row in first.iter_rows(min_row=2)}
    assert first.title == "Om arbetsboken"
    assert about["Commit"] == commit and about["Ändringar efter commit"] == "nej"
    assert (about["Uppföljning per"], about["Tertial"], about["Planmapp"]) == (
        "2024-06-01",
        "T2 2024",
        "plan",
    )
    assert len(about["Commitdatum"]) == 10


@pytest.mark.usefixtures("swedish")
def test_export_writes_period_spans_with_an_en_dash(fu: PlanCopy) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    expect_exit(omst("export", "--plan-dir", "plan", "--out", "x.xlsx"), 0)
    headers = [
        c.value for c in openpyxl.load_workbook(fu.root / "x.xlsx")["Delområden och effektmål"][1]
    ]
    spans = [h for h in headers if h.startswith("Effektmål ") and len(h) > 14]
    assert spans and all("–" in h and "-" not in h for h in spans)


@pytest.mark.parametrize("name", ["x.csv", "x.xlsm", "x", "x.xlsx.csv"])
def test_export_to_a_name_that_is_no_workbook_is_refused_and_writes_nothing(
    fu: PlanCopy, name: str
) -> None:
    result = omst("export", "--plan-dir", "plan", "--out", name)
    expect_exit(result, 2)
    assert "omst export writes an Excel workbook; give a file name ending in .xlsx" in result.stderr
    assert not (fu.root / name).exists()
    assert sorted(p.name for p in fu.root.iterdir()) == ["plan"]


def test_the_same_plans_give_the_same_workbook_bytes(fu: PlanCopy) -> None:
    for name in ("a.xlsx", "b.xlsx"):
        expect_exit(omst("export", "--plan-dir", "plan", "--out", name, "--as-of", "2024-06-01"), 0)
    assert (fu.root / "a.xlsx").read_bytes() == (fu.root / "b.xlsx").read_bytes()


def test_export_to_a_folder_that_cannot_be_written_is_a_usage_error(fu: PlanCopy) -> None:
    (fu.root / "blocked").write_text("a file, not a folder")
    result = omst("export", "--plan-dir", "plan", "--out", "blocked/plans.xlsx")
    expect_exit(result, 2)
    assert "cannot write" in result.stderr


def test_export_refuses_invalid_plans(fu: PlanCopy) -> None:
    fu.replace(AA, "avser: NV.1\n", "avser: NV.9\n")
    expect_exit(omst("export", "--plan-dir", "plan", "--out", "x.xlsx"), 1)
    assert not (fu.root / "x.xlsx").exists()
