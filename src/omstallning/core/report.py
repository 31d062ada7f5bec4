"""`omst report`: each förvaltning's form for a tertial, with where it goes and what the
workbook's hidden sheet records (reading/form.py names its parts)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from ..i18n import _
from ..reading.errors import UsageError, did_you_mean
from ..reading.form import SUFFIX, file_name, plans_digest
from .plans import round_tertial, valid_plans

if TYPE_CHECKING:
    from ..analyses.report import Form
    from ..model.followup import Forvaltning


class FormFile(NamedTuple):
    path: Path
    form: Form
    commit: str  # the plans' commit, "-dirty" added where they have changes; "" outside git
    plans: str  # reading.form.plans_digest of the files the form was made from
    version: str  # omst's


def report_forms(
    plan_dir: Path | None,
    forvaltning: str | None,
    every: bool,
    tertial: str | None,
    out: Path | None,
    out_dir: Path | None,
    today: date,
    *,
    max_file_size: int | None = None,
) -> list[FormFile]:
    """The form of one förvaltning (`forvaltning`, its ID in any case) or of every one
    (`every`) for `tertial` (default: the one `today` is in), each with the file it is to be
    written to: `out`, else `out_dir` (default: here) / `<file stem>-T3-2024.xlsx`."""
    from .. import __version__
    from ..analyses.report import form

    _check_call(forvaltning, every, out, out_dir)
    asked = round_tertial(tertial, today)
    plans = valid_plans(plan_dir, max_file_size=max_file_size)
    chosen = plans.forvaltningar if every else [_find(plans.forvaltningar, forvaltning or "")]
    folder = plans.folder
    targets = (
        [out]
        if out is not None
        else [(out_dir or Path(".")) / file_name(f.file_stem, str(asked)) for f in chosen]
    )
    for target in targets:
        _outside_plans(target, folder)
    commit = _commit(folder)
    return [
        FormFile(
            target,
            form(plans.gp, plans.vp, forv, asked),
            commit,
            digest_of_plans(folder, Path(forv.loc.file).name, max_file_size=max_file_size),
            __version__,
        )
        for target, forv in zip(targets, chosen, strict=True)
    ]


def digest_of_plans(folder: Path, followup: str, *, max_file_size: int | None = None) -> str:
    """META_PLANS of a form made now from the plans in `folder` for the förvaltning whose
    file in plan/forvaltningar/ is named `followup` (e.g. "skas.yaml"): both plans and that
    file, each read the way every plan file is read. Import compares it with the form's."""
    from ..reading.plandir import FOLLOWUP_DIR, PLAN_FILES

    names = (*PLAN_FILES.values(), f"{FOLLOWUP_DIR}/{followup}")
    return plans_digest(_read(folder, names, max_file_size))


def _check_call(
    forvaltning: str | None, every: bool, out: Path | None, out_dir: Path | None
) -> None:
    if every and forvaltning:
        raise UsageError(_("name one förvaltning or give --all, not both"))
    if not every and not forvaltning:
        raise UsageError(_("name the förvaltning the form is for (e.g. SKAS), or give --all"))
    if out is not None and (every or out_dir is not None):
        raise UsageError(
            _("--out names the workbook of one förvaltning; with --all, give --out-dir")
        )
    if out is not None and out.suffix.lower() != SUFFIX:
        raise UsageError(
            _(
                "--out {path}: the form is an Excel workbook; give a file name ending in {suffix}"
            ).format(path=out, suffix=SUFFIX)
        )


def _find(forvaltningar: list[Forvaltning], wanted: str) -> Forvaltning:
    for forv in forvaltningar:
        if wanted.casefold() in (forv.id.casefold(), forv.file_stem.casefold()):
            return forv
    ids = [f.id for f in forvaltningar]
    raise UsageError(
        _("no förvaltning has the ID {id} (there are: {ids}){hint}").format(
            id=wanted, ids=", ".join(ids), hint=did_you_mean(wanted.upper(), ids)
        )
    )


def _outside_plans(target: Path, folder: Path) -> None:
    """A form is never written among the plans: that folder is what import edits."""
    real = target.absolute().parent.resolve() / target.name
    plan_folder = folder.resolve()
    if real == plan_folder or plan_folder in real.parents:
        raise UsageError(
            _("{path}: inside the plan folder {folder}; write the forms somewhere else").format(
                path=target, folder=folder
            )
        )


def _read(folder: Path, names: tuple[str, ...], max_file_size: int | None) -> dict[str, bytes]:
    """The plan files' bytes, read the way every plan file is read."""
    from ..reading import files, limits
    from ..reading.findings import Finding
    from ..reading.plandir import repository_of

    limit = limits.max_file_size(max_file_size)
    boundary = repository_of(folder)
    found = {}
    for name in names:
        path = folder / name
        try:
            raw = files.read_bytes(path, str(path), limit, boundary)
        except OSError as exc:
            raise UsageError(
                _("{path}: cannot read: {reason}").format(path=path, reason=exc.strerror or exc)
            ) from None
        if isinstance(raw, Finding):
            raise UsageError(f"{raw.file}: {raw.message}")
        found[name] = raw
    return found


def _commit(folder: Path) -> str:
    from ..reading.git import GitError, revision_of

    try:
        revision = revision_of(folder)
    except GitError:
        return ""
    if revision is None:
        return ""
    return revision.commit + ("-dirty" if revision.dirty else "")
