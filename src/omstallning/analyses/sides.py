"""The two sides of `omst diff`: git revisions (read with git itself) or plan directories."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..checks import Checked, check_dir, check_docs
from ..reading import git
from ..reading.errors import UsageError
from ..reading.kinds import GENOMFORANDEPLAN
from ..reading.plandir import PLAN_FILES, display_path, parse_bytes


@dataclass
class Side:
    label: str
    checked: Checked


def _plan_dir_of(spec: str) -> Path | None:
    """A directory given on the command line: the plan folder itself, or a repo with plan/."""
    path = Path(spec)
    if not path.is_dir():
        return None
    if (path / PLAN_FILES[GENOMFORANDEPLAN]).exists():
        return path
    if (path / "plan").is_dir():
        return path / "plan"
    raise UsageError(f"{spec} is a directory, but holds neither the plan files nor plan/")


def _at_revision(plan_dir: Path, rev: str, commit: str, max_file_size: int | None) -> Side:
    repo = git.root(plan_dir)
    docs = {}
    for kind, name in PLAN_FILES.items():
        path = git.tree_path(repo, plan_dir, name)
        raw = git.show(repo, commit, path)
        if raw is None:
            raise UsageError(
                f"{path} does not exist at {rev} ({commit[:12]}): was the plan "
                "file added later, or moved?"
            )
        docs[kind] = parse_bytes(f"{rev}:{path}", raw, max_file_size=max_file_size)
    return Side(rev, check_docs(docs))


def resolve_sides(
    specs: list[str], find_plan_dir: Callable[[], Path], max_file_size: int | None = None
) -> tuple[Side, Side]:
    """[] = HEAD against the work tree; [A] = A against the work tree; [A, B]; A..B; A...B
    (from the merge base, as git diff reads it). A spec that is a directory is read as one;
    the plan directory is looked for only when a side needs it (a revision or the work tree).
    `max_file_size`: the largest plan file read, in bytes (None: the environment's or the
    default)."""
    if len(specs) > 2:
        raise UsageError("omst diff takes at most two revisions or directories")
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
        _side(old_spec, find_plan_dir, max_file_size),
        _side(new_spec, find_plan_dir, max_file_size),
    )


def _side(spec: str | None, find_plan_dir: Callable[[], Path], max_file_size: int | None) -> Side:
    if spec is None:
        return Side("arbetskopian", check_dir(find_plan_dir(), max_file_size))
    folder = _plan_dir_of(spec)
    if folder is not None:
        return Side(display_path(folder), check_dir(folder, max_file_size))
    plan_dir = find_plan_dir()
    commit = git.resolve(git.root(plan_dir), spec)
    return _at_revision(plan_dir, spec, commit, max_file_size)
