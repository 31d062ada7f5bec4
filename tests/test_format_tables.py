"""The table writers (terminal, Markdown, CSV, JSON) of stats, link and status, on report
data built by hand or by the analyses from the mini plans: no CLI in between."""

from __future__ import annotations

import csv
import io
import json
import shutil
from datetime import date

import pytest

from helpers import MINI, REPO
from omstallning import i18n
from omstallning.analyses import links, status
from omstallning.analyses.stats import AreaCount, Stats, StreamCount
from omstallning.checks import check_dir
from omstallning.formats import TABLES, writer
from omstallning.model.plans import Genomforandeplan, Loc, Period, Verksamhetsplan


def written(report: object, fmt: str) -> str:
    out = io.StringIO()
    writer(TABLES, fmt)(report, out)
    return out.getvalue()


@pytest.fixture(scope="module")
def plans() -> tuple[Genomforandeplan, Verksamhetsplan]:
    checked = check_dir(MINI)
    assert checked.plans.gp and checked.plans.vp
    return checked.plans.gp, checked.plans.vp


@pytest.fixture(scope="module")
def followup(tmp_path_factory: pytest.TempPathFactory) -> status.Status:
    root = tmp_path_factory.mktemp("followup")
    shutil.copytree(MINI, root / "plan")
    shutil.copytree(REPO / "tests" / "fixtures" / "followup", root / "plan" / "forvaltningar")
    checked = check_dir(root / "plan")
    assert checked.plans.gp and checked.plans.vp
    gp, vp = checked.plans.gp, checked.plans.vp
    return status.compute(gp, vp, checked.plans.forvaltningar, date(2025, 6, 1))


AT = Loc("plan/verksamhetsplan.yaml", 1, 1)
STATS = Stats(
    areas=(AreaCount("NV", "Nära vård", 2, 5, 3, 1), AreaCount("PR", "Prioritering", 1, 0, 0, 2)),
    periods=(Period("2023", "Milstolpar 2023", False, AT), Period("2024", "Mål 2024", True, AT)),
    streams=(StreamCount("VP.1", "Nära invånaren", (2, 1), ("NV.1", "PR.2")),),
)


# --- stats ------------------------------------------------------------------------------------


@pytest.mark.usefixtures("swedish")
def test_stats_markdown_has_a_table_per_plan_with_totals_in_bold() -> None:
    text = written(STATS, "markdown")
    assert "### Genomförandeplan: antal per område\n" in text
    assert "| NV | Nära vård | 2 | 5 | 3 | 1 | 11 |" in text
    assert "|  | **Totalsumma** | **3** | **5** | **3** | **3** | **14** |" in text
    assert "| ID | Arbetsström | Milstolpar 2023 | Mål 2024 | Tjänar delområden |" in text
    assert "| VP.1 | Nära invånaren | 2 | 1 | 2 |" in text


@pytest.mark.usefixtures("swedish")
def test_stats_csv_is_the_area_table_with_its_totals_row() -> None:
    rows = list(csv.reader(io.StringIO(written(STATS, "csv"))))
    assert rows[0] == [
        "ID",
        "Område",
        "Delområden",
        "Effektmål",
        "Aktiviteter",
        "Indikatorer",
        "Totalsumma",
    ]
    assert rows[1:] == [
        ["NV", "Nära vård", "2", "5", "3", "1", "11"],
        ["PR", "Prioritering", "1", "0", "0", "2", "3"],
        ["", "Totalsumma", "3", "5", "3", "3", "14"],
    ]


def test_stats_json_names_counts_per_area_and_milestones_per_period() -> None:
    payload = json.loads(written(STATS, "json"))
    assert payload["omraden"][0] == {
        "id": "NV",
        "namn": "Nära vård",
        "delomraden": 2,
        "effektmal": 5,
        "aktiviteter": 3,
        "indikatorer": 1,
        "totalt": 11,
    }
    assert payload["totalt"] == {
        "delomraden": 3,
        "effektmal": 5,
        "aktiviteter": 3,
        "indikatorer": 3,
        "totalt": 14,
    }
    assert payload["arbetsstrommar"] == [
        {
            "id": "VP.1",
            "namn": "Nära invånaren",
            "milstolpar": {"2023": 2, "2024": 1},
            "tjanar": ["NV.1", "PR.2"],
        }
    ]


@pytest.mark.usefixtures("swedish")
def test_stats_terminal_shows_titles_rows_and_totals() -> None:
    text = written(STATS, "table")
    assert "Genomförandeplan: antal per område" in text
    assert "Verksamhetsplan: milstolpar per arbetsström" in text
    assert "│ NV │ Nära vård" in text
    assert "Totalsumma" in text and "14" in text


# --- link ---------------------------------------------------------------------------------


@pytest.mark.usefixtures("swedish")
def test_link_markdown_has_the_matrix_its_legend_and_the_coverage(
    plans: tuple[Genomforandeplan, Verksamhetsplan],
) -> None:
    text = written(links.report(links.trace(*plans)), "markdown")
    assert "### Spårbarhet: arbetsströmmar × delområden\n" in text
    assert "| Delområde | Namn | VP.1 | VP.2 |" in text
    assert "● arbetsströmmen själv, M1, M2 … en milstolpe i den. VP.1 Nära invånaren" in text
    assert "### Täckning: " in text


@pytest.mark.usefixtures("swedish")
def test_link_csv_is_the_matrix_with_a_mark_per_serving_stream(
    plans: tuple[Genomforandeplan, Verksamhetsplan],
) -> None:
    rows = list(csv.reader(io.StringIO(written(links.report(links.trace(*plans)), "csv"))))
    assert rows[0] == ["Delområde", "Namn", "VP.1", "VP.2"]
    by_id = {row[0]: row for row in rows[1:]}
    assert by_id["NV.1"][2] == "●"
    assert by_id["PR.2"][2] == "M2"
    assert by_id["PR.1"][3] == "●"


def test_link_json_of_one_item_lists_its_links_both_ways(
    plans: tuple[Genomforandeplan, Verksamhetsplan],
) -> None:
    t = links.trace(*plans)
    payload = json.loads(written(links.report(t, links.find_item(t, "VP.1")), "json"))
    assert payload["id"] == "VP.1"
    assert {(link["from"], link["to"]) for link in payload["links"]} == {
        ("VP.1", "NV.1"),
        ("VP.1", "NV.2"),
        ("VP.1.M2", "PR.2"),
    }


@pytest.mark.usefixtures("swedish")
def test_link_terminal_of_one_item_names_the_other_end(
    plans: tuple[Genomforandeplan, Verksamhetsplan],
) -> None:
    t = links.trace(*plans)
    text = written(links.report(t, links.find_item(t, "PR.2")), "table")
    assert "PR.2" in text and ": länkar" in text
    assert "De digitala tjänsterna är införda." in text  # the milestone that serves it
    assert "Digitala tjänster gör vårdförloppen tillgängliga." in text


# --- status -------------------------------------------------------------------------------


def test_status_markdown_shows_lights_as_shape_and_word_and_gaps(
    followup: status.Status,
) -> None:
    i18n.use("sv")  # the words the region reads
    text = written(followup, "markdown")
    assert (
        "### Uppföljning per förvaltning, senaste tertial till och med T2 2025 (2025-06-01)" in text
    )
    assert "| A-förv | ● uppnås (T2 2024) | ✗ saknas |" in text
    assert "○ rapporterad: rapport utan bedömning; ✗ saknas: ingen rapport." in text


def test_status_csv_is_the_matrix_one_row_per_forvaltning(followup: status.Status) -> None:
    rows = list(csv.reader(io.StringIO(written(followup, "csv"))))
    assert rows[0][0] == "Förvaltning"
    assert [row[0] for row in rows[1:]] == ["A-förv", "B-förv", "C-förv"]


def test_status_json_keeps_codes_and_labels_of_each_cell(followup: status.Status) -> None:
    payload = json.loads(written(followup, "json"))
    cell = payload["forvaltningar"][0]["cells"]["NV"]
    assert cell["light"] == "uppnas" and cell["label"] == "● uppnås (T2 2024)"
    assert payload["indicators_missing_target"][0]["utfall"] == 16.3


def test_status_terminal_writes_outcomes_with_a_decimal_comma(followup: status.Status) -> None:
    i18n.use("sv")  # the words the region reads
    text = written(followup, "table")
    assert "Indikatorer vars senaste utfall inte når målvärdet" in text
    assert "16,3" in text


def test_status_terminal_writes_outcomes_with_a_decimal_point_in_english(
    followup: status.Status,
) -> None:
    text = written(followup, "table")
    assert "16.3" in text and "16,3" not in text


def test_a_writer_refuses_data_it_has_no_tables_for() -> None:
    with pytest.raises(TypeError, match="no tables for a"):
        written(object(), "markdown")
