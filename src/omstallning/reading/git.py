"""Reading from git: the commit a folder is at, and plan files at a revision. Nothing else;
the work tree and the index are never touched."""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

from .errors import UsageError


class GitError(UsageError):
    pass


def _git(cwd: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(
            ["git", "-C", str(cwd), *args],
            capture_output=True,
            check=False,
            stdin=subprocess.DEVNULL,
        )
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
        raise GitError(
            f"{folder} is not in a git repository (git failed: "
            f"{result.stderr.decode(errors='replace').strip()}); give two plan "
            "directories instead of revisions, or run omst inside the plans' "
            "repository"
        )
    return Path(result.stdout.decode().strip())


def resolve(repo: Path, rev: str) -> str:
    """A revision as a commit ID; a clear error for one git does not know."""
    if rev.startswith("-"):
        raise GitError(f"'{rev}' is not a revision")
    result = _git(repo, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}")
    if result.returncode != 0:
        raise GitError(
            f"unknown revision '{rev}': git knows no commit by that name "
            "(try a branch, tag or commit ID, e.g. HEAD~1 or main)"
        )
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


@dataclass(frozen=True)
class FileChange:
    path: str
    old_blob: str | None  # None: the file did not exist before the commit
    new_blob: str | None  # None: the commit removed it


@dataclass(frozen=True)
class Commit:
    commit: str
    short: str
    date: str  # author date, ISO 8601
    author: str
    subject: str
    files: tuple[FileChange, ...]


_NULL_BLOB = "0" * 40
_RAW = re.compile(r"^:\d+ \d+ ([0-9a-f]+) ([0-9a-f]+) [A-Z]\d*\t(.+)$")


def log(
    repo: Path,
    paths: list[str],
    revisions: list[str],
    since: str | None = None,
    until: str | None = None,
) -> list[Commit]:
    """The commits that changed any of `paths` (relative to the repository root), newest
    first, each with the blobs of those files before and after it. Merges bring no change
    of their own and are left out, as `git log` shows them."""
    for rev in revisions:
        if rev.startswith("-"):
            raise GitError(f"'{rev}' is not a revision")
    args = [
        "log",
        "--no-merges",
        "--raw",
        "--no-abbrev",
        "--no-renames",
        "-z",
        "--format=%x01%H%x1f%aI%x1f%an%x1f%s",
    ]
    args += [f"--since={since}"] if since else []
    args += [f"--until={until}"] if until else []
    result = _git(repo, *args, "--end-of-options", *(revisions or ["HEAD"]), "--", *paths)
    if result.returncode != 0:
        message = result.stderr.decode(errors="replace").strip().splitlines()
        raise GitError(
            f"git log failed: {message[-1] if message else 'no reason given'} "
            "(is the revision range one git knows, e.g. main..HEAD?)"
        )
    commits = []
    for record in result.stdout.decode("utf-8", "replace").split("\x01")[1:]:
        header, _, raw = record.partition("\n")
        header = header.rstrip("\0")  # -z ends the formatted line with a NUL
        commit, date, author, subject = header.split("\x1f", 3)
        short = commit[:7]  # --no-abbrev (for the blobs) makes git's own %h full length
        fields = [f for f in raw.strip("\0\n").split("\0") if f]
        files = []
        # -z: ":meta" and the path are separate NUL-terminated fields.
        for meta, path in zip(fields[::2], fields[1::2], strict=False):
            match = _RAW.match(f"{meta}\t{path}")
            if match:
                old, new, name = match.groups()
                files.append(
                    FileChange(
                        name, None if old == _NULL_BLOB else old, None if new == _NULL_BLOB else new
                    )
                )
        commits.append(Commit(commit, short, date, author, subject, tuple(files)))
    return commits


class BlobReader:
    """One `git cat-file --batch` process for every blob a command reads: starting git once
    per blob would cost more than reading them."""

    def __init__(self, repo: Path) -> None:
        try:
            self.process = subprocess.Popen(
                ["git", "-C", str(repo), "cat-file", "--batch"],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
            )
        except FileNotFoundError:
            raise GitError("git failed: is it installed and on PATH?") from None

    def read(self, blob: str) -> bytes | None:
        assert self.process.stdin and self.process.stdout
        self.process.stdin.write(blob.encode("ascii") + b"\n")
        self.process.stdin.flush()
        header = self.process.stdout.readline().split()
        if len(header) != 3:  # "<blob> missing"
            return None
        data = self.process.stdout.read(int(header[2]))
        self.process.stdout.read(1)  # the newline after the content
        return data

    def close(self) -> None:
        if self.process.stdin:
            self.process.stdin.close()
        self.process.wait()

    def __enter__(self) -> BlobReader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
