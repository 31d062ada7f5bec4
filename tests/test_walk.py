"""The one walk over the model: every item of the plans and the follow-up, in file order, with
its kind, parent and place. Expectations come from the YAML itself (PyYAML, not omst)."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

from helpers import MINI, REPO, item_ids, load
from omstallning.checks import check_dir
from omstallning.model.walk import LINKED, Kind, of_kinds, walk, walk_document

FOLLOWUP = REPO / "tests" / "fixtures" / "followup"


def test_the_walk_meets_every_item_of_both_plans_in_file_order() -> None:
    plans = check_dir(MINI).plans
    gp, vp = load(MINI)
    ids = [node.id for node in walk(plans) if node.kind is not Kind.PLAN]
    assert ids == item_ids(gp, vp)


def test_each_plan_comes_first_in_its_own_walk_with_no_parent() -> None:
    plans = check_dir(MINI).plans
    assert plans.gp and plans.vp
    first_gp, first_vp = next(walk_document(plans.gp)), next(walk_document(plans.vp))
    assert (first_gp.kind, first_gp.id, first_gp.parent) == (Kind.PLAN, "GP", None)
    assert (first_vp.kind, first_vp.id, first_vp.parent) == (Kind.PLAN, "VP", None)
    assert first_gp.document == "genomforandeplan"
    assert first_vp.document == "verksamhetsplan"


def test_every_item_stands_where_its_id_is_written() -> None:
    plans = check_dir(MINI).plans
    lines = {
        name: (MINI / name).read_text(encoding="utf-8").splitlines()
        for name in ("genomforandeplan.yaml", "verksamhetsplan.yaml")
    }
    for node in walk(plans):
        if node.kind is Kind.PLAN:
            continue
        line = lines[Path(node.loc.file).name][node.loc.line - 1]
        assert f"id: {node.id}" in line, node


def test_a_goal_row_is_under_its_subarea_and_a_milestone_under_its_stream() -> None:
    nodes = {node.id: node for node in walk(check_dir(MINI).plans)}
    assert (nodes["NV.2.E1"].kind, nodes["NV.2.E1"].parent) == (Kind.GOAL, "NV.2")
    assert (nodes["NV.A1"].kind, nodes["NV.A1"].parent) == (Kind.ACTIVITY, "NV")
    assert (nodes["NV.I1"].kind, nodes["NV.I1"].parent) == (Kind.INDICATOR, "NV")
    assert (nodes["NV"].kind, nodes["NV"].parent) == (Kind.AREA, "GP")
    assert (nodes["VP.1.M2"].kind, nodes["VP.1.M2"].parent) == (Kind.MILESTONE, "VP.1")
    assert nodes["VP.1.M2"].item.id == "VP.1.M2"


def test_the_follow_up_is_walked_after_the_plans(tmp_path: Path) -> None:
    shutil.copytree(MINI, tmp_path / "plan")
    shutil.copytree(FOLLOWUP, tmp_path / "plan" / "forvaltningar")
    nodes = list(walk(check_dir(tmp_path / "plan").plans))
    aa = yaml.safe_load((FOLLOWUP / "aa.yaml").read_text(encoding="utf-8"))
    followup = [n for n in nodes if n.document == "forvaltning"]
    assert nodes[-len(followup) :] == followup
    mine = [n for n in followup if n.id == "AA" or n.parent == "AA"]
    assert mine[0].kind is Kind.FORVALTNING
    assert [n.id for n in mine if n.kind is Kind.STATUS] == [s["id"] for s in aa["status"]]
    assert [n.id for n in mine if n.kind is Kind.LOCAL_GOAL] == [g["id"] for g in aa["mal"]]


def test_linked_kinds_are_areas_subareas_streams_and_milestones() -> None:
    plans = check_dir(MINI).plans
    gp, vp = load(MINI)
    expected = []
    for area in gp["omraden"]:
        expected += [area["id"], *(sub["id"] for sub in area["delomraden"])]
    for stream in vp["arbetsstrommar"]:
        expected += [stream["id"], *(ms["id"] for ms in stream["milstolpar"])]
    assert [n.id for n in of_kinds(walk(plans), LINKED)] == expected
