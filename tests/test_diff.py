"""omst diff: what changed between two revisions of the plans, keyed by ID; and omst
textconv, the one-line-per-field view for git's own diff (docs/git.md).

    omst diff                      # HEAD against the work tree
    omst diff HEAD~1 HEAD          # two revisions; also A..B and main...HEAD
    omst diff plan/ ../annan/plan  # two plan directories, no git involved
    omst diff --format json        # or markdown (a pull-request comment), text by default
    omst diff --exit-code          # exit 1 when the plans differ

Each test builds its own git repository in tmp_path with the mini plans in plan/.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from helpers import (
    APRIL,
    GP_FILE,
    MINI,
    PLAN,
    REPO,
    VP_FILE,
    commit_all,
    copy_plans,
    edit,
    expect_exit,
    flat,
    git,
    init_repo,
    load,
    omst,
    yaml_links,
)

KINDS = ("added", "removed", "changed", "moved", "reordered")


def diff(plan_dir: Path, *args: str | Path):
    return omst("diff", *args, "--plan-dir", plan_dir)


def diff_json(plan_dir: Path, *args: str | Path) -> dict:
    run = diff(plan_dir, *args, "--format", "json")
    expect_exit(run, 0)
    return json.loads(run.stdout)


def ids(data: dict, kind: str) -> set[str]:
    return {item["id"] for item in data[kind]}


def links(data: dict, kind: str) -> set[tuple[str, str]]:
    return {(link["from"], link["to"]) for link in data[f"links_{kind}"]}


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A git repository with the mini plans committed in plan/; returns plan/."""
    return init_repo(tmp_path / "repo")


# The five edits of one commit, and what omst diff must make of them.
NV2_BLOCK = """\
      - id: NV.2
        namn: Samverkan
        effektmal:
          - id: NV.2.E1
            mal:
              "2023": Det finns en struktur för samverkan.
              "2024-2025": Strukturen för samverkan används.
          - id: NV.2.E2
            mal:
              "2023": Det finns en plan för digitalt stöd.
              "2028": Digitalt stöd är en självklar del av vården.
"""


def edit_goal_text(plan_dir: Path) -> None:
    edit(
        plan_dir / GP_FILE,
        '"2024-2025": Fler patienter är delaktiga i sin vård.',
        '"2024-2025": Fler patienter är aktiva i sin vård.',
    )


def five_edits(plan_dir: Path) -> None:
    gp = plan_dir / GP_FILE
    edit_goal_text(plan_dir)
    edit(
        gp,
        "        text: Inför patientkontrakt i primärvården.\n",
        "        text: Inför patientkontrakt i primärvården.\n"
        '      - id: NV.A3\n        period: "2024-2025"\n'
        "        text: Följ upp patientkontrakten.\n",
    )
    edit(gp, "      - id: PR.I2\n        text: Antal införda vårdförlopp.\n", "")
    edit(gp, NV2_BLOCK, "")  # NV.2 moves from Nära vård to Prioritering, same ID
    edit(
        gp,
        "    aktiviteter:\n      - id: PR.A1\n",
        NV2_BLOCK + "    aktiviteter:\n      - id: PR.A1\n",
    )
    edit(plan_dir / VP_FILE, "      - till: PR.1\n", "      - till: PR.1\n      - till: NV.1\n")


@pytest.fixture
def edited(repo: Path) -> Path:
    """The mini plans with five edits committed on top: HEAD~1 → HEAD."""
    five_edits(repo)
    commit_all(repo.parent, "fem ändringar")
    return repo


# --- one commit, three formats ---------------------------------------------------------


def test_json_reports_exactly_the_changes_of_the_commit(edited: Path):
    data = diff_json(edited, "HEAD~1", "HEAD")
    assert (data["old"], data["new"]) == ("HEAD~1", "HEAD")
    assert ids(data, "added") == {"NV.A3"}
    assert ids(data, "removed") == {"PR.I2"}
    assert ids(data, "changed") == {"NV.1.E1"}
    assert ids(data, "moved") == {"NV.2"}
    assert ids(data, "reordered") == set()
    assert links(data, "added") == {("VP.2", "NV.1")}
    assert links(data, "removed") == links(data, "changed") == set()


def test_json_names_the_changed_field_with_old_and_new_text(edited: Path):
    [changed] = diff_json(edited, "HEAD~1", "HEAD")["changed"]
    assert changed["fields"] == ["mal.2024-2025"]
    assert changed["changes"] == [
        {
            "field": "mal.2024-2025",
            "old": "Fler patienter är delaktiga i sin vård.",
            "new": "Fler patienter är aktiva i sin vård.",
        }
    ]


def test_json_moved_item_names_its_old_and_new_parent(edited: Path):
    [moved] = diff_json(edited, "HEAD~1", "HEAD")["moved"]
    assert (moved["old_parent"], moved["parent"]) == ("NV", "PR")


def test_json_summary_counts_the_changes(edited: Path):
    assert diff_json(edited, "HEAD~1", "HEAD")["summary"] == {
        "added": 1,
        "removed": 1,
        "changed": 1,
        "moved": 1,
        "reordered": 0,
        "links_added": 1,
        "links_removed": 0,
        "links_changed": 0,
    }


def test_markdown_puts_each_changed_item_as_an_anchor_inside_details(edited: Path, swedish: None):
    run = diff(edited, "HEAD~1", "HEAD", "--format", "markdown")
    expect_exit(run, 0)
    blocks = re.findall(r"<details>.*?</details>", run.stdout, re.DOTALL)
    anchors = {
        a
        for block in blocks
        for a in re.findall(r'<a id="([^"]+)"></a>', block)
        if not a.startswith("grupp-")
    }
    assert anchors == {"NV.A3", "PR.I2", "NV.1.E1", "NV.2"}
    assert any("länk **VP.2** → **NV.1** tillagd" in block for block in blocks)


def test_markdown_shows_a_changed_text_word_by_word(edited: Path):
    run = diff(edited, "HEAD~1", "HEAD", "--format", "markdown")
    assert "`mal.2024-2025`: Fler patienter är ~~delaktiga~~ **aktiva** i sin vård." in run.stdout


def test_markdown_says_where_a_subarea_moved(edited: Path, swedish: None):
    run = diff(edited, "HEAD~1", "HEAD", "--format", "markdown")
    assert '<a id="NV.2"></a>**NV.2** delområde flyttad från NV till PR' in run.stdout


def test_every_in_page_link_of_the_markdown_targets_an_anchor_in_it(repo: Path):
    edit(repo / VP_FILE, "      - till: NV.2\n", "")
    commit_all(repo.parent, "ta bort länk")
    run = diff(repo, "HEAD~1", "HEAD", "--format", "markdown")
    anchors = set(re.findall(r'<a id="([^"]+)"></a>', run.stdout))
    targets = set(re.findall(r"\]\(#([^)]+)\)", run.stdout))
    assert targets
    assert sorted(targets - anchors) == []


def test_text_tells_removed_from_added_words_without_colours(edited: Path):
    run = diff(edited, "HEAD~1", "HEAD")
    assert "mal.2024-2025: Fler patienter är delaktiga aktiva i sin vård." not in run.stdout
    assert "delaktiga" in run.stdout and "aktiva" in run.stdout


def test_text_names_every_changed_item(edited: Path):
    run = diff(edited, "HEAD~1", "HEAD")
    expect_exit(run, 0)
    for item in ("NV.A3", "PR.I2", "NV.1.E1", "NV.2", "VP.2 → NV.1"):
        assert item in run.stdout
    assert "omst diff: HEAD~1 → HEAD" in run.stdout


# --- the default: HEAD against the work tree -----------------------------------------------


def _state(repo: Path) -> tuple[str, str, dict[str, bytes]]:
    files = {p.name: p.read_bytes() for p in (repo / "plan").iterdir()}
    return git(repo, "status", "--porcelain"), git(repo, "ls-files", "--stage"), files


def test_default_compares_head_with_the_uncommitted_work_tree(repo: Path):
    edit_goal_text(repo)
    data = diff_json(repo)
    assert (data["old"], data["new"]) == ("HEAD", "arbetskopian")
    assert ids(data, "changed") == {"NV.1.E1"}


def test_diff_leaves_the_work_tree_and_the_index_as_they_were(repo: Path):
    edit_goal_text(repo)
    git(repo.parent, "add", f"plan/{GP_FILE}")
    edit(repo / VP_FILE, "rubrik: Det goda livet", "rubrik: Det bästa livet")
    before = _state(repo.parent)
    for args in ((), ("HEAD",), ("HEAD", "HEAD"), ("HEAD..HEAD",)):
        expect_exit(diff(repo, *args, "--format", "json"), 0)
    assert _state(repo.parent) == before


# --- revisions, ranges and directories --------------------------------------------------


@pytest.fixture
def branched(repo: Path) -> Path:
    """main and a branch feature that left it: feature changed NV.1.E1, main later PR.I1.
    feature is checked out."""
    root = repo.parent
    git(root, "checkout", "--quiet", "-b", "feature")
    edit_goal_text(repo)
    commit_all(root, "feature: NV.1.E1")
    git(root, "checkout", "--quiet", "main")
    edit(repo / GP_FILE, "text: Andel följda riktlinjer.", "text: Andel följda riktlinjer i %.")
    commit_all(root, "main: PR.I1")
    git(root, "checkout", "--quiet", "feature")
    return repo


def test_three_dot_range_shows_what_the_branch_changed_since_it_left_main(branched: Path):
    data = diff_json(branched, "main...HEAD")
    assert ids(data, "changed") == {"NV.1.E1"}
    assert data["old"] == "main..."


def test_two_dot_range_compares_the_two_ends(branched: Path):
    data = diff_json(branched, "main..HEAD")
    assert ids(data, "changed") == {"NV.1.E1", "PR.I1"}
    assert (data["old"], data["new"]) == ("main", "HEAD")


def test_a_range_is_the_same_as_its_two_ends_as_arguments(edited: Path):
    assert diff_json(edited, "HEAD~1..HEAD") == diff_json(edited, "HEAD~1", "HEAD")


def test_one_revision_is_compared_with_the_work_tree(edited: Path):
    edit(edited / GP_FILE, "text: Andel följda riktlinjer.", "text: Andel följda riktlinjer i %.")
    data = diff_json(edited, "HEAD~1")
    assert ids(data, "changed") == {"NV.1.E1", "PR.I1"}
    assert data["new"] == "arbetskopian"


def test_two_plan_directories_are_compared_without_git(tmp_path: Path):
    old = copy_plans(MINI, tmp_path / "old")
    new = copy_plans(MINI, tmp_path / "new")
    edit_goal_text(new)
    data = diff_json(old, old, new)
    assert ids(data, "changed") == {"NV.1.E1"}


def test_two_plan_directories_need_no_plan_directory_here(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    copy_plans(MINI, tmp_path / "old")
    new = copy_plans(MINI, tmp_path / "new")
    edit_goal_text(new)
    monkeypatch.chdir(tmp_path)
    run = omst("diff", "old", "new", "--format", "json")
    expect_exit(run, 0)
    assert ids(json.loads(run.stdout), "changed") == {"NV.1.E1"}


# --- exit codes ---------------------------------------------------------------------------


def test_identical_revisions_give_an_empty_diff_and_exit_0_with_exit_code(
    edited: Path, swedish: None
):
    run = diff(edited, "HEAD", "HEAD", "--exit-code", "--format", "json")
    expect_exit(run, 0)
    data = json.loads(run.stdout)
    assert all(data[k] == [] for k in (*KINDS, "links_added", "links_removed", "links_changed"))
    text = diff(edited, "HEAD", "HEAD", "--exit-code")
    expect_exit(text, 0)
    assert "Inga skillnader i planerna." in text.stdout


def test_differences_exit_1_with_exit_code(edited: Path):
    expect_exit(diff(edited, "HEAD~1", "HEAD", "--exit-code"), 1)


def test_differences_exit_0_without_exit_code(edited: Path):
    expect_exit(diff(edited, "HEAD~1", "HEAD"), 0)


# --- what counts as which change ----------------------------------------------------------


def test_swapping_two_activities_is_a_reordering_not_a_removal_and_an_addition(repo: Path):
    a1 = (
        '      - id: NV.A1\n        period: "2023"\n        text: Ta fram en målbild för '
        "delaktighet.\n"
    )
    a2 = (
        '      - id: NV.A2\n        period: "2024-2025"\n        text: Inför '
        "patientkontrakt i primärvården.\n"
    )
    edit(repo / GP_FILE, a1 + a2, a2 + a1)
    commit_all(repo.parent, "byt ordning")
    data = diff_json(repo, "HEAD~1", "HEAD")
    assert data["reordered"]
    assert ids(data, "reordered") <= {"NV.A1", "NV.A2"}
    assert all(data[k] == [] for k in ("added", "removed", "changed", "moved"))


def test_removing_the_only_link_to_a_subarea_reports_it_newly_uncovered(repo: Path, swedish: None):
    edit(repo / VP_FILE, "      - till: NV.2\n", "")
    commit_all(repo.parent, "ta bort länk")
    data = diff_json(repo, "HEAD~1", "HEAD")
    assert data["coverage"]["newly_uncovered"] == ["NV.2"]
    assert links(data, "removed") == {("VP.1", "NV.2")}
    text = diff(repo, "HEAD~1", "HEAD")
    assert "Ändringen lämnar utan arbetsström: NV.2" in text.stdout


# --- errors -------------------------------------------------------------------------------


def test_an_unknown_revision_exits_2(repo: Path):
    run = diff(repo, "nosuch")
    expect_exit(run, 2)
    assert "unknown revision 'nosuch'" in run.stderr
    assert run.stdout == ""


@pytest.mark.usefixtures("swedish")
def test_an_unknown_revision_is_explained_in_swedish(repo: Path):
    run = diff(repo, "nope")
    expect_exit(run, 2)
    assert run.stderr.startswith(
        "omst: fel: okänd version 'nope': git känner inte till någon incheckning med det namnet"
    )
    assert "HEAD~1 eller main" in run.stderr


@pytest.mark.usefixtures("swedish")
def test_a_revision_that_looks_like_an_option_is_refused_in_swedish(repo: Path):
    run = omst("diff", "--plan-dir", repo, "--", "-x")
    expect_exit(run, 2)
    assert "'-x' är ingen version" in run.stderr


def test_a_revision_for_plans_outside_git_exits_2(tmp_path: Path):
    plan_dir = copy_plans(MINI, tmp_path / "plan")
    run = diff(plan_dir, "HEAD")
    expect_exit(run, 2)
    assert "not in a git repository" in run.stderr


def test_a_plan_file_missing_at_a_revision_exits_2(tmp_path: Path):
    root = tmp_path / "repo"
    plan_dir = root / "plan"
    plan_dir.mkdir(parents=True)
    git(root, "init", "--quiet", "--initial-branch=main")
    shutil.copyfile(MINI / GP_FILE, plan_dir / GP_FILE)
    commit_all(root, "bara genomförandeplanen")
    shutil.copyfile(MINI / VP_FILE, plan_dir / VP_FILE)
    commit_all(root, "verksamhetsplanen kommer till")
    run = diff(plan_dir, "HEAD~1", "HEAD")
    expect_exit(run, 2)
    assert f"plan/{VP_FILE} does not exist at HEAD~1" in run.stderr


def test_more_than_two_revisions_exit_2(edited: Path):
    run = diff(edited, "HEAD~1", "HEAD", "main")
    expect_exit(run, 2)
    assert "at most two" in run.stderr


def test_plans_failing_the_schema_at_a_revision_exit_1(repo: Path):
    edit(repo / GP_FILE, "  handlingstyp: Plan\n", "  handlingstyp: Plan\n  okand: nyckel\n")
    commit_all(repo.parent, "ogiltig")
    run = diff(repo, "HEAD~1", "HEAD")
    expect_exit(run, 1)
    assert "OMST101" in run.stderr
    assert "do not pass the schema" in run.stderr


# --- the April 2024 revision (examples/revision-2024-04) ---------------------------------


def _readme_changes() -> tuple[dict[str, set[str]], set[str], set[tuple[str, str]]]:
    """What examples/revision-2024-04/README.md lists: {changed ID: fields}, added IDs,
    added links."""
    readme = (REPO / "examples" / "revision-2024-04" / "README.md").read_text(encoding="utf-8")
    changed: dict[str, set[str]] = {}
    added: set[str] = set()
    added_links: set[tuple[str, str]] = set()
    for line in readme.splitlines():
        cells = [c.strip() for c in line.strip("|").split("|")]
        if len(cells) < 3 or not re.fullmatch(r"\(plan\)|[A-Z]{2}(\.\w+)*", cells[0]):
            continue
        item = "GP" if cells[0] == "(plan)" else cells[0]
        if cells[1] in ("ändrad", "omdöpt"):
            field = cells[2].strip("`").replace('"', "")
            changed.setdefault(item, set()).add(field)
        elif cells[1] == "tillagd":
            added |= {item, *re.findall(r"\b[A-Z]{2}\.\d+\.E\d+\b", cells[2])}
        elif cells[1] == "länk tillagd":
            added_links.add((item, re.search(r"till: (\S+?)`", cells[2]).group(1)))
    return changed, added, added_links


def test_april_2024_revision_reports_exactly_the_changes_its_readme_lists():
    changed, added, added_links = _readme_changes()
    assert len(changed) == 11 and len(added) == 8 and len(added_links) == 1  # the README's sum
    data = diff_json(PLAN, PLAN, APRIL)
    assert {item["id"]: set(item["fields"]) for item in data["changed"]} == changed
    assert ids(data, "added") == added
    assert links(data, "added") == added_links
    assert all(
        data[k] == [] for k in ("removed", "moved", "reordered", "links_removed", "links_changed")
    )


# --- omst textconv ------------------------------------------------------------------------


@pytest.mark.usefixtures("swedish")
def test_textconv_prints_one_line_per_field_each_starting_with_its_items_id():
    gp, _ = load(PLAN)
    run = omst("textconv", PLAN / GP_FILE)
    expect_exit(run, 0)
    lines = run.stdout.splitlines()
    known = {"GP", *(n["id"] for n in gp["inledning"]), *(x["id"] for x in gp["genomgaende"])}
    for area in gp["omraden"]:
        known |= {
            area["id"],
            *(a["id"] for a in area.get("aktiviteter", [])),
            *(i["id"] for i in area.get("indikatorer", [])),
        }
        for sub in area["delomraden"]:
            known |= {sub["id"], *(g["id"] for g in sub["effektmal"])}
    assert {line.split(" ", 1)[0] for line in lines} == known
    assert all(re.match(r"\S+ \[[^\]]+\] \S+: ", line) for line in lines)
    for area in gp["omraden"]:
        for sub in area["delomraden"]:
            for goal in sub["effektmal"]:
                for period, text in goal["mal"].items():
                    assert f"{goal['id']} [effektmålsrad] mal.{period}: {flat(text)}" in lines


@pytest.mark.usefixtures("swedish")
def test_textconv_prints_each_link_of_the_verksamhetsplan():
    gp, vp = load(PLAN)
    run = omst("textconv", PLAN / VP_FILE)
    expect_exit(run, 0)
    link_lines = [line for line in run.stdout.splitlines() if " [länk] → " in line]
    assert link_lines == [
        f"{x['from']} [länk] → {x['to']}"
        + (f" ({flat(x['motivering'])})" if x["motivering"] else "")
        for x in yaml_links(gp, vp)
    ]


@pytest.mark.parametrize(
    "content",
    [
        "plan: genomforandeplan\nid: [GP\n",  # not YAML
        "a: 1\nb: två\n",  # YAML, but not a plan
        (MINI / GP_FILE)
        .read_text(encoding="utf-8")
        .replace("  handlingstyp: Plan\n", "  handlingstyp: Plan\n  okand: x\n"),
    ],
    ids=["yaml-syntax-error", "not-a-plan", "schema-violation"],
)
def test_textconv_prints_an_invalid_file_unchanged(tmp_path: Path, content: str):
    path = tmp_path / GP_FILE
    path.write_text(content, encoding="utf-8")
    run = omst("textconv", path)
    expect_exit(run, 0)
    assert run.stdout == content
