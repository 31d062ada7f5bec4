"""omst link: which work streams and milestones serve which subareas, and the gaps.

    omst link                      # the matrix work streams × subareas, coverage and gaps
    omst link NV.3                 # who serves subarea NV.3
    omst link VP.1                 # what work stream VP.1 serves, its milestones included
    omst link VP.1.M5              # what one milestone serves
    omst link NV                   # every link into the subareas of area NV
    omst link --format json        # also markdown, csv; table is the default

Expectations are read from the plans' YAML, not from omst.
"""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest

from helpers import (
    MINI,
    PLAN,
    VP_FILE,
    copy_plans,
    edit,
    expect_exit,
    load,
    omst,
    subareas,
    yaml_links,
)

GP_YAML, VP_YAML = load(PLAN)
LINKS = yaml_links(GP_YAML, VP_YAML)
SUBAREA_IDS = [sub["id"] for _, sub in subareas(GP_YAML)]
STREAM_IDS = [s["id"] for s in VP_YAML["arbetsstrommar"]]


def link_json(*args: str | Path, plan_dir: Path = PLAN) -> dict:
    run = omst("link", *args, "--plan-dir", plan_dir, "--format", "json")
    expect_exit(run, 0)
    return json.loads(run.stdout)


@pytest.fixture
def mini(tmp_path: Path) -> Path:
    """A copy of the mini plans to edit."""
    return copy_plans(MINI, tmp_path / "plan")


# --- the whole picture, on the real plans ---------------------------------------------------


def test_json_has_the_documented_keys():
    data = link_json()
    assert set(data) == {
        "links",
        "uncovered_subareas",
        "unlinked_workstreams",
        "coverage",
        "matrix",
        "workstreams",
    }
    assert all(
        set(link) == {"from", "to", "workstream", "area", "motivering"} for link in data["links"]
    )


def test_json_links_are_the_links_of_the_verksamhetsplan():
    assert link_json()["links"] == LINKS


def test_every_subarea_is_served_or_listed_as_uncovered():
    data = link_json()
    served = {link["to"] for link in data["links"]}
    uncovered = set(data["uncovered_subareas"])
    assert served.isdisjoint(uncovered)
    assert served | uncovered == set(SUBAREA_IDS)


def test_uncovered_subareas_are_those_no_link_names():
    named = {link["to"] for link in LINKS}
    assert link_json()["uncovered_subareas"] == [s for s in SUBAREA_IDS if s not in named]


def test_coverage_numbers_add_up():
    data = link_json()
    coverage = data["coverage"]
    assert coverage["subareas"] == len(SUBAREA_IDS)
    assert coverage["served"] + len(data["uncovered_subareas"]) == coverage["subareas"]
    assert coverage["served"] == len({link["to"] for link in LINKS})
    assert coverage["percent"] == round(100 * coverage["served"] / coverage["subareas"], 1)


@pytest.mark.usefixtures("swedish")
def test_the_coverage_share_is_written_with_a_decimal_comma_in_swedish() -> None:
    run = omst("link", "--plan-dir", PLAN, env={"COLUMNS": "400"})
    expect_exit(run, 0)
    share = re.search(r"delområden \(([0-9.,]+) %\)", run.stdout)
    assert share and "," in share[1] and "." not in share[1], run.stdout


def test_workstreams_are_listed_in_plan_order():
    assert link_json()["workstreams"] == [
        {"id": s["id"], "namn": s["namn"]} for s in VP_YAML["arbetsstrommar"]
    ]


def test_unlinked_workstreams_are_those_without_any_link():
    linked = {link["workstream"] for link in LINKS}
    assert link_json()["unlinked_workstreams"] == [s for s in STREAM_IDS if s not in linked]


def test_matrix_marks_a_streams_own_link_with_a_dot_and_a_milestones_with_its_number():
    expected = {}
    for area, sub in subareas(GP_YAML):
        cells = {}
        for stream in STREAM_IDS:
            marks = ["●" for link in LINKS if link["from"] == stream and link["to"] == sub["id"]]
            marks += [
                link["from"].rsplit(".", 1)[1]
                for link in LINKS
                if link["workstream"] == stream
                and link["from"] != stream
                and link["to"] == sub["id"]
            ]
            if marks:  # the row is sparse: only the streams that serve the subarea
                cells[stream] = " ".join(marks)
        expected[sub["id"]] = {
            "subarea": sub["id"],
            "area": area["id"],
            "namn": sub["namn"],
            "cells": cells,
        }
    matrix = link_json()["matrix"]
    assert [row["subarea"] for row in matrix] == SUBAREA_IDS
    assert {row["subarea"]: row for row in matrix} == expected


def test_uncovered_subareas_match_validates_OMST210_findings():
    run = omst("validate", "--plan-dir", PLAN, "--format", "json")
    expect_exit(run, 0)
    omst210 = [
        re.match(r"subarea (\S+) ", f["message"]).group(1)
        for f in json.loads(run.stdout)
        if f["code"] == "OMST210"
    ]
    assert omst210 == link_json()["uncovered_subareas"]


# --- one item, both directions ----------------------------------------------------------


def test_a_subarea_shows_everything_that_serves_it():
    data = link_json("NV.3")
    assert data == {"id": "NV.3", "links": [x for x in LINKS if x["to"] == "NV.3"]}
    assert data["links"], "NV.3 is served in the real plans"


def test_a_subarea_served_by_milestones_of_several_streams_shows_them_all():
    links = link_json("NV.6")["links"]
    assert links == [x for x in LINKS if x["to"] == "NV.6"]
    assert len({x["workstream"] for x in links}) > 1


def test_a_work_stream_shows_its_own_links_and_its_milestones_links():
    links = link_json("VP.1")["links"]
    assert links == [x for x in LINKS if x["workstream"] == "VP.1"]
    assert {x["from"] for x in links} > {"VP.1"}, "VP.1 has milestones with links"


def test_a_milestone_shows_only_its_own_links():
    links = link_json("VP.1.M5")["links"]
    assert links == [x for x in LINKS if x["from"] == "VP.1.M5"]
    assert links


def test_an_area_shows_every_link_into_its_subareas():
    nv = {sub["id"] for area, sub in subareas(GP_YAML) if area["id"] == "NV"}
    assert link_json("NV")["links"] == [x for x in LINKS if x["to"] in nv]


@pytest.mark.usefixtures("swedish")
def test_a_subarea_without_links_says_so():
    uncovered = link_json()["uncovered_subareas"][0]
    run = omst("link", uncovered, "--plan-dir", PLAN)
    expect_exit(run, 0)
    assert f"{uncovered} har inga länkar." in run.stdout


def test_an_item_as_markdown_has_a_row_per_link():
    run = omst("link", "VP.1", "--plan-dir", PLAN, "--format", "markdown")
    expect_exit(run, 0)
    rows = [line.split(" | ")[:2] for line in run.stdout.splitlines() if line.startswith("| VP.")]
    assert rows == [[f"| {x['from']}", x["to"]] for x in LINKS if x["workstream"] == "VP.1"]


@pytest.mark.usefixtures("swedish")
def test_an_item_as_csv_has_a_row_per_link():
    run = omst("link", "NV.6", "--plan-dir", PLAN, "--format", "csv")
    expect_exit(run, 0)
    rows = list(csv.reader(io.StringIO(run.stdout)))
    assert rows[0] == ["Från", "Till", "Arbetsström / milstolpe", "Motivering"]
    assert [(r[0], r[1], r[3]) for r in rows[1:]] == [
        (x["from"], x["to"], x["motivering"] or "") for x in LINKS if x["to"] == "NV.6"
    ]


def test_an_item_as_a_table_names_both_ends_of_each_link():
    run = omst("link", "VP.1.M8", "--plan-dir", PLAN)
    expect_exit(run, 0)
    expected = [x for x in LINKS if x["from"] == "VP.1.M8"]
    assert expected, "the test needs a milestone with links"
    for x in expected:
        assert re.search(rf"{re.escape(x['from'])}\s*│\s*{re.escape(x['to'])}\s", run.stdout)


def test_an_unknown_id_exits_2_with_a_did_you_mean_hint():
    run = omst("link", "NV.33", "--plan-dir", PLAN)
    expect_exit(run, 2)
    assert run.stdout == ""
    assert "NV.33" in run.stderr
    assert "did you mean NV.3" in run.stderr


@pytest.mark.usefixtures("swedish")
def test_an_unknown_id_is_explained_in_swedish():
    run = omst("link", "NV.33", "--plan-dir", PLAN)
    expect_exit(run, 2)
    assert "inget område, delområde, arbetsström eller milstolpe har ID:t NV.33" in run.stderr
    assert "menade du NV.3" in run.stderr


def test_an_unknown_id_far_from_any_other_exits_2_without_a_hint():
    run = omst("link", "XYZZY", "--plan-dir", PLAN)
    expect_exit(run, 2)
    assert "XYZZY" in run.stderr
    assert "did you mean" not in run.stderr


# --- formats of the whole picture ----------------------------------------------------------


@pytest.mark.usefixtures("swedish")
def test_markdown_has_the_matrix_and_the_coverage_tables():
    run = omst("link", "--plan-dir", PLAN, "--format", "markdown")
    expect_exit(run, 0)
    lines = run.stdout.splitlines()
    header = "| Delområde | Namn | " + " | ".join(STREAM_IDS) + " |"
    assert header in lines
    matrix_rows = [
        line.split(" | ")[0]
        for line in lines
        if line.startswith("| ") and line.count("|") == len(STREAM_IDS) + 3
    ]
    assert [r for r in matrix_rows if r != "| Delområde"] == [f"| {s}" for s in SUBAREA_IDS]
    coverage = link_json()["coverage"]
    assert f"### Täckning: {coverage['served']} av {coverage['subareas']} delområden" in run.stdout
    for sub in link_json()["uncovered_subareas"]:
        assert f"| {sub} | " in run.stdout


@pytest.mark.usefixtures("swedish")
def test_csv_is_the_matrix_one_row_per_subarea():
    run = omst("link", "--plan-dir", PLAN, "--format", "csv")
    expect_exit(run, 0)
    rows = list(csv.DictReader(io.StringIO(run.stdout)))
    assert [row["Delområde"] for row in rows] == SUBAREA_IDS
    matrix = {row["subarea"]: row["cells"] for row in link_json()["matrix"]}
    assert all(
        {s: row[s] for s in STREAM_IDS if row[s]} == matrix[row["Delområde"]] for row in rows
    )


# --- gaps, on an edited copy of the mini plans ---------------------------------------------


def test_mini_plans_have_no_gaps():
    data = link_json(plan_dir=MINI)
    assert data["uncovered_subareas"] == []
    assert data["unlinked_workstreams"] == []
    assert data["coverage"] == {"subareas": 4, "served": 4, "percent": 100.0}


@pytest.mark.usefixtures("swedish")
def test_a_stream_with_no_links_is_listed_as_unlinked(mini: Path):
    edit(mini / VP_FILE, "    lankar:\n      - till: PR.1\n", "")
    data = link_json(plan_dir=mini)
    assert data["unlinked_workstreams"] == ["VP.2"]
    run = omst("link", "--plan-dir", mini, "--format", "markdown")
    assert "| VP.2 | arbetsström Kunskapsstyrning tjänar inget delområde |" in run.stdout


def test_a_subarea_no_one_serves_is_listed_as_uncovered(mini: Path):
    edit(mini / VP_FILE, "      - till: NV.2\n", "")
    data = link_json(plan_dir=mini)
    assert data["uncovered_subareas"] == ["NV.2"]
    assert data["coverage"] == {"subareas": 4, "served": 3, "percent": 75.0}
    run = omst("link", "--plan-dir", mini, "--format", "markdown")
    assert "| NV.2 | Samverkan |" in run.stdout
