"""Review: links re-read against their subareas, recorded in the verksamhetsplan."""

from __future__ import annotations

from pathlib import Path

from ..analyses.review import ReviewProblem, ReviewResult, choose, review, sites_as_read
from ..i18n import _
from ..reading.yamlfile import parse

_BOM = b"\xef\xbb\xbf"


def review_links(
    plan_dir: Path | None,
    source: str | None,
    target: str | None,
    all_: bool,
    *,
    max_file_size: int | None = None,
) -> ReviewResult:
    """Review SOURCE's links (to TARGET), or all links: the verksamhetsplan's `granskad`
    lines edited in place, and nothing else; nothing is written if the file changed while
    omst was editing it, or a link cannot be edited (ReviewProblem, located)."""
    from ..checks import check_dir
    from ..reading.kinds import VERKSAMHETSPLAN
    from ..reading.plandir import PLAN_FILES, find_plan_dir
    from ..reading.writer import edit_plan
    from .plans import require

    if all_ == (source is not None):
        raise ReviewProblem(_("say which links: omst review SOURCE [TARGET], or omst review --all"))
    folder = find_plan_dir(plan_dir)
    checked = check_dir(folder, max_file_size)
    require(checked, schema_only=True)  # the text as it stands is edited, findings and all
    assert checked.plans.gp is not None  # require() saw it
    path = folder / PLAN_FILES[VERKSAMHETSPLAN]
    raw, text = _read(path, max_file_size)
    doc = parse(str(path), text)  # the text as it is now, positions for the edit
    chosen = choose(sites_as_read(doc), source, target, path.name)
    new_text, changed = review(text, doc, checked.plans.gp, chosen)
    if changed:
        bom = _BOM if raw.startswith(_BOM) else b""
        edit_plan(path, raw, bom + new_text.encode("utf-8"))
    return ReviewResult(path, chosen, changed)


def _read(path: Path, max_file_size: int | None) -> tuple[bytes, str]:
    """The file's bytes and their text, read the way every plan file is read (a regular file
    inside the repository, no more than the size limit)."""
    from ..reading import files, limits
    from ..reading.findings import Finding
    from ..reading.limits import format_size
    from ..reading.plandir import repository_of
    from ..reading.writer import changed

    limit = limits.max_file_size(max_file_size)
    try:
        raw = files.read_bytes(path, str(path), limit, repository_of(path.parent))
    except OSError as exc:
        raise ReviewProblem(
            _("cannot read {path}: {reason}").format(path=path, reason=exc.strerror or exc)
        ) from None
    if isinstance(raw, Finding):
        raise ReviewProblem(f"{raw.file}: {raw.message}")
    if len(raw) > limit:
        raise ReviewProblem(
            _("{path}: larger than the limit of {size}").format(path=path, size=format_size(limit))
        )
    try:
        return raw, raw.removeprefix(_BOM).decode("utf-8")
    except UnicodeDecodeError:
        raise changed(path) from None  # it was read as UTF-8 text a moment ago
