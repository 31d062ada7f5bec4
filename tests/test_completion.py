"""Shell completion of item IDs: each command is offered only the IDs it accepts, read from
the plans here (or those --plan-dir names), and a shell never sees an error."""

from __future__ import annotations

import shutil

import click
import pytest
import typer
import yaml
from typer.testing import CliRunner

from helpers import GP, REPO, PlanCopy, expect_exit, item_ids, load, omst
from omstallning.cli import app
from omstallning.cli.completion import complete_link_ids


def complete(line: str) -> list[str]:
    """What `line<TAB>` offers, as the shell's completion script would ask omst for it."""
    words = line.split()
    env = {
        "_OMST_COMPLETE": "complete_bash",
        "COMP_WORDS": line,
        "COMP_CWORD": str(len(words) - (0 if line.endswith(" ") else 1)),
    }
    result = CliRunner().invoke(app, [], env=env, prog_name="omst", catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.stdout.split()


def test_link_completes_only_ids_link_accepts(plans: PlanCopy) -> None:
    offered = complete("omst link NV.")
    assert offered == ["NV.1", "NV.2"]
    for item in complete("omst link "):
        expect_exit(omst("link", item, "--plan-dir", "plan"), 0)


def test_link_completes_every_area_subarea_stream_and_milestone(plans: PlanCopy) -> None:
    gp, vp = load(plans.dir)
    expected = []
    for area in gp["omraden"]:
        expected += [area["id"], *(sub["id"] for sub in area["delomraden"])]
    for stream in vp["arbetsstrommar"]:
        expected += [stream["id"], *(ms["id"] for ms in stream["milstolpar"])]
    assert complete("omst link ") == expected


def test_log_completes_every_item_and_the_plans_but_no_period(plans: PlanCopy) -> None:
    gp, vp = load(plans.dir)
    of_gp, of_vp = item_ids(gp, {"arbetsstrommar": []}), item_ids({"omraden": []}, vp)
    assert complete("omst log ") == [gp["id"], *of_gp, vp["id"], *of_vp]


FOLLOWUP_KEYS = ("arbetssatt", "status", "mal", "indikatorer", "program", "tabeller")


def test_log_completes_the_forvaltningars_ids_as_it_accepts_them(plans: PlanCopy) -> None:
    shutil.copytree(REPO / "tests" / "fixtures" / "followup", plans.dir / "forvaltningar")
    aa = yaml.safe_load((plans.dir / "forvaltningar" / "aa.yaml").read_text(encoding="utf-8"))
    of_aa = [entry["id"] for key in FOLLOWUP_KEYS for entry in aa.get(key, [])]
    assert complete("omst log AA") == ["AA", *of_aa]
    assert complete("omst log BB.S") == ["BB.S1"]
    assert complete("omst link AA") == []


def test_a_forvaltning_file_of_another_shape_completes_what_passes_the_schema(
    plans: PlanCopy,
) -> None:
    shutil.copytree(REPO / "tests" / "fixtures" / "followup", plans.dir / "forvaltningar")
    plans.replace("plan/forvaltningar/aa.yaml", "  - id: AA.S2\n", "  - idx: AA.S2\n")
    assert complete("omst log AA.S") == ["AA.S1", "AA.S3"]
    plans.write("plan/forvaltningar/aa.yaml", "status: [\n")
    assert complete("omst log AA") == []
    assert complete("omst log BB.S") == ["BB.S1"]


def test_review_completes_sources_then_subareas(plans: PlanCopy) -> None:
    assert complete("omst review VP.1") == ["VP.1", "VP.1.M1", "VP.1.M2", "VP.1.M3"]
    assert complete("omst review VP.1 NV") == ["NV.1", "NV.2"]


def test_completion_reads_the_plans_plan_dir_names(
    plans: PlanCopy, tmp_path_factory: pytest.TempPathFactory
) -> None:
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(elsewhere)
        assert complete("omst link VP.2") == []
        assert complete(f"omst link --plan-dir {plans.dir} VP.2") == ["VP.2", "VP.2.M1", "VP.2.M2"]


def test_completion_gives_each_id_its_name_for_shells_that_show_one(plans: PlanCopy) -> None:
    gp, _ = load(plans.dir)
    sub = gp["omraden"][0]["delomraden"][0]
    ctx = typer.Context(click.Command("link"))
    assert complete_link_ids(ctx, sub["id"]) == [(sub["id"], " ".join(sub["namn"].split()))]


def test_plans_of_another_shape_complete_what_passes_the_schema(plans: PlanCopy) -> None:
    plans.replace(GP, "      - id: NV.2\n", "      - idx: NV.2\n")
    assert complete("omst link NV") == ["NV", "NV.1"]
    plans.write(GP, "omraden: [\n")
    assert complete("omst link NV") == []
    assert complete("omst link VP.1") == ["VP.1", "VP.1.M1", "VP.1.M2", "VP.1.M3"]
