"""The two sides of `omst diff`: git revisions (read with git itself) or plan directories."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..checks import Checked, check_dir, check_docs
from ..i18n import _
from ..reading import git
from ..reading.errors import UsageError
from ..reading.kinds import FORVALTNING, GENOMFORANDEPLAN
from ..reading.plandir import (
    FOLLOWUP_DIR,
    FOLLOWUP_SUFFIXES,
    PLAN_FILES,
    display_path,
    parse_bytes,
)

# The work tree's label: the same in every language in JSON, which scripts read; the
# formats a person reads name it in their language.
WORK_TREE = "arbetskopian"


@dataclass
class Side:
    label: str
    checked: Checked
    # Whether the side can tell what the förvaltningar reported: a revision can (a commit
    # without plan/forvaltningar/ had no follow-up yet); a plan directory given without that
    # folder is a copy of the plans alone, whose follow-up is not compared.
    followup: bool = True


def _plan_dir_of(spec: str) -> Path | None:
    """A directory given on the command line: the plan folder itself, or a repo with plan/."""
    path = Path(spec)
    if not path.is_dir():
        return None
    if (path / PLAN_FILES[GENOMFORANDEPLAN]).exists():
        return path
    if (path / "plan").is_dir():
        return path / "plan"
    raise UsageError(
        _("{spec} is a directory, but holds neither the plan files nor plan/").format(spec=spec)
    )


def _at_revision(plan_dir: Path, rev: str, commit: str, max_file_size: int | None) -> Side:
    """Both plans and the förvaltningar's follow-up files as the commit has them, read with
    one git process."""
    repo = git.root(plan_dir)
    docs = {}
    with git.BlobReader(repo) as reader:
        for kind, name in PLAN_FILES.items():
            path = git.tree_path(repo, plan_dir, name)
            raw = _blob(reader, commit, path)
            if raw is None:
                raise UsageError(
                    _(
                        "{path} does not exist at {rev} ({commit}): was the plan file added "
                        "later, or moved?"
                    ).format(path=path, rev=rev, commit=commit[:12])
                )
            docs[kind] = parse_bytes(f"{rev}:{path}", raw, max_file_size=max_file_size)
        folder = git.tree_path(repo, plan_dir, FOLLOWUP_DIR)
        for stem, path in _followup_files(repo, commit, folder):
            raw = _blob(reader, commit, path)
            if raw is not None:
                docs[f"{FORVALTNING}:{stem}"] = parse_bytes(
                    f"{rev}:{path}", raw, floats=True, max_file_size=max_file_size
                )
    return Side(rev, check_docs(docs))


def _blob(reader: git.BlobReader, commit: str, path: str) -> bytes | None:
    found = reader.fetch(f"{commit}:{path}")
    if isinstance(found, str):
        raise git.GitError(
            _("{path} at {commit} is {what}; omst reads only plan files").format(
                path=path, commit=commit[:12], what=found
            )
        )
    return found.data if found is not None else None


def _followup_files(repo: Path, commit: str, folder: str) -> list[tuple[str, str]]:
    """(stem, path) of each follow-up file at the commit, as the work tree's are read: the
    .yaml and .yml files directly in the folder, the first of two with the same stem."""
    found: dict[str, str] = {}
    for kind, name in sorted(git.list_folder(repo, commit, folder), key=lambda e: e[1]):
        stem = next((name[: -len(s)] for s in FOLLOWUP_SUFFIXES if name.endswith(s)), None)
        if kind == "blob" and stem and stem not in found:
            found[stem] = f"{folder}/{name}"
    return list(found.items())


def resolve_sides(
    specs: list[str], find_plan_dir: Callable[[], Path], max_file_size: int | None = None
) -> tuple[Side, Side]:
    """[] = HEAD against the work tree; [A] = A against the work tree; [A, B]; A..B; A...B
    (from the merge base, as git diff reads it). A spec that is a directory is read as one;
    the plan directory is looked for only when a side needs it (a revision or the work tree).
    `max_file_size`: the largest plan file read, in bytes (None: the environment's or the
    default)."""
    if len(specs) > 2:
        raise UsageError(_("omst diff takes at most two revisions or directories"))
    if len(specs) == 1 and ".." in specs[0] and not Path(specs[0]).is_dir():
        left, dots, right = (
            specs[0].partition("...") if "..." in specs[0] else specs[0].partition("..")
        )
        left, right = left or "HEAD", right or "HEAD"
        plan_dir = find_plan_dir()
        repo = git.root(plan_dir)
        old_commit = git.resolve(repo, left)
        new_commit = git.resolve(repo, right)
        if dots == "...":
            old_commit = git.merge_base(repo, old_commit, new_commit)
        return (
            _at_revision(
                plan_dir, left if dots == ".." else f"{left}...", old_commit, max_file_size
            ),
            _at_revision(plan_dir, right, new_commit, max_file_size),
        )
    old_spec = specs[0] if specs else "HEAD"
    new_spec = specs[1] if len(specs) == 2 else None
    return (
        read_side(old_spec, find_plan_dir, max_file_size),
        read_side(new_spec, find_plan_dir, max_file_size),
    )


def read_side(
    spec: str | None, find_plan_dir: Callable[[], Path], max_file_size: int | None
) -> Side:
    """One side as `spec` names it: a plan directory, a revision, or (None) the work tree."""
    if spec is None:
        return Side(WORK_TREE, check_dir(find_plan_dir(), max_file_size))
    folder = _plan_dir_of(spec)
    if folder is not None:
        followup = (folder / FOLLOWUP_DIR).is_dir()
        return Side(display_path(folder), check_dir(folder, max_file_size), followup)
    plan_dir = find_plan_dir()
    commit = git.resolve(git.root(plan_dir), spec)
    return _at_revision(plan_dir, spec, commit, max_file_size)
