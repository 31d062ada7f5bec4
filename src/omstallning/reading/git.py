"""Reading from git: the commit a folder is at, and plan files at a revision. Nothing else;
the work tree and the index are never touched."""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

from ..i18n import N_, _
from .errors import UsageError
from .repo import root_of


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
        raise GitError(_("git failed: is it installed and on PATH?")) from None


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
    found = root_of(folder)
    if found is None:
        raise GitError(
            _(
                "{folder} is not in a git repository; give two plan directories instead of "
                "revisions, or run omst inside the plans' repository"
            ).format(folder=folder)
        )
    return found


def tree_path(repo: Path, folder: Path, name: str) -> str:
    """`folder/name` as git names it in a commit's tree: from the repository's root, with
    forward slashes. The folder is resolved, the file's own name kept (it may be a link)."""
    try:
        rel = folder.resolve().relative_to(repo.resolve()).as_posix()
    except ValueError:
        raise GitError(
            _("{folder} is not inside the git repository at {repo}").format(
                folder=folder, repo=repo
            )
        ) from None
    return name if rel == "." else f"{rel}/{name}"


def is_empty(repo: Path) -> bool:
    """A repository with no commit yet (HEAD names a branch that does not exist)."""
    head = _git(repo, "rev-parse", "--verify", "--quiet", "HEAD")
    return head.returncode != 0 and _git(repo, "rev-parse", "--git-dir").returncode == 0


def no_commits(repo: Path) -> str:
    return _(
        "the git repository at {repo} has no commits yet, so there is no history to "
        "read; commit the plans first (git add plan && git commit)"
    ).format(repo=repo)


def shallow_boundary(repo: Path) -> list[str]:
    """The commits a shallow clone's history is cut at; [] in a full clone."""
    result = _git(repo, "rev-parse", "--is-shallow-repository", "--git-path", "shallow")
    lines = result.stdout.decode(errors="replace").splitlines()
    if result.returncode != 0 or len(lines) != 2 or lines[0] != "true":
        return []
    try:
        text = (repo / lines[1]).read_text(encoding="ascii", errors="replace")
    except OSError:
        return []
    return [line for line in text.split() if _OID.match(line)]


def cut_hint(repo: Path) -> str:
    """Why git may not know a revision or a common ancestor: a shallow clone (CI checks out
    one commit unless told otherwise)."""
    boundary = shallow_boundary(repo)
    if not boundary:
        return ""
    cut = ", ".join(commit[:7] for commit in boundary)
    return _(
        "; this clone is shallow, its history is cut at {cut} (git fetch --unshallow, "
        "or fetch-depth: 0 in actions/checkout)"
    ).format(cut=cut)


def resolve(repo: Path, rev: str) -> str:
    """A revision as a commit ID; a clear error for one git does not know."""
    if rev.startswith("-"):
        raise GitError(_("'{rev}' is not a revision").format(rev=rev))
    result = _git(repo, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}")
    if result.returncode != 0:
        if is_empty(repo):
            raise GitError(no_commits(repo))
        raise GitError(
            _(
                "unknown revision '{rev}': git knows no commit by that name "
                "(try a branch, tag or commit ID, e.g. HEAD~1 or main)"
            ).format(rev=rev)
            + cut_hint(repo)
        )
    return result.stdout.decode().strip()


def merge_base(repo: Path, a: str, b: str) -> str:
    result = _git(repo, "merge-base", a, b)
    if result.returncode != 0:
        raise GitError(
            _("'{a}' and '{b}' have no common ancestor").format(a=a, b=b) + cut_hint(repo)
        )
    return result.stdout.decode().strip()


def default_branch(repo: Path) -> str | None:
    """The branch a pull request would go into: the remote's HEAD where a clone knows it,
    else a local main or master; None where there is neither."""
    remote = _git(repo, "symbolic-ref", "--quiet", "--short", "refs/remotes/origin/HEAD")
    if remote.returncode == 0 and remote.stdout.strip():
        return remote.stdout.decode().strip()
    for name in ("main", "master"):
        if _git(repo, "rev-parse", "--verify", "--quiet", f"refs/heads/{name}").returncode == 0:
            return name
    return None


def show(repo: Path, commit: str, path: str) -> bytes | None:
    """A file's bytes at a commit (path relative to the repository root), read through
    symbolic links inside the commit's tree; None if absent. A link git cannot follow
    (out of the repository, dangling) is an error that says so."""
    with BlobReader(repo) as reader:
        found = reader.fetch(f"{commit}:{path}")
    if isinstance(found, str):
        raise GitError(
            _("{path} at {commit} is {what}; omst reads only plan files").format(
                path=path, commit=commit[:12], what=found
            )
        )
    return found.data if found is not None else None


def list_folder(repo: Path, commit: str, folder: str) -> list[tuple[str, str]]:
    """The entries directly in `folder` at a commit, as (git's type, name): "blob" for a
    file or a symbolic link, "tree" for a folder; [] where the folder does not exist."""
    result = _git(
        repo, "--literal-pathspecs", "ls-tree", "-z", "--full-tree", commit, "--", f"{folder}/"
    )
    if result.returncode != 0:
        return []
    found = []
    for record in result.stdout.split(b"\0"):
        meta, tab, path = record.partition(b"\t")
        parts = meta.split()
        if tab and len(parts) == 3:
            name = path.decode("utf-8", "surrogateescape").rpartition("/")[2]
            found.append((parts[1].decode("ascii", "replace"), name))
    return found


SYMLINK_MODE = "120000"


@dataclass(frozen=True)
class FileChange:
    path: str
    old_blob: str | None  # None: the file did not exist before the commit
    new_blob: str | None  # None: the commit removed it
    old_mode: str = ""  # git's file mode, "120000" for a symbolic link; "" where absent
    new_mode: str = ""

    @property
    def became_link(self) -> bool:
        return self.new_mode == SYMLINK_MODE and self.old_mode != SYMLINK_MODE


@dataclass(frozen=True)
class Commit:
    commit: str
    short: str
    date: str  # author date, ISO 8601
    author: str
    subject: str
    files: tuple[FileChange, ...]


_NULL_BLOB = "0" * 40
_META = re.compile(r"^:(\d+) (\d+) ([0-9a-f]+) ([0-9a-f]+) [A-Z]\d*$")
_OID = re.compile(r"^(?:[0-9a-f]{40}|[0-9a-f]{64})$")
# Every field ends in a NUL, which no author, subject or path can hold (git cuts them at
# one): a field is read by its place, never by what it contains.
_LOG_FORMAT = "--format=%H%x00%aI%x00%an%x00%s"


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
            raise GitError(_("'{rev}' is not a revision").format(rev=rev))
    # Paths as they are: a plan folder named ":x" or "[ab]" is no pathspec magic or glob.
    args = [
        "--literal-pathspecs",
        "log",
        "--no-merges",
        "--raw",
        "--no-abbrev",
        "--no-renames",
        "-z",
        _LOG_FORMAT,
    ]
    args += [f"--since={since}"] if since else []
    args += [f"--until={until}"] if until else []
    result = _git(repo, *args, "--end-of-options", *(revisions or ["HEAD"]), "--", *paths)
    if result.returncode != 0:
        if is_empty(repo):
            raise GitError(no_commits(repo))
        message = result.stderr.decode(errors="replace").strip().splitlines()
        reason = message[-1] if message else _("no reason given")
        raise GitError(
            _(
                "git log failed: {reason} (is the revision range one git knows, e.g. main..HEAD?)"
            ).format(reason=reason)
            + cut_hint(repo)
        )
    return parse_log(result.stdout)


def parse_log(output: bytes) -> list[Commit]:
    """`git log -z --raw` in _LOG_FORMAT: per commit four header fields, then a ":meta"
    field and a path field per changed file."""
    fields = output.split(b"\0")
    headers: list[tuple[str, str, str, str]] = []
    files: list[list[FileChange]] = []
    i = 0
    while i < len(fields):
        field = fields[i].lstrip(b"\n")  # git puts a line break before the first ":meta"
        if not field:
            i += 1
            continue
        if field.startswith(b":"):
            match = _META.match(field.decode("ascii", "replace"))
            if not files or i + 1 >= len(fields) or not match:
                raise _unreadable(field)
            old_mode, new_mode, old, new = match.groups()
            path = fields[i + 1].decode("utf-8", "surrogateescape")
            files[-1].append(
                FileChange(
                    path,
                    None if old == _NULL_BLOB else old,
                    None if new == _NULL_BLOB else new,
                    "" if old_mode == "000000" else old_mode,
                    "" if new_mode == "000000" else new_mode,
                )
            )
            i += 2
            continue
        commit = field.decode("ascii", "replace")
        if not _OID.match(commit) or i + 3 >= len(fields):
            raise _unreadable(field)
        date, author, subject = (f.decode("utf-8", "replace") for f in fields[i + 1 : i + 4])
        headers.append((commit, date, author, subject))
        files.append([])
        i += 4
    # --no-abbrev (for the blobs) makes git's own %h full length: the short ID is cut here.
    return [
        Commit(commit, commit[:7], date, author, subject, tuple(changes))
        for (commit, date, author, subject), changes in zip(headers, files, strict=True)
    ]


def _unreadable(field: bytes) -> GitError:
    return GitError(
        _("git log gave output omst cannot read, at {field}").format(field=repr(field[:60]))
    )


@dataclass(frozen=True)
class Blob:
    oid: str
    data: bytes


# Translated when read: the language is chosen after this module is imported.
_LINK_ANSWERS = {
    b"symlink": N_("a symbolic link to {target} outside the repository"),
    b"dangling": N_("a symbolic link to {target}, which does not exist"),
    b"loop": N_("a loop of symbolic links ({target})"),
    b"notdir": N_("a symbolic link through a file ({target})"),
}


class BlobReader:
    """One `git cat-file --batch` process for every blob a command reads: starting git once
    per blob would cost more than reading them. A name `COMMIT:PATH` is read through
    symbolic links inside that commit's tree, as the work tree would be."""

    def __init__(self, repo: Path) -> None:
        try:
            self.process = subprocess.Popen(
                ["git", "-C", str(repo), "cat-file", "--batch", "--follow-symlinks"],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
            )
        except FileNotFoundError:
            raise GitError(_("git failed: is it installed and on PATH?")) from None

    def read(self, blob: str) -> bytes | None:
        found = self.fetch(blob)
        return found.data if isinstance(found, Blob) else None

    def fetch(self, name: str) -> Blob | str | None:
        """The blob `name` is (a hash, or COMMIT:PATH); None if there is none; a sentence
        saying why when the path is a symbolic link git cannot follow, or not a file."""
        assert self.process.stdin and self.process.stdout
        if "\n" in name:  # one name a line: a line break would start another request
            return None
        self.process.stdin.write(name.encode("utf-8", "surrogateescape") + b"\n")
        self.process.stdin.flush()
        header = self.process.stdout.readline().rstrip(b"\n")
        if header.endswith((b" missing", b" ambiguous")) or not header:
            return None
        parts = header.split(b" ")
        if len(parts) == 2 and parts[0] in _LINK_ANSWERS:
            target = self._content(int(parts[1]))
            return _(_LINK_ANSWERS[parts[0]]).format(target=target.decode("utf-8", "replace"))
        if len(parts) != 3 or not parts[2].isdigit():
            raise GitError(
                _("git cat-file gave an answer omst cannot read: {header}").format(
                    header=repr(header[:60])
                )
            )
        data = self._content(int(parts[2]))
        return Blob(parts[0].decode("ascii"), data) if parts[1] == b"blob" else _("not a file")

    def _content(self, size: int) -> bytes:
        assert self.process.stdout
        data = self.process.stdout.read(size)
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
