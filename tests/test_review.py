"""Links that know when their target changed: `omst review` records what a link was
reviewed against, validate warns when the subarea changed since (OMST212), and diff lists
the links a revision made suspect."""

from __future__ import annotations

import difflib
import json
import shutil

from helpers import GP, VP, PlanCopy, expect_exit, omst

FLOW_LINK = "      - {till: NV.1, motivering: Flödesstil på en rad}\n"


def changed_lines(before: str, after: str) -> list[str]:
    return [
        line for line in difflib.ndiff(before.splitlines(), after.splitlines()) if line[:1] in "+-"
    ]


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

    diff = omst("diff", "before", "plan", "--format", "markdown")
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


def test_a_link_that_does_not_exist_cannot_be_reviewed(plans: PlanCopy) -> None:
    result = omst("review", "VP.1", "NV.3", "--plan-dir", "plan")
    expect_exit(result, 2)
    assert "no link from VP.1 to NV.3" in result.stderr and "VP.1 NV.1" in result.stderr


def test_review_says_which_links(plans: PlanCopy) -> None:
    result = omst("review", "--plan-dir", "plan")
    expect_exit(result, 2)
    assert "omst review SOURCE [TARGET], or omst review --all" in result.stderr


def test_review_refuses_plans_that_do_not_pass_their_schema(plans: PlanCopy) -> None:
    plans.replace(GP, "      - id: NV.1\n", "      - id: NV-1\n")
    before = plans.text(VP)
    expect_exit(omst("review", "--all", "--plan-dir", "plan"), 1)
    assert plans.text(VP) == before
