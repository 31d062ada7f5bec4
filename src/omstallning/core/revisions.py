"""The plans through time: diff between two revisions, textconv for git, an item's log."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from ..i18n import _
from ..reading.errors import UsageError, did_you_mean
from ..reading.plandir import find_plan_dir
from .plans import require

if TYPE_CHECKING:
    from ..analyses.diff import DiffReport
    from ..analyses.history import LogReport, Revisions
    from ..analyses.sides import Side
    from ..checks import Checked
    from ..model.plans import Plans
    from .plans import Snapshot


def diff_revisions(
    revisions: list[str], plan_dir: Path | None, *, max_file_size: int | None = None
) -> DiffReport:
    """What changed between two revisions or plan folders (see analyses.sides for how
    `revisions` is read); both sides must pass their schemas."""
    from ..analyses.sides import resolve_sides

    return compare_sides(*resolve_sides(revisions, _finder(plan_dir), max_file_size))


def base_side(plan_dir: Path | None, base: str, *, max_file_size: int | None = None) -> Side:
    """The plans at revision `base`, read once: `omst serve` compares each generation of the
    work tree with it for as long as `base` names the same commit."""
    from ..analyses.sides import read_side

    return read_side(base, _finder(plan_dir), max_file_size)


def work_tree_side(snapshot: Snapshot) -> Side:
    """The work tree as `snapshot` read it, as the new side of a diff."""
    from ..analyses.sides import WORK_TREE, Side

    return Side(WORK_TREE, snapshot.checked)


def compare_sides(old: Side, new: Side) -> DiffReport:
    """What changed from `old` to `new`; both must pass their schemas."""
    from ..analyses.diff import DiffReport, compare

    for side in (old, new):
        require(side.checked, side.label, schema_only=True)
        _require_followup(side.checked, side.label)
    if not (old.followup and new.followup):
        old.checked.plans.forvaltningar = new.checked.plans.forvaltningar = []
    return DiffReport(compare(old.checked.plans, new.checked.plans), old.label, new.label)


def default_base(plan_dir: Path | None) -> str:
    """What a pull request of the work tree would be compared with: the merge base of HEAD
    with the default branch, else HEAD (`omst serve`'s /diff without --base)."""
    from ..reading import git

    repo = git.root(find_plan_dir(plan_dir))
    branch = git.default_branch(repo)
    if branch is None:
        return "HEAD"
    try:
        return git.merge_base(repo, branch, git.resolve(repo, "HEAD"))
    except git.GitError:
        return "HEAD"


def head_commit(plan_dir: Path | None) -> str | None:
    """The commit HEAD names, or None where there is none (no repository, no commit yet):
    what the plans' history depends on."""
    from ..reading import git

    try:
        return git.resolve(git.root(find_plan_dir(plan_dir)), "HEAD")
    except UsageError:
        return None


def open_history(plan_dir: Path | None, *, max_file_size: int | None = None) -> Revisions:
    """The plans' history, to ask `item_log` about several items with each plan version
    parsed once; close it after."""
    from ..analyses.history import Revisions
    from ..reading import git

    folder = find_plan_dir(plan_dir)
    return Revisions(git.root(folder), folder, max_file_size)


def check_revision(plan_dir: Path | None, revision: str) -> str:
    """The commit `revision` names; a UsageError, before anything starts, where git knows
    no such revision."""
    from ..reading import git

    return git.resolve(git.root(find_plan_dir(plan_dir)), revision)


def _require_followup(checked: Checked, label: str) -> None:
    """A förvaltning's file that breaks its schema would be compared without its broken
    entries, which would show as removed: refuse instead, as for the plans."""
    from ..reading.errors import InvalidPlans
    from ..reading.kinds import FORVALTNING

    if any(key.startswith(f"{FORVALTNING}:") for key in checked.incomplete):
        errors = [f for f in checked.findings if f.severity == "error"]
        raise InvalidPlans(errors, label, whole=False)


def diff_followup(
    old: bytes | None, new: bytes | None, old_label: str, new_label: str, name: str
) -> DiffReport:
    """What changed between two versions of one förvaltning's file (`name`, e.g.
    plan/forvaltningar/skas.yaml), as `omst diff` shows it: for omst import --dry-run. None
    stands for a file that does not exist on that side. A version that does not pass the
    förvaltning schema whole is InvalidPlans."""
    from ..analyses.diff import DiffReport, compare

    return DiffReport(
        compare(_followup_plans(old, old_label, name), _followup_plans(new, new_label, name)),
        old_label,
        new_label,
    )


def _followup_plans(raw: bytes | None, label: str, name: str) -> Plans:
    from ..model.followup import build_forvaltning
    from ..model.plans import Plans
    from ..reading.errors import InvalidPlans
    from ..reading.kinds import FORVALTNING
    from ..reading.plandir import parse_bytes
    from ..reading.schema import check_schema

    if raw is None:
        return Plans()
    doc = parse_bytes(name, raw, floats=True)
    findings, _errors = check_schema(doc, FORVALTNING) if doc.data is not None else ([], None)
    errors = [f for f in [*doc.findings, *findings] if f.severity == "error"]
    if errors or doc.data is None:
        raise InvalidPlans(errors, label, whole=False)
    return Plans(forvaltningar=[build_forvaltning(doc, Path(name).stem)])


def _finder(plan_dir: Path | None) -> Callable[[], Path]:
    return lambda: find_plan_dir(plan_dir)


class PlanFile(NamedTuple):
    """A plan file as git hands it to textconv: its model where it passes its schema, else
    only its bytes, to be shown as they are."""

    raw: bytes
    plans: Plans | None


def plan_file(file: Path, *, max_file_size: int | None = None) -> PlanFile:
    """A plan file or a förvaltning's follow-up file, told apart by its first key (git
    hands textconv a temporary file, whose name says nothing)."""
    from ..checks import build_plan
    from ..model.followup import build_forvaltning
    from ..model.plans import Genomforandeplan, Plans
    from ..reading.findings import has_errors
    from ..reading.kinds import FORVALTNING
    from ..reading.plandir import PLAN_KINDS, parse_bytes
    from ..reading.schema import check_schema

    try:
        raw = file.read_bytes()
    except OSError as exc:
        raise UsageError(
            _("{file}: cannot read: {reason}").format(file=file, reason=exc.strerror or exc)
        ) from None
    doc = parse_bytes(str(file), raw, max_file_size=max_file_size)
    data = doc.data if isinstance(doc.data, dict) else {}
    if FORVALTNING in data and not has_errors(doc.findings):
        # Read again as the förvaltningar's files are: a decimal such as 16.3 is a number.
        doc = parse_bytes(str(file), raw, floats=True, max_file_size=max_file_size)
        findings, _errors = check_schema(doc, FORVALTNING)
        if findings:
            return PlanFile(raw, None)
        return PlanFile(raw, Plans(forvaltningar=[build_forvaltning(doc, file.stem)]))
    kind = data.get("plan")
    if kind not in PLAN_KINDS or has_errors(doc.findings):
        return PlanFile(raw, None)
    plan = build_plan(doc, kind, whole=True)
    if plan is None:
        return PlanFile(raw, None)
    if isinstance(plan, Genomforandeplan):
        return PlanFile(raw, Plans(gp=plan))
    return PlanFile(raw, Plans(vp=plan))


def item_log(
    plan_dir: Path | None,
    item: str,
    revisions: list[str],
    since: str | None = None,
    until: str | None = None,
    max_count: int | None = None,
    *,
    max_file_size: int | None = None,
    history: Revisions | None = None,
) -> LogReport:
    """Each commit that added, changed, moved or removed `item`, newest first. `history`:
    one from `open_history`, left open, else one opened and closed here."""
    from ..analyses.history import LogReport, item_history, known_ids

    own = history is None
    if history is None:
        history = open_history(plan_dir, max_file_size=max_file_size)
    try:
        commits = history.commits(revisions, since, until)
        events = list(item_history(history, item, commits, max_count))
        if not events:
            every = history.commits([]) if (revisions or since or until) else []
            known = known_ids(history, commits) | known_ids(history, every)
            if item not in known:
                raise UsageError(
                    _("no item {item} in the history of the plans{hint}").format(
                        item=item, hint=did_you_mean(item, known)
                    )
                )
        notes = tuple(history.notes(commits))
    finally:
        if own:
            history.close()
    return LogReport(item, events, revisions, notes)
