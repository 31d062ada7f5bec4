"""The plans as they are: validate, stats, link, status, export and the document.

Each report is made from a `Snapshot`: the folder read and checked once. A command reads one
and makes its report (`validate_plans`, `status_report` …); `omst serve` makes every page of
one generation from the same snapshot (`validation_of`, `status_of` …), so a save is read,
validated and modelled once however many pages show it.

Results are NamedTuples rather than dataclasses: a dataclass is compiled at every import, and
every run of omst imports this module."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from ..checks import Checked, check_dir
from ..i18n import _
from ..reading.errors import InvalidPlans, UsageError, did_you_mean
from ..reading.findings import Finding, FindingsReport, has_errors, strict
from ..reading.kinds import PLAN_KINDS
from ..reading.plandir import find_plan_dir

if TYPE_CHECKING:
    from ..analyses.entries import Entry
    from ..analyses.history import Revisions
    from ..analyses.links import LinkReport, Traceability
    from ..analyses.stats import Stats
    from ..analyses.status import Status
    from ..analyses.workbook import Workbook
    from ..checks.catalogue import CodeDoc
    from ..model.followup import Forvaltning, Tertial
    from ..model.plans import Genomforandeplan, Verksamhetsplan


class Validation(NamedTuple):
    report: FindingsReport
    files: int

    @property
    def failed(self) -> bool:
        return has_errors(self.report.findings)


class ValidPlans(NamedTuple):
    """Both plans and the follow-up, built whole and without errors."""

    folder: Path
    gp: Genomforandeplan
    vp: Verksamhetsplan
    forvaltningar: list[Forvaltning]
    warnings: list[Finding]


class Snapshot:
    """The plan folder read and checked once, and what several reports share of it (the
    links traced, the follow-up as of a day), each made the first time a report asks. The
    findings' messages are in the language spoken when it was read."""

    def __init__(self, folder: Path, checked: Checked) -> None:
        self.folder = folder
        self.checked = checked
        self._plans: ValidPlans | None = None
        self._trace: Traceability | None = None
        self._status: dict[date, Status] = {}

    @classmethod
    def read(cls, plan_dir: Path | None, *, max_file_size: int | None = None) -> Snapshot:
        """`max_file_size` (every core call takes it): the largest plan file read, in bytes;
        None leaves it to OMST_MAX_FILE_SIZE or the default."""
        folder = find_plan_dir(plan_dir)
        return cls(folder, check_dir(folder, max_file_size))

    @property
    def plans(self) -> ValidPlans:
        """The plans for every report but validate's: InvalidPlans where they have errors."""
        if self._plans is None:
            checked = self.checked
            require(checked)
            gp, vp = checked.plans.gp, checked.plans.vp
            assert gp is not None and vp is not None  # require() saw both
            warnings = [f for f in checked.findings if f.severity == "warning"]
            self._plans = ValidPlans(self.folder, gp, vp, checked.plans.forvaltningar, warnings)
        return self._plans

    @property
    def trace(self) -> Traceability:
        from ..analyses import links

        if self._trace is None:
            self._trace = links.trace(self.plans.gp, self.plans.vp)
        return self._trace

    def status(self, day: date) -> Status:
        """Every förvaltning's follow-up for the round `day` is in."""
        from ..analyses import status

        if day not in self._status:
            plans = self.plans
            self._status[day] = status.compute(plans.gp, plans.vp, plans.forvaltningar, day)
        return self._status[day]


def validate_plans(
    plan_dir: Path | None, strict_: bool = False, *, max_file_size: int | None = None
) -> Validation:
    """Every finding of both plans and the follow-up; `strict_` makes warnings errors."""
    return validation_of(Snapshot.read(plan_dir, max_file_size=max_file_size), strict_)


def validation_of(snapshot: Snapshot, strict_: bool = False) -> Validation:
    checked = snapshot.checked
    findings = strict(checked.findings) if strict_ else checked.findings
    return Validation(FindingsReport(findings, [d.path for d in checked.plans.docs]), checked.files)


def require(checked: Checked, label: str | None = None, schema_only: bool = False) -> None:
    """The one gate before a command works on plans. Every command needs plans that pass
    their schemas whole; all but diff and review (which compare or edit the text as it
    stands) need them without any error, since their analyses follow every ID and link."""
    whole = bool(checked.complete(*PLAN_KINDS) and checked.plans.gp and checked.plans.vp)
    if whole and (schema_only or not has_errors(checked.findings)):
        return
    raise InvalidPlans(
        [f for f in checked.findings if f.severity == "error"],
        label,
        whole,
        frozenset(checked.plans.broken_ids),
    )


def plan_folder(plan_dir: Path | None) -> Path:
    """The plan folder as an absolute path (`omst serve` watches it), or a UsageError."""
    return find_plan_dir(plan_dir).absolute()


def catalogue() -> list[CodeDoc]:
    """Every code validate can report, with what it finds (`omst validate --list-checks`)."""
    from ..checks.catalogue import catalogue as codes

    return codes()


def valid_plans(plan_dir: Path | None, *, max_file_size: int | None = None) -> ValidPlans:
    return Snapshot.read(plan_dir, max_file_size=max_file_size).plans


def stats_report(plan_dir: Path | None, *, max_file_size: int | None = None) -> Stats:
    from ..analyses import stats

    plans = valid_plans(plan_dir, max_file_size=max_file_size)
    return stats.report(plans.gp, plans.vp)


def link_report(
    plan_dir: Path | None, item: str | None, *, max_file_size: int | None = None
) -> LinkReport:
    """The matrix of work streams × subareas, or everything linked to one item."""
    from ..analyses import links

    plans = valid_plans(plan_dir, max_file_size=max_file_size)
    t = links.trace(plans.gp, plans.vp)
    found = None
    if item is not None:
        found = links.find_item(t, item)
        if found is None:
            raise UsageError(
                _("no area, subarea, work stream or milestone has the ID {item}").format(item=item)
                + did_you_mean(item, links.item_ids(t))
            )
    return links.report(t, found)


def status_report(
    plan_dir: Path | None,
    day: date,
    *,
    tertial: str | None = None,
    forvaltning: str | None = None,
    max_file_size: int | None = None,
) -> Status:
    """The follow-up for one tertial's round (default: the tertial `day` is in), of every
    förvaltning or of the one whose ID is `forvaltning` (in any case)."""
    round_tertial(tertial, day)  # a tertial that is none is refused before anything is read
    snapshot = Snapshot.read(plan_dir, max_file_size=max_file_size)
    return status_of(snapshot, day, tertial=tertial, forvaltning=forvaltning)


def status_of(
    snapshot: Snapshot, day: date, *, tertial: str | None = None, forvaltning: str | None = None
) -> Status:
    from ..analyses import status

    round_ = round_tertial(tertial, day)
    plans = snapshot.plans
    if tertial is None and forvaltning is None:
        return snapshot.status(day)
    chosen = plans.forvaltningar
    if forvaltning is not None:
        chosen = [f for f in chosen if f.id == forvaltning.strip().upper()]
        if not chosen:
            ids = [f.id for f in plans.forvaltningar]
            raise UsageError(
                _("no förvaltning has the ID {id} (there are: {ids}){hint}").format(
                    id=forvaltning,
                    ids=", ".join(ids),
                    hint=did_you_mean(forvaltning.upper(), ids),
                )
            )
    return status.compute(plans.gp, plans.vp, chosen, day, round_)


def round_tertial(text: str | None, day: date) -> Tertial:
    """The tertial `--tertial` names ("T3 2024", any case and spacing), or the one `day` is
    in: the latest that has begun by then."""
    import re

    from ..model.followup import Tertial

    if text is None:
        return Tertial.of(day)
    match = re.fullmatch(r"\s*[Tt]\s*([1-3])\s+([0-9]{4})\s*", text)
    if match is None:
        raise UsageError(
            _(
                '--tertial "{value}" is not a tertial: write T1, T2 or T3 and the year, '
                'e.g. "T3 2024"'
            ).format(value=text)
        )
    return Tertial(int(match[2]), int(match[1]))


def export_book(plan_dir: Path | None, day: date, *, max_file_size: int | None = None) -> Workbook:
    from ..analyses import status
    from ..analyses.workbook import workbook
    from ..reading.git import revision_of
    from ..reading.plandir import display_path

    plans = valid_plans(plan_dir, max_file_size=max_file_size)
    return workbook(
        plans.gp,
        plans.vp,
        status.compute(plans.gp, plans.vp, plans.forvaltningar, day),
        display_path(plans.folder),
        revision_of(plans.folder),
    )


def check_export_path(out: Path) -> None:
    """`omst export` writes an Excel workbook: a name that says otherwise is refused before
    anything is read or written (after what the writer refuses of any target)."""
    from ..reading.writer import check_output

    check_output(out)
    if out.suffix.lower() != ".xlsx":
        raise UsageError(
            _(
                "--out {path}: omst export writes an Excel workbook; give a file name ending "
                "in .xlsx (e.g. {suggestion})"
            ).format(path=out, suggestion=out.with_suffix(".xlsx").name)
        )


class ItemView(NamedTuple):
    """One item as `omst serve` shows it: its text and its parts' (`entries`, the item
    first, as diff and log flatten them), its links both ways (None for an item that does
    not link) with the suspect ones, and what the follow-up reports on it."""

    entries: list[Entry]
    links: LinkReport | None
    suspect: frozenset[tuple[str, str]]
    followup: dict[str, Any] | None
    indicators: list[dict[str, Any]]


def item_view(
    plan_dir: Path | None, item: str, day: date, *, max_file_size: int | None = None
) -> ItemView:
    return item_view_of(Snapshot.read(plan_dir, max_file_size=max_file_size), item, day)


def item_view_of(snapshot: Snapshot, item: str, day: date) -> ItemView:
    from ..analyses import followup_context, links
    from ..analyses.entries import plan_entries

    plans = snapshot.plans
    every = {**plan_entries(plans.gp), **plan_entries(plans.vp)}
    if item not in every:
        raise UsageError(
            _("no item of the plans has the ID {item}{hint}").format(
                item=item, hint=did_you_mean(item, every)
            )
        )
    parts = [every[item], *(e for e in every.values() if e.parent == item and e.id != item)]
    t = snapshot.trace
    found = links.find_item(t, item)
    followup = followup_context.context(snapshot.status(day))
    group = next((g for g in followup["groups"] if g["id"] == item), None) if followup else None
    return ItemView(
        parts,
        links.report(t, found) if found is not None else None,
        frozenset(links.suspect_links(plans.gp, plans.vp)),
        {**followup, "group": group} if followup and group else None,
        [i for i in followup["indicators"] if i["avser"] == item] if followup else [],
    )


class DocumentData(NamedTuple):
    """The inriktningsdokument's template context, and the warnings it was rendered with."""

    context: dict[str, Any]
    warnings: list[Finding]


def render_document(
    plan_dir: Path | None, day: date, *, max_file_size: int | None = None
) -> DocumentData:
    """Everything the document shows: both plans, the links, the follow-up as of `day`, and
    the plan files' revisions where the plans are in git."""
    snapshot = Snapshot.read(plan_dir, max_file_size=max_file_size)
    return document_of(snapshot, day, max_file_size=max_file_size)


def document_of(
    snapshot: Snapshot,
    day: date,
    *,
    max_file_size: int | None = None,
    history: Revisions | None = None,
) -> DocumentData:
    """`history`: the plans' history, open (core.revisions.open_history), whose plan
    versions are parsed once for every document made while HEAD stays; else one is opened
    and closed here."""
    from ..analyses import document, followup_context
    from ..reading.git import revision_of
    from ..reading.plandir import display_path

    plans = snapshot.plans
    source = document.Source(display_path(plans.folder), revision_of(plans.folder))
    followup = followup_context.context(snapshot.status(day))
    revisions = _revisions(plans.folder, max_file_size, history) if source.revision else []
    return DocumentData(
        document.context(snapshot.trace, day, source, followup, revisions), plans.warnings
    )


def _revisions(
    folder: Path, max_file_size: int | None, history: Revisions | None
) -> list[dict[str, Any]]:
    """The plan files' latest commits for the document's revision table; none where git
    cannot tell."""
    from ..analyses.history import Revisions, plan_revisions
    from ..reading import git

    own = history is None
    try:
        if history is None:
            history = Revisions(git.root(folder), folder, max_file_size)
    except (git.GitError, ValueError):
        return []
    try:
        return plan_revisions(history)
    except git.GitError:
        return []
    finally:
        if own:
            history.close()
