"""Links that know when their target changed: `omst review` records what a link was
reviewed against, validate warns when the subarea changed since (OMST212), and diff lists
the links a revision made suspect."""

from __future__ import annotations

import difflib
import json
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from helpers import GP, REPO, VP, VP_FILE, PlanCopy, expect_exit, omst
from omstallning import i18n

FLOW_LINK = "      - {till: NV.1, motivering: Flödesstil på en rad}\n"


def changed_lines(before: str, after: str) -> list[str]:
    return [
        line for line in difflib.ndiff(before.splitlines(), after.splitlines()) if line[:1] in "+-"
    ]


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith((".tmp", ".lock")))


def _two_links_to_nv1(plans: PlanCopy) -> None:
    plans.replace(VP, "      - till: PR.1\n", "      - till: PR.1\n" + FLOW_LINK)


def test_review_all_adds_one_line_per_link_and_nothing_else(plans: PlanCopy) -> None:
    _two_links_to_nv1(plans)
    before = plans.text(VP)
    result = omst("review", "--all", "--plan-dir", "plan")
    expect_exit(result, 0)
    assert result.stderr.splitlines() == [
        "reviewed VP.1 → NV.1",
        "reviewed VP.1 → NV.2",
        "reviewed VP.1.M2 → PR.2",
        "reviewed VP.2 → PR.1",
        "reviewed VP.2 → NV.1",
    ]
    lines = changed_lines(before, plans.text(VP))
    removed = [line for line in lines if line.startswith("- ")]
    added = [line for line in lines if line.startswith("+ ")]
    # Four new lines, and the flow mapping's one line edited in place.
    assert removed == ["- " + FLOW_LINK.rstrip("\n")]
    assert len(added) == 5
    assert added[0].startswith('+         granskad: "namn:') and "NV.1.E1:" in added[0]
    assert added[-1].startswith('+       - {till: NV.1, granskad: "namn:')
    assert added[-1].endswith(", motivering: Flödesstil på en rad}")
    expect_exit(plans.validate(), 0)
    again = omst("review", "--all", "--plan-dir", "plan")
    assert "already reviewed" in again.stderr


def test_rewriting_a_goal_makes_exactly_its_links_suspect_and_review_clears_each(
    plans: PlanCopy,
) -> None:
    _two_links_to_nv1(plans)
    expect_exit(omst("review", "--all", "--plan-dir", "plan"), 0)
    shutil.copytree(plans.dir, plans.root / "before")
    plans.replace(
        GP,
        '"2023": Det finns en gemensam målbild för delaktighet.',
        '"2023": Alla patienter har en dokumenterad överenskommelse.',
    )
    result = plans.validate()
    assert result.findings == [f"{VP}:32:15: warning OMST212", f"{VP}:56:16: warning OMST212"]
    assert result.messages[0] == (
        "link VP.1 → NV.1 is suspect: NV.1 (Delaktighet) has changed since the link was "
        "reviewed (goal row NV.1.E1 changed); re-read the motivering, then run "
        "`omst review VP.1 NV.1`"
    )
    expect_exit(result, 0)

    i18n.use("sv")  # the pull-request comment as a Swedish reader sees it
    diff = omst("diff", "before", "plan", "--format", "markdown")
    i18n.use("en")
    assert "> - **VP.1** → **NV.1**: effektmålsraden NV.1.E1 ändrad" in diff.stdout
    assert "> - **VP.2** → **NV.1**: effektmålsraden NV.1.E1 ändrad" in diff.stdout
    suspect = json.loads(omst("diff", "before", "plan", "--format", "json").stdout)["links_suspect"]
    assert [(s["from"], s["to"]) for s in suspect] == [("VP.1", "NV.1"), ("VP.2", "NV.1")]

    before = plans.text(VP)
    expect_exit(omst("review", "VP.1", "NV.1", "--plan-dir", "plan"), 0)
    lines = changed_lines(before, plans.text(VP))
    assert len(lines) == 2 and lines[0].startswith('-         granskad: "namn:')
    assert plans.validate().findings == [f"{VP}:56:16: warning OMST212"]
    expect_exit(omst("review", "VP.2", "--plan-dir", "plan"), 0)
    assert plans.validate().findings == []


def test_a_schema_error_in_a_goal_makes_no_link_to_its_subarea_suspect(plans: PlanCopy) -> None:
    expect_exit(omst("review", "--all", "--plan-dir", "plan"), 0)
    plans.replace(GP, '"2023": Det finns en gemensam målbild för delaktighet.', '"2023": 5')
    result = plans.validate()
    # The goal row's error is the one finding: the links to NV.1 are not suspect on top of it.
    assert result.findings == [f"{GP}:45:23: error OMST103"]


def test_a_link_that_does_not_exist_cannot_be_reviewed(plans: PlanCopy) -> None:
    result = omst("review", "VP.1", "NV.3", "--plan-dir", "plan")
    expect_exit(result, 2)
    assert "no link from VP.1 to NV.3" in result.stderr and "VP.1 NV.1" in result.stderr


@pytest.mark.usefixtures("swedish")
def test_a_link_review_refuses_is_refused_in_the_readers_language(plans: PlanCopy) -> None:
    result = omst("review", "VP.1", "NV.3", "--plan-dir", "plan")
    expect_exit(result, 2)
    assert "det finns ingen länk från VP.1 till NV.3 i" in result.stderr
    assert "; menade du VP.1 NV.2, VP.1 NV.1" in result.stderr
    plans.replace(VP, "      - till: PR.1\n", "      - {till: 'PR.1',\n         motivering: x}\n")
    plans.replace(VP, "{till: 'PR.1',", '{till: "PR\\\n  .1",')
    result = omst("review", "VP.2", "--plan-dir", "plan")
    expect_exit(result, 2)
    assert f"{VP}:51:9: omst kunde inte ändra länken VP.2 → PR.1 säkert" in result.stderr


def test_review_says_which_links(plans: PlanCopy) -> None:
    result = omst("review", "--plan-dir", "plan")
    expect_exit(result, 2)
    assert "omst review SOURCE [TARGET], or omst review --all" in result.stderr


def test_review_refuses_plans_that_do_not_pass_their_schema(plans: PlanCopy) -> None:
    plans.replace(GP, "      - id: NV.1\n", "      - id: NV-1\n")
    before = plans.text(VP)
    expect_exit(omst("review", "--all", "--plan-dir", "plan"), 1)
    assert plans.text(VP) == before


# --- links omst cannot review, and edits it must not lose ----------------------------------

_DELAYED_REVIEW = """
import sys, time
import omstallning.analyses.review as review_module
edit = review_module._edit
def slow(*args):
    time.sleep(1.0)  # both processes have read the file before either writes
    return edit(*args)
review_module._edit = slow
from omstallning.cli import app
app(sys.argv[1:], prog_name="omst")
"""


def test_a_link_to_a_missing_subarea_is_refused_with_its_place(plans: PlanCopy) -> None:
    plans.replace(VP, "      - till: PR.1\n", "      - till: NV.99\n")
    before = plans.text(VP)
    for args in (("VP.2",), ("--all",)):
        result = omst("review", *args, "--plan-dir", "plan")
        expect_exit(result, 2)
        assert f"{VP}:51:15: link VP.2 → NV.99: there is no subarea NV.99" in result.stderr
        assert plans.text(VP) == before


def test_a_link_in_a_flow_mapping_over_several_lines_is_reviewed_inside_its_braces(
    plans: PlanCopy,
) -> None:
    plans.replace(
        VP, "      - till: PR.1\n", "      - {motivering: Över två rader,\n         till: PR.1}\n"
    )
    expect_exit(omst("review", "VP.2", "--plan-dir", "plan"), 0)
    assert '         till: PR.1, granskad: "namn:' in plans.text(VP)
    expect_exit(plans.validate(), 0)


def test_a_link_omst_cannot_edit_is_refused_with_its_place(plans: PlanCopy) -> None:
    # A flow mapping whose `till` value runs over two lines: no one-line edit can follow it.
    plans.replace(VP, "      - till: PR.1\n", "      - {till: 'PR.1',\n         motivering: x}\n")
    plans.replace(VP, "{till: 'PR.1',", '{till: "PR\\\n  .1",')
    before = plans.text(VP)
    result = omst("review", "VP.2", "--plan-dir", "plan")
    expect_exit(result, 2)
    assert f"{VP}:51:9: omst could not edit the link VP.2 → PR.1 safely" in result.stderr
    assert plans.text(VP) == before


def test_a_comment_saved_while_review_runs_is_kept_and_the_review_refused(
    plans: PlanCopy, monkeypatch: pytest.MonkeyPatch
) -> None:
    import omstallning.analyses.review as review_module

    edit = review_module._edit

    def editor_saves_meanwhile(*args: Any) -> Any:  # after omst read the file
        if "# sparad under tiden" not in plans.text(VP):
            plans.replace(VP, "      - till: PR.1\n", "      - till: PR.1  # sparad under tiden\n")
        return edit(*args)

    monkeypatch.setattr(review_module, "_edit", editor_saves_meanwhile)
    result = omst("review", "--all", "--plan-dir", "plan")
    expect_exit(result, 2)
    assert "the file changed while omst was editing it; nothing was written" in result.stderr
    assert "# sparad under tiden" in plans.text(VP)
    assert "granskad" not in plans.text(VP)


def test_two_reviews_at_once_each_land_or_are_refused_and_lose_nothing(plans: PlanCopy) -> None:
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    asked = {"VP.1.M2": "PR.2", "VP.2": "PR.1"}
    runs = {
        source: subprocess.Popen(
            [sys.executable, "-c", _DELAYED_REVIEW, "review", source, target, "-p", "plan"],
            cwd=plans.root,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        for source, target in asked.items()
    }
    outcomes = {
        source: (run.wait(timeout=60), run.communicate()[1]) for source, run in runs.items()
    }
    text = plans.text(VP)
    data = yaml.safe_load(text)
    reviewed = {
        (owner["id"], link["till"])
        for stream in data["arbetsstrommar"]
        for owner in [stream, *stream.get("milstolpar", [])]
        for link in owner.get("lankar", [])
        if "granskad" in link
    }
    for source, (code, stderr) in outcomes.items():
        assert "Traceback" not in stderr, stderr
        if code == 0:
            assert f"reviewed {source} → {asked[source]}" in stderr
            assert (source, asked[source]) in reviewed, f"{source}'s review was lost"
        else:
            assert code == 2, stderr
            assert "nothing was written" in stderr
            assert (source, asked[source]) not in reviewed
    assert any(code == 0 for code, _ in outcomes.values())
    assert leftovers(plans.dir) == []


def test_review_edits_the_target_of_a_symlinked_plan_and_keeps_the_link(
    plans: PlanCopy,
) -> None:
    (plans.root / ".git").mkdir()  # links are followed inside the plans' repository only
    real = plans.root / "shared" / VP_FILE
    real.parent.mkdir()
    (plans.dir / VP_FILE).rename(real)
    (plans.dir / VP_FILE).symlink_to(Path("..") / "shared" / VP_FILE)
    expect_exit(omst("review", "VP.2", "--plan-dir", "plan"), 0)
    assert (plans.dir / VP_FILE).is_symlink()
    assert "granskad" in real.read_text(encoding="utf-8")
    assert leftovers(real.parent) == [] and leftovers(plans.dir) == []


def test_review_keeps_hard_links_mode_and_group(plans: PlanCopy) -> None:
    path = plans.dir / VP_FILE
    other = plans.root / "elsewhere.yaml"
    os.link(path, other)
    os.chmod(path, 0o440)
    if os.geteuid() == 0:
        os.chown(path, -1, 100)  # as root: a group the file would otherwise lose
    before = path.stat()
    expect_exit(omst("review", "VP.2", "--plan-dir", "plan"), 0)
    after = path.stat()
    assert "granskad" in other.read_text(encoding="utf-8")  # the same file under both names
    assert (after.st_ino, after.st_nlink) == (before.st_ino, 2)
    assert stat.S_IMODE(after.st_mode) == 0o440
    assert (after.st_uid, after.st_gid) == (before.st_uid, before.st_gid)


def test_review_of_a_plan_without_hard_links_keeps_mode_and_group(
    plans: PlanCopy,
) -> None:
    path = plans.dir / VP_FILE
    os.chmod(path, 0o640)
    if os.geteuid() == 0:
        os.chown(path, -1, 100)
    before = path.stat()
    expect_exit(omst("review", "VP.2", "--plan-dir", "plan"), 0)
    after = path.stat()
    assert after.st_ino != before.st_ino  # replaced in one step
    assert stat.S_IMODE(after.st_mode) == 0o640
    assert (after.st_uid, after.st_gid) == (before.st_uid, before.st_gid)
