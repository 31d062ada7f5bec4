"""`omst log ID`: an item's history through git, and the document's revision table."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import Any

import pytest

from helpers import GIT_ENV, MINI, copy_plans, edit, expect_exit, git, omst
from omstallning.analyses import history

GP_FILE, VP_FILE = "genomforandeplan.yaml", "verksamhetsplan.yaml"


def commit(repo: Path, message: str, day: int) -> str:
    env = {
        **os.environ,
        **GIT_ENV,
        "GIT_AUTHOR_DATE": f"2024-0{day}-01T12:00:00+02:00",
        "GIT_COMMITTER_DATE": f"2024-0{day}-01T12:00:00+02:00",
    }
    for args in (["add", "--all"], ["commit", "--quiet", "--no-verify", "-m", message]):
        subprocess.run(["git", "-C", str(repo), *args], env=env, check=True)
    return git(repo, "rev-parse", "--short=7", "HEAD").strip()


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Four commits of the mini plans: added; a goal rewritten; a subarea moved to another
    area (keeping its ID) and an activity removed; a change elsewhere."""
    root = tmp_path / "repo"
    root.mkdir()
    git(root, "init", "--quiet", "--initial-branch=main")
    plan = copy_plans(MINI, root / "plan")
    commit(root, "Planerna 2023", 1)
    edit(
        plan / GP_FILE,
        '"2023": Det finns en gemensam målbild för delaktighet.',
        '"2023": Det finns en gemensam målbild för delaktighet och medskapande.',
    )
    commit(root, "Delaktighet blir medskapande", 2)
    text = (plan / GP_FILE).read_text(encoding="utf-8")
    start = text.index("      - id: NV.2\n")
    end = text.index("    aktiviteter:", start)
    block = text[start:end]
    text = text[:start] + text[end:]
    text = text.replace("      - id: PR.2\n", block + "      - id: PR.2\n")
    text = text.replace(
        '      - id: NV.A2\n        period: "2024-2025"\n'
        "        text: Inför patientkontrakt i primärvården.\n",
        "",
    )
    (plan / GP_FILE).write_text(text, encoding="utf-8")
    commit(root, "Samverkan flyttas till Prioritering", 3)
    edit(plan / VP_FILE, "De digitala tjänsterna är införda.", "De digitala tjänsterna används.")
    commit(root, "Milstolpe", 4)
    monkeypatch.chdir(root)
    return root


def log(*args: str) -> dict:
    result = omst("log", *args, "--format", "json")
    expect_exit(result, 0)
    return json.loads(result.stdout)


def test_a_goal_row_shows_each_change_newest_first_with_the_words_changed(repo: Path) -> None:
    revisions = log("NV.1.E1")["revisions"]
    assert [(r["change"], r["subject"]) for r in revisions] == [
        ("changed", "Delaktighet blir medskapande"),
        ("added", "Planerna 2023"),
    ]
    assert revisions[0]["fields"] == [
        {
            "field": "mal.2023",
            "old": "Det finns en gemensam målbild för delaktighet.",
            "new": "Det finns en gemensam målbild för delaktighet och medskapande.",
        }
    ]
    assert revisions[0]["date"].startswith("2024-02-01") and revisions[0]["author"] == "Test"


def test_a_moved_subarea_is_followed_across_areas(repo: Path) -> None:
    revisions = log("NV.2")["revisions"]
    assert [(r["change"], r["old_parent"], r["parent"]) for r in revisions] == [
        ("moved", "NV", "PR"),
        ("added", None, "NV"),
    ]


def test_a_removed_item_shows_when_it_went(repo: Path) -> None:
    assert [r["change"] for r in log("NV.A2")["revisions"]] == ["removed", "added"]


def test_text_shows_commits_and_word_markers(repo: Path, swedish: None) -> None:
    result = omst("log", "NV.1.E1")
    expect_exit(result, 0)
    first = result.stdout.splitlines()[:3]
    assert first[0].endswith(" 2024-02-01 Test: Delaktighet blir medskapande")
    assert first[1] == "    NV.1.E1 effektmålsrad ändrad"
    assert first[2] == (
        "      mal.2023: Det finns en gemensam målbild för "
        "[-delaktighet.-] {+delaktighet och medskapande.+}"
    )


def test_markdown_escapes_plan_text(repo: Path, swedish: None) -> None:
    result = omst("log", "NV.1.E1", "--format", "markdown")
    assert result.stdout.startswith("### Historik: NV.1.E1\n")
    assert "**NV.1.E1 effektmålsrad ändrad**" in result.stdout


def test_n_since_until_and_a_range_narrow_the_history(repo: Path) -> None:
    assert len(log("NV.1.E1", "-n", "1")["revisions"]) == 1
    assert [r["change"] for r in log("NV.1.E1", "--since", "2024-01-15")["revisions"]] == [
        "changed"
    ]
    assert [r["change"] for r in log("NV.1.E1", "--until", "2024-01-15")["revisions"]] == ["added"]
    assert [r["change"] for r in log("NV.2", "HEAD~2..HEAD")["revisions"]] == ["moved"]
    assert log("NV.1.E1", "HEAD~1..HEAD")["revisions"] == []


def test_an_id_that_never_existed_is_a_usage_error_with_the_closest(repo: Path) -> None:
    result = omst("log", "NV.1.E9")
    expect_exit(result, 2)
    assert "no item NV.1.E9 in the history of the plans; did you mean NV.1.E1" in result.stderr


@pytest.mark.parametrize("rev", ["--output=/tmp/x", "--upload-pack=touch /tmp/pwned"])
def test_revisions_that_look_like_options_are_refused(repo: Path, rev: str) -> None:
    result = omst("log", "NV.1", "--", rev)
    expect_exit(result, 2)
    assert "is not a revision" in result.stderr


def test_outside_git_log_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    copy_plans(MINI, tmp_path / "plan")
    monkeypatch.chdir(tmp_path)
    result = omst("log", "NV.1")
    expect_exit(result, 2)
    assert "not in a git repository" in result.stderr


def test_each_blob_is_parsed_once(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    parsed: list[bytes] = []
    real = history.parse_bytes

    def counting(shown: str, raw: bytes, **options: Any) -> object:
        parsed.append(raw)
        return real(shown, raw, **options)

    monkeypatch.setattr(history, "parse_bytes", counting)
    log("NV.1.E1")
    log_all = len(parsed)
    # GP has three versions, VP two: the four commits share them.
    assert log_all == len(set(parsed)) == 5


def test_render_ends_with_the_revision_table(repo: Path) -> None:
    expect_exit(omst("render", "--out", "out", "--format", "md", "--as-of", "2025-01-01"), 0)
    md = (repo / "out" / "inriktningsdokument.md").read_text(encoding="utf-8")
    table = md[md.index("### Revisionshistorik") :]
    rows = [line for line in table.splitlines() if line.startswith("| ") and "Commit" not in line]
    assert [row.split(" | ")[1] for row in rows] == [
        "2024-04-01",
        "2024-03-01",
        "2024-02-01",
        "2024-01-01",
    ]
    assert "Samverkan flyttas till Prioritering (Test; genomforandeplan)" in rows[1]
    assert "genomforandeplan.version 1.0" in rows[1]


# --- odd histories: what git hands over is never taken for something else --------------


def commit_as(repo: Path, author: str, message: str) -> None:
    env = {**os.environ, **GIT_ENV, "GIT_AUTHOR_NAME": author}
    for args in (["add", "--all"], ["commit", "--quiet", "--no-verify", "-m", message]):
        subprocess.run(["git", "-C", str(repo), *args], env=env, check=True)


@pytest.mark.parametrize(
    ("author", "subject"),
    [
        ("Te\x01st", "Delaktighet\x01 ändras"),
        ("Te\x1fst", "Delaktighet\x1f\x1fändras"),
        ("Te\x07st", "\x1b]0;title\x07\x01\x1f"),
    ],
)
def test_control_characters_in_author_or_subject_stay_in_their_fields(
    repo: Path, author: str, subject: str
) -> None:
    edit(repo / "plan" / GP_FILE, "och medskapande.", "och medskapande!")
    commit_as(repo, author, subject)
    newest = log("NV.1.E1")["revisions"][0]
    assert (newest["author"], newest["subject"]) == (author, subject)
    assert newest["fields"][0]["new"].endswith("och medskapande!")


def test_a_plan_file_that_becomes_a_link_inside_the_repository_is_read_through_it(
    repo: Path,
) -> None:
    (repo / "arkiv").mkdir()
    (repo / "plan" / GP_FILE).rename(repo / "arkiv" / GP_FILE)
    (repo / "plan" / GP_FILE).symlink_to(Path("..") / "arkiv" / GP_FILE)
    commit(repo, "Planen flyttas till arkiv/", 5)
    report = log("NV.2")
    assert [r["change"] for r in report["revisions"]] == ["moved", "added"]
    (note,) = report["notes"]
    assert note.startswith(f"plan/{GP_FILE} became a symbolic link to ../arkiv/{GP_FILE} in ")
    text = omst("log", "NV.2")
    expect_exit(text, 0)
    assert "borttagen" not in text.stdout
    assert text.stdout.splitlines()[-1].startswith("note: plan/genomforandeplan.yaml became")


def test_a_plan_file_that_becomes_a_link_out_of_the_repository_removes_nothing(
    repo: Path, tmp_path: Path
) -> None:
    (repo / "plan" / GP_FILE).unlink()
    (repo / "plan" / GP_FILE).symlink_to(tmp_path / "elsewhere.yaml")
    commit(repo, "Länk ut", 5)
    report = log("NV.2")
    assert [r["change"] for r in report["revisions"]] == ["moved", "added"]
    assert "omst cannot read it there: it is a symbolic link to" in report["notes"][0]


def test_a_shallow_clone_says_where_its_history_is_cut(repo: Path, tmp_path: Path) -> None:
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "--quiet", "--depth", "2", repo.as_uri(), str(clone))
    boundary = git(clone, "rev-parse", "--short=7", "HEAD~1").strip()
    result = omst("log", "NV.1.E1", "--plan-dir", clone / "plan")
    expect_exit(result, 0)
    assert result.stdout.splitlines()[-1] == (
        f"note: history is cut at {boundary} (shallow clone; git fetch --unshallow)"
    )
    markdown = omst("log", "NV.1.E1", "--plan-dir", clone / "plan", "--format", "markdown")
    assert "> **Note:** history is cut at" in markdown.stdout
    assert "notes" not in log("NV.1.E1")  # the full repository it was cloned from


def test_an_empty_repository_says_it_has_no_commits_yet(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    git(tmp_path, "init", "--quiet")
    copy_plans(MINI, tmp_path / "plan")
    monkeypatch.chdir(tmp_path)
    for args in (["log", "NV.1"], ["diff"], ["diff", "HEAD~1", "HEAD"]):
        result = omst(*args)
        expect_exit(result, 2)
        assert "has no commits yet" in result.stderr, args


def test_diff_at_a_revision_reads_a_plan_file_through_its_link(repo: Path) -> None:
    (repo / "arkiv").mkdir()
    (repo / "plan" / GP_FILE).rename(repo / "arkiv" / GP_FILE)
    (repo / "plan" / GP_FILE).symlink_to(Path("..") / "arkiv" / GP_FILE)
    commit(repo, "Planen flyttas till arkiv/", 5)
    result = omst("diff", "HEAD~1", "HEAD", "--format", "json")
    expect_exit(result, 0)
    assert set(json.loads(result.stdout)["summary"].values()) == {0}


def test_diff_at_a_revision_refuses_a_link_out_of_the_repository(
    repo: Path, tmp_path: Path
) -> None:
    (repo / "plan" / GP_FILE).unlink()
    (repo / "plan" / GP_FILE).symlink_to(tmp_path / "elsewhere.yaml")
    commit(repo, "Länk ut", 5)
    result = omst("diff", "HEAD~1", "HEAD")
    expect_exit(result, 2)
    assert f"plan/{GP_FILE} at " in result.stderr
    assert "is a symbolic link to" in result.stderr and "outside the repository" in result.stderr


def test_a_revision_beyond_a_shallow_clones_cut_says_the_clone_is_shallow(
    repo: Path, tmp_path: Path
) -> None:
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "--quiet", "--depth", "1", repo.as_uri(), str(clone))
    head = git(clone, "rev-parse", "--short=7", "HEAD").strip()
    for args in (["diff", "HEAD~2"], ["log", "NV.1", "HEAD~2..HEAD"]):
        result = omst(*args, "--plan-dir", clone / "plan")
        expect_exit(result, 2)
        assert f"this clone is shallow, its history is cut at {head} (git fetch" in result.stderr


def test_the_revision_table_reads_a_plan_file_through_its_link(repo: Path) -> None:
    (repo / "arkiv").mkdir()
    (repo / "plan" / GP_FILE).rename(repo / "arkiv" / GP_FILE)
    (repo / "plan" / GP_FILE).symlink_to(Path("..") / "arkiv" / GP_FILE)
    commit(repo, "Planen flyttas till arkiv/", 5)
    expect_exit(omst("render", "--out", "out", "--format", "md", "--as-of", "2025-01-01"), 0)
    md = (repo / "out" / "inriktningsdokument.md").read_text(encoding="utf-8")
    newest = next(line for line in md.splitlines() if "Planen flyttas till arkiv/" in line)
    assert "genomforandeplan.version 1.0" in newest


def test_text_shows_control_characters_of_git_metadata_as_escapes(repo: Path) -> None:
    edit(repo / "plan" / GP_FILE, "och medskapande.", "och medskapande!")
    commit_as(repo, "Te\x07st", "\x1b]0;pwned\x07Delaktighet\x1b[2J")
    result = omst("log", "NV.1.E1", "-n", "1")
    expect_exit(result, 0)
    assert not any(c in result.stdout for c in "\x07\x1b")
    first = result.stdout.splitlines()[0]
    assert first.endswith(" Te\\x07st: \\x1b]0;pwned\\x07Delaktighet\\x1b[2J")
    markdown = omst("log", "NV.1.E1", "-n", "1", "--format", "markdown")
    assert not any(c in markdown.stdout for c in "\x07\x1b")


def test_the_revision_table_of_a_shallow_clone_says_where_its_history_is_cut(
    repo: Path, tmp_path: Path
) -> None:
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "--quiet", "--depth", "2", repo.as_uri(), str(clone))
    out = tmp_path / "out"
    run = omst("render", "--plan-dir", clone / "plan", "--out", out, "--as-of", "2025-01-01")
    expect_exit(run, 0)
    md = (out / "inriktningsdokument.md").read_text(encoding="utf-8")
    table = md[md.index("### Revisionshistorik") :]
    rows = [line for line in table.splitlines() if line.startswith("| ") and "2024-0" in line]
    assert ["avskuren" in row for row in rows] == [False, True]
    assert "*Historiken är avskuren här (grund klon: `git fetch --unshallow`).*" in rows[1]
    html = (out / "inriktningsdokument.html").read_text(encoding="utf-8")
    assert html.count("Historiken är avskuren här") == 1
