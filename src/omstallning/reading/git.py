"""Reading from git: the commit a folder is at, and plan files at a revision. Nothing else;
the work tree and the index are never touched."""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

from .errors import UsageError


class GitError(UsageError):
    pass


def _git(cwd: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(["git", "-C", str(cwd), *args], capture_output=True,
                              check=False, stdin=subprocess.DEVNULL)
    except FileNotFoundError:
        raise GitError("git failed: is it installed and on PATH?") from None


@dataclass(frozen=True)
class Revision:
    commit: str
    date: str  # committer date, ISO 8601
    dirty: bool


def revision_of(folder: Path) -> Revision | None:
    """The commit `folder` is checked out at, or None outside a git repository."""
    result = _git(folder, "log", "-1", "--format=%H%x00%cI")
    if result.returncode != 0 or not result.stdout.strip():
        return None
    commit, date = result.stdout.decode().strip().split("\0")
    status = _git(folder, "status", "--porcelain", "--", ".")
    return Revision(commit, date, bool(status.stdout.strip()))


def root(folder: Path) -> Path:
    result = _git(folder, "rev-parse", "--show-toplevel")
    if result.returncode != 0:
        raise GitError(f"{folder} is not in a git repository (git failed: "
                       f"{result.stderr.decode(errors='replace').strip()}); give two plan "
                       "directories instead of revisions, or run omst inside the plans' "
                       "repository")
    return Path(result.stdout.decode().strip())


def resolve(repo: Path, rev: str) -> str:
    """A revision as a commit ID; a clear error for one git does not know."""
    if rev.startswith("-"):
        raise GitError(f"'{rev}' is not a revision")
    result = _git(repo, "rev-parse", "--verify", "--quiet", "--end-of-options",
                  f"{rev}^{{commit}}")
    if result.returncode != 0:
        raise GitError(f"unknown revision '{rev}': git knows no commit by that name "
                       "(try a branch, tag or commit ID, e.g. HEAD~1 or main)")
    return result.stdout.decode().strip()


def merge_base(repo: Path, a: str, b: str) -> str:
    result = _git(repo, "merge-base", a, b)
    if result.returncode != 0:
        raise GitError(f"'{a}' and '{b}' have no common ancestor")
    return result.stdout.decode().strip()


def show(repo: Path, commit: str, path: str) -> bytes | None:
    """A file's bytes at a commit (path relative to the repository root), None if absent."""
    result = _git(repo, "cat-file", "blob", f"{commit}:{path}")
    return result.stdout if result.returncode == 0 else None
