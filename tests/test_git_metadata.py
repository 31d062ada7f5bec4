"""Whatever an author, a subject or a file name holds, reading/git.py takes each field of
`git log` for what git says it is: checked against git's own answer for that one field, on
commits hypothesis writes with control characters, separators and line breaks."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from helpers import GIT_ENV, git
from omstallning.reading import git as omst_git

hypothesis = pytest.importorskip("hypothesis")
from hypothesis import HealthCheck, assume, example, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

# Every character but NUL (an argument or a variable cannot hold one): the C0 controls git's
# old record format used as separators, ESC and BEL for a terminal, line breaks.
TEXT = st.text(
    alphabet=st.one_of(
        st.sampled_from("\x01\x1f\x1e\x07\x1b\n\r\t :<>\"'\\;,. "),
        st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
    ),
    max_size=40,
)
NAME = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00/"),
    min_size=1,
    max_size=40,
).filter(lambda name: name not in (".", "..") and len(name.encode()) < 200)


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("metadata")
    git(root, "init", "--quiet", "--initial-branch=main")
    (root / "first").write_text("first\n", encoding="utf-8")
    git(root, "add", "first")
    git(root, "commit", "--quiet", "-m", "first")
    return root


def field(repo: Path, placeholder: str) -> str:
    """One field of the newest commit, as git prints it alone."""
    shown = subprocess.run(
        ["git", "-C", str(repo), "show", "-s", f"--format={placeholder}", "HEAD"],
        capture_output=True,
        check=True,
        env={**os.environ, **GIT_ENV},
    ).stdout
    return shown.decode("utf-8", "replace").removesuffix("\n")


@settings(
    max_examples=25,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.filter_too_much],
)
@given(author=TEXT, message=TEXT, name=NAME)
@example(author="Te\x01st", message="sub\x1fject\x01", name="a\nb\x1f.yaml")
@example(author="T\x1fe\x1fs\x1ft", message="\n:100644 100644", name=":100644")
def test_each_field_of_the_log_is_what_git_says_it_is(
    repo: Path, author: str, message: str, name: str
) -> None:
    if (repo / name).exists() or name.startswith(".git") or name == "first":
        return
    (repo / name).write_bytes(b"x\n")
    env = {**os.environ, **GIT_ENV, "GIT_AUTHOR_NAME": author}
    subprocess.run(
        ["git", "-C", str(repo), "--literal-pathspecs", "add", "--", name], check=True, env=env
    )
    made = subprocess.run(
        [
            *("git", "-C", str(repo), "commit", "--quiet", "--no-verify"),
            *("--allow-empty-message", "--cleanup=verbatim", "-m", message),
        ],
        capture_output=True,
        env=env,
    )
    if made.returncode != 0:  # a name of nothing but what git trims away
        subprocess.run(["git", "-C", str(repo), "reset", "--quiet"], check=True)
        (repo / name).unlink()
        assume(False)
    (newest,) = omst_git.log(repo, [name], ["HEAD~1..HEAD"])
    assert newest.commit == field(repo, "%H")
    assert newest.author == field(repo, "%an")
    assert newest.subject == field(repo, "%s")
    assert newest.date == field(repo, "%aI")
    assert [change.path for change in newest.files] == [name]
    assert newest.files[0].old_blob is None and newest.files[0].new_blob is not None
