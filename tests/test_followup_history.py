"""The förvaltningar's follow-up (plan/forvaltningar/*.yaml) in the history: `omst diff`, the
pull-request comment, `omst textconv` and `omst log` show the answers of a tertial round.

Each test builds a git repository in tmp_path: the mini plans with the follow-up of
tests/fixtures/followup committed, then a round of answers committed on top.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from helpers import REPO, commit_all, edit, expect_exit, git, init_repo, omst
from omstallning import i18n
from omstallning.core.revisions import diff_followup

FOLLOWUP = REPO / "tests" / "fixtures" / "followup"
AA = "forvaltningar/aa.yaml"

# A T3 status as a development chief writes it: å, an en dash, quotes and a colon.
T3_STATUS = """\
  - id: AA.S4
    avser: VP.1
    period: "T3 2024"
    bedomning: delvis
    punkter:
      - "Fler patienter går hem samma dag: 80 % – \\"bättre\\" än T2"
      - Samarbetet med kommunerna fortsätter
"""


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The mini plans and two förvaltningar's follow-up committed; returns plan/."""
    plan = init_repo(tmp_path / "repo")
    shutil.copytree(FOLLOWUP, plan / "forvaltningar", ignore=shutil.ignore_patterns("cc.yaml"))
    commit_all(plan.parent, "uppföljningen T2")
    monkeypatch.chdir(plan.parent)
    return plan


def answer_t3(plan: Path) -> None:
    """The round's answers: a new T3 status, a light that changed, a rewritten point and a
    new outcome of an indicator."""
    aa = plan / AA
    edit(aa, "mal:\n", T3_STATUS + "mal:\n")
    edit(
        aa,
        "    bedomning: delvis\n    punkter:\n      - Arbetet",
        "    bedomning: uppnas\n    punkter:\n      - Arbetet",
    )
    edit(aa, "Digitala tjänster kartlagda", "Digitala tjänster kartlagda och prioriterade")
    edit(
        aa,
        '      - period: "T2 2024"\n        malvarde: 25\n',
        '      - period: "T2 2024"\n        malvarde: 25\n'
        '      - period: "T3 2024"\n        utfall: 47.5\n',
    )


@pytest.fixture
def answered(repo: Path) -> Path:
    answer_t3(repo)
    commit_all(repo.parent, "SkaS svar T3")
    return repo


def diff_json(*args: str) -> dict:
    run = omst("diff", *args, "--format", "json")
    expect_exit(run, 0)
    return json.loads(run.stdout)


def test_diff_reports_exactly_the_answers_of_the_round(answered: Path) -> None:
    data = diff_json("HEAD~1", "HEAD")
    assert [(i["id"], i["avser"], i["period"]) for i in data["added"]] == [
        ("AA.S4", ["VP.1"], "T3 2024")
    ]
    assert {i["id"]: i["fields"] for i in data["changed"]} == {
        "AA.S1": ["bedomning"],
        "AA.S3": ["punkter.1"],
        "AA.I1": ["utfall.T3 2024"],
    }
    [light] = [c for i in data["changed"] if i["id"] == "AA.S1" for c in i["changes"]]
    assert light == {"field": "bedomning", "old": "delvis", "new": "uppnas"}  # codes for scripts
    assert all(data[k] == [] for k in ("removed", "moved", "reordered", "links_added"))


def test_diff_text_names_each_status_by_what_it_is_about_and_lights_in_the_readers_words(
    answered: Path,
) -> None:
    run = omst("diff", "HEAD~1", "HEAD")
    expect_exit(run, 0)
    assert "No differences" not in run.stdout
    assert "+ AA.S4 status about VP.1, T3 2024 added" in run.stdout
    assert '      punkter.1: Fler patienter går hem samma dag: 80 % – "bättre" än T2' in run.stdout
    assert "      bedomning: The goal will be partly achieved\n" in run.stdout
    assert (
        "      bedomning: The goal will be partly achieved → The goal will be achieved\n"
        in run.stdout
    )
    assert "      punkter.1: Digitala tjänster kartlagda {+och prioriterade+}\n" in run.stdout
    assert "      utfall.T3 2024: – → 47.5\n" in run.stdout


def test_diff_markdown_comment_shows_the_answers_under_the_forvaltning(answered: Path) -> None:
    run = omst("diff", "HEAD~1", "HEAD", "--format", "markdown")
    expect_exit(run, 0)
    assert "<b>AA Förvaltning A</b>: 1 added, 3 changed</summary>" in run.stdout
    assert "**AA.S4** status about VP.1, T3 2024 added" in run.stdout
    assert (
        "  - `bedomning`: The goal will be partly achieved → The goal will be achieved"
        in run.stdout
    )
    assert "  - `utfall.T3 2024`: – → 47.5" in run.stdout


def test_diff_in_swedish_says_what_a_status_is_about_with_a_decimal_comma(
    answered: Path,
) -> None:
    i18n.use("sv")
    try:
        run = omst("diff", "HEAD~1", "HEAD")
    finally:
        i18n.use("en")
    expect_exit(run, 0)
    assert "+ AA.S4 status om VP.1, T3 2024 tillagd" in run.stdout
    assert "      utfall.T3 2024: – → 47,5\n" in run.stdout
    # The lights in the region's words, as the tertial form's dropdown has them.
    assert "      bedomning: Målet kommer delvis att uppnås\n" in run.stdout
    assert (
        "      bedomning: Målet kommer delvis att uppnås → Målet kommer att uppnås\n" in run.stdout
    )


def test_a_new_forvaltning_file_is_added_with_its_entries(repo: Path) -> None:
    shutil.copyfile(FOLLOWUP / "cc.yaml", repo / "forvaltningar" / "cc.yaml")
    git(repo.parent, "rm", "--quiet", "plan/forvaltningar/bb.yaml")
    data = diff_json()  # HEAD against the work tree
    assert [(i["id"], i["kind"]) for i in data["added"]] == [("CC", "forvaltning")]
    assert {i["id"] for i in data["removed"]} == {"BB", "BB.S1", "BB.I1"}


def test_a_forvaltning_file_that_breaks_its_schema_is_refused_not_shown_as_removed(
    repo: Path,
) -> None:
    edit(repo / AA, "    bedomning: delvis\n", "    bedomning: kanske\n")
    run = omst("diff")
    expect_exit(run, 1)
    assert "removed" not in run.stdout


@pytest.mark.usefixtures("swedish")
def test_textconv_shows_a_status_line_by_line_with_what_it_is_about(answered: Path) -> None:
    run = omst("textconv", answered / AA)
    expect_exit(run, 0)
    lines = run.stdout.splitlines()
    assert "AA.S4 [status VP.1, T3 2024] bedomning: delvis" in lines
    assert (
        "AA.S4 [status VP.1, T3 2024] punkter.1: Fler patienter går hem samma dag: 80 % – "
        '"bättre" än T2'
    ) in lines
    assert "AA.I1 [indikator] utfall.T3 2024: 47.5" in lines
    assert "AA [förvaltning] namn: Förvaltning A" in lines


def test_the_shipped_gitattributes_route_the_followup_through_textconv(repo: Path) -> None:
    shutil.copyfile(REPO / ".gitattributes", repo.parent / ".gitattributes")
    found = git(repo.parent, "check-attr", "diff", "plan/forvaltningar/aa.yaml")
    assert found == "plan/forvaltningar/aa.yaml: diff: omst\n"


def log(*args: str) -> list[dict]:
    run = omst("log", *args, "--format", "json")
    expect_exit(run, 0)
    return json.loads(run.stdout)["revisions"]


def test_log_follows_a_forvaltning_item(answered: Path) -> None:
    events = log("AA.S1")
    assert [(e["id"], e["change"], e["subject"]) for e in events] == [
        ("AA.S1", "changed", "SkaS svar T3"),
        ("AA.S1", "added", "uppföljningen T2"),
    ]
    assert events[0]["fields"] == [{"field": "bedomning", "old": "delvis", "new": "uppnas"}]


def test_log_of_a_plan_item_includes_what_the_forvaltningar_reported_on_it(
    answered: Path,
) -> None:
    events = log("VP.1", "HEAD~1..HEAD")
    assert [(e["id"], e["change"]) for e in events] == [("AA.S3", "changed"), ("AA.S4", "added")]


def test_log_of_a_subarea_includes_its_effect_goal_rows_and_entries_about_them(
    repo: Path,
) -> None:
    edit(
        repo / "genomforandeplan.yaml",
        "Det finns en struktur för samverkan.",
        "Det finns en ny struktur för samverkan.",
    )
    edit(
        repo / AA,
        "    avser: NV.2\n    typ: effektmal\n",
        "    avser: NV.2.E1\n    typ: effektmal\n",
    )
    commit_all(repo.parent, "Samverkan")
    events = log("NV.2", "HEAD~1..HEAD")
    assert [(e["id"], e["change"]) for e in events] == [
        ("AA.M1", "changed"),
        ("NV.2.E1", "changed"),
    ]
    run = omst("log", "NV.2", "HEAD~1..HEAD")
    assert "AA.M1 goal about NV.2.E1, 2024 changed" in run.stdout


def test_diff_of_one_forvaltning_file_for_import_dry_run() -> None:
    old = (FOLLOWUP / "aa.yaml").read_bytes()
    new = old.replace(b"mal:\n", T3_STATUS.encode() + b"mal:\n")
    report = diff_followup(old, new, "skas.yaml", "skas-T3-2024.xlsx", "plan/forvaltningar/aa.yaml")
    assert [c.entry.id for c in report.diff.changes] == ["AA.S4"]
    assert (report.old, report.new) == ("skas.yaml", "skas-T3-2024.xlsx")
    assert not report.diff.links and report.diff.coverage_new == {}
