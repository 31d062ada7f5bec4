"""omst import: filled tertial forms merged into plan/forvaltningar/<fv>.yaml.

Each workbook is read safely (reading/workbook.py), checked against the form as it was sent
and against the plans, and merged by a text edit (analyses/importing.py). A workbook with an
error changes nothing; the others still do. The new text of a förvaltning's file is checked
with every check of `omst validate` before it is written, and written through the one safe
writer, which refuses if the file changed meanwhile.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from ..i18n import _
from ..reading.findings import Finding, FindingsReport, has_errors

if TYPE_CHECKING:
    from ..analyses.diff import DiffReport


class WorkbookResult(NamedTuple):
    shown: str  # the workbook as the user named it
    plan_file: str  # the förvaltning's file it merges into ("" when not read)
    changes: list[Any]  # analyses.importing.Change
    # The change as omst diff shows it (for --dry-run); None when nothing would change.
    diff: DiffReport | None


class ImportResult(NamedTuple):
    report: FindingsReport
    workbooks: list[WorkbookResult]
    written: bool  # False for --dry-run, or when nothing changed

    @property
    def failed(self) -> bool:
        return has_errors(self.report.findings)


class _File:
    """A förvaltning's file as read, and its text as the imports so far leave it."""

    def __init__(self, path: Path, raw: bytes, text: str) -> None:
        self.path = path
        self.raw = raw
        self.text = text
        self.original = text
        self.new = b""  # the text the imports leave, as UTF-8, once they are all merged


def import_answers(
    plan_dir: Path | None,
    workbooks: list[Path],
    tertial: str | None = None,
    dry_run: bool = False,
    *,
    max_file_size: int | None = None,
) -> ImportResult:
    from ..checks import check_docs
    from ..model.followup import Tertial
    from ..reading import form
    from ..reading.document import Document
    from ..reading.errors import UsageError
    from ..reading.plandir import display_path, find_plan_dir, read_dir
    from ..reading.workbook import Book, read_workbook
    from ..reading.yamlfile import parse

    expected: Tertial | None = None
    if tertial is not None:
        try:
            expected = Tertial.parse(tertial)
            if expected.number not in (1, 2, 3):
                raise ValueError(tertial)
        except (ValueError, IndexError):
            raise UsageError(
                _('--tertial {value!r} is not a tertial such as "T3 2024"').format(value=tertial)
            ) from None
    folder = find_plan_dir(plan_dir)
    # The workbooks first: a zip bomb or a wrong file is refused before the plans are read.
    wanted = (form.STATUS, form.INDICATORS, form.METADATA)
    books = [(display_path(p), p) for p in workbooks]
    read: list[Book | Finding] = [read_workbook(p, shown, wanted) for shown, p in books]
    if not any(isinstance(book, Book) for book in read):
        refused = [book for book in read if not isinstance(book, Book)]
        none = [WorkbookResult(shown, "", [], None) for shown, _path in books]
        return ImportResult(FindingsReport(sorted(refused), [b[0] for b in books]), none, False)
    docs = read_dir(folder, max_file_size)
    by_id = {
        str(doc.data.get("forvaltning", "")): (key, doc)
        for key, doc in docs.items()
        if key.startswith("forvaltning:") and isinstance(doc.data, dict)
    }
    files: dict[str, _File] = {}
    findings: list[Finding] = []
    results: list[WorkbookResult] = []
    place = _Place(folder, by_id, expected, _plan_ids(docs), max_file_size, dry_run)
    # Each workbook's cells are let go once its answers are merged: at 100x the plans a
    # 5 000-row form's cells would otherwise still be held while the plans are checked.
    read.reverse()
    for shown, path in books:
        found, result = _merge_one(shown, path, read.pop(), place, files)
        findings += found
        results.append(result)
    del by_id, place
    edited: dict[str, _File] = {}
    for key, target in files.items():
        if target.text != target.original:
            # Held as UTF-8 from here on: a str with one en dash in it takes two bytes a
            # character (at 100x, 1.7 MB where the file's bytes are 0.9 MB).
            target.new = target.text.encode("utf-8")
            edited[key] = target
        target.text = target.original = ""
    if edited:
        # Every check of omst validate on the plans with the new texts in place; any error,
        # and nothing is written. The other files as already read; each edited one read
        # anew from its new text, its old reading let go first (at 100x, one file of 5 000
        # more entries).
        for key, target in edited.items():
            shown_path = docs[key].path
            docs[key] = Document(shown_path)
            docs[key] = parse(shown_path, target.new, floats=True)
        errors = [f for f in check_docs(docs).findings if f.severity == "error"]
        if errors:
            findings += errors
            edited = {}
            results = [r._replace(changes=[], diff=None) for r in results]
    written = False
    if not dry_run:
        from ..reading.writer import edit_plan

        bom = b"\xef\xbb\xbf"
        for target in edited.values():
            prefix = bom if target.raw.startswith(bom) else b""
            edit_plan(target.path, target.raw, prefix + target.new)
            written = True
    report = FindingsReport(sorted(findings), [r.shown for r in results])
    return ImportResult(report, results, written)


class _Place(NamedTuple):
    """What every workbook of one import is merged against."""

    folder: Path
    by_id: dict[str, tuple[str, Any]]  # förvaltning → (its key in the plans, its Document)
    expected: Any  # the tertial being imported (a Tertial), or None
    plan_ids: set[str]
    max_file_size: int | None
    dry_run: bool


def _merge_one(
    shown: str, path: Path, book: Any, place: _Place, files: dict[str, _File]
) -> tuple[list[Finding], WorkbookResult]:
    """One workbook's answers merged into its förvaltning's text in `files` (not written)."""
    from ..analyses import importing
    from ..reading import form
    from ..reading.errors import UsageError
    from ..reading.workbook import Book, at_cell
    from ..reading.yamlfile import parse

    if not isinstance(book, Book):
        return [book], WorkbookResult(shown, "", [], None)
    sent = importing.read_form(book)
    if not isinstance(sent, importing.Form):
        return sent, WorkbookResult(shown, "", [], None)
    where = place.by_id.get(sent.forvaltning)
    problem = _whose(sent, where is not None, place.expected, path, set(place.by_id))
    if problem:
        finding = at_cell(shown, form.METADATA, 0, 1, "OMST404", problem)
        return [finding], WorkbookResult(shown, "", [], None)
    assert where is not None
    key, doc = where
    file_path = place.folder / "forvaltningar" / Path(doc.path).name
    if key not in files:
        raw, text = _read(file_path, place.max_file_size)
        files[key] = _File(file_path, raw, text)
    target = files[key]
    current = parse(doc.path, target.text, floats=True)
    _require_schema(current)
    found: list[Finding] = []
    statuses = importing.status_answers(book, sent, current.data, found)
    readings = importing.reading_answers(book, sent, current.data, found)
    since = _changed_files(place.folder, sent.plans)
    found += _changed_plans(book, sent, current.data, place.plan_ids, since)
    if has_errors(found):
        return found, WorkbookResult(shown, doc.path, [], None)
    try:
        new_text, changes = importing.merge(target.text, current, sent.tertial, statuses, readings)
    except importing.EditProblem as problem_path:
        raise UsageError(
            _(
                "{file}: an entry at {path} is written in a style omst cannot edit; write "
                "it as a block list item ('- key: value') and import again"
            ).format(file=doc.path, path=problem_path)
        ) from None
    diff = None
    if changes and place.dry_run:
        # Only --dry-run shows it; an import that writes need not load diff's machinery.
        from .revisions import diff_followup

        diff = diff_followup(target.text.encode(), new_text.encode(), doc.path, shown, doc.path)
    target.text = new_text
    return found, WorkbookResult(shown, doc.path, changes, diff)


def _plan_ids(docs: dict[str, Any]) -> set[str]:
    """Every ID in the two plans, whatever shape their data has (the final check judges it)."""
    from ..reading.kinds import PLAN_KINDS

    found: set[str] = set()
    stack = [docs[k].data for k in PLAN_KINDS if k in docs]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            if isinstance(item.get("id"), str):
                found.add(item["id"])
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return found


def _require_schema(doc: Any) -> None:
    """The förvaltning's file as its schema wants it, before its entries are read."""
    from ..reading.errors import InvalidPlans
    from ..reading.kinds import FORVALTNING
    from ..reading.schema import check_schema

    if doc.data is None:
        raise InvalidPlans(doc.findings, doc.path, False)
    found, _errors = check_schema(doc, FORVALTNING)
    if found:
        raise InvalidPlans([f for f in found if f.severity == "error"], doc.path, False)


def _whose(
    sent: Any, known: bool, expected: Any, path: Path, forvaltningar: set[str]
) -> str | None:
    """Why the form is not for this import: another förvaltning, another tertial."""
    if not known:
        return _(
            "the form was made for the förvaltning {fv}, which has no file in "
            "plan/forvaltningar/; is it the right workbook?"
        ).format(fv=sent.forvaltning)
    stem = path.stem.split("-")[0].split("_")[0].upper()
    if stem != sent.forvaltning and stem in forvaltningar:
        return _(
            "the file name says {named}, but the form was made for {fv}: check that it is the "
            "right file (rename it if the name is wrong)"
        ).format(named=stem, fv=sent.forvaltning)
    if expected is not None and sent.tertial != expected:
        return _(
            "the form is for {form}, not for {tertial}, the tertial being imported; import "
            'it with --tertial "{form}" if that is meant'
        ).format(form=sent.tertial, tertial=expected)
    return None


def _changed_files(folder: Path, sent: str) -> list[str]:
    """The plan files whose bytes differ from those the form was made from."""
    import hashlib
    import json

    try:
        digests = json.loads(sent)
    except ValueError:
        return []
    if not isinstance(digests, dict):
        return []
    changed = []
    for name, digest in sorted(digests.items()):
        path = folder / str(name)
        try:
            now = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else ""
        except OSError:
            now = ""
        if now != digest:
            changed.append(str(name))
    return changed


def _changed_plans(
    book: Any, sent: Any, data: dict[str, Any], plan_ids: set[str], since: list[str]
) -> list[Finding]:
    """Rows the plans no longer fit since the form was made, each named."""
    from ..reading import form

    found: list[Finding] = []
    status_ids = {s.get("id"): s for s in data.get("status", []) if isinstance(s, dict)}
    for i, (id_, avser) in enumerate(sent.status_rows):
        problem = None
        if avser not in plan_ids:
            problem = _("{avser} is no longer in the plans").format(avser=avser)
        elif id_ and id_ not in status_ids:
            problem = _("the status {id} is no longer in the förvaltning's file").format(id=id_)
        elif id_ and (
            status_ids[id_].get("avser") != avser
            or status_ids[id_].get("period") != str(sent.tertial)
        ):
            problem = _("the status {id} is now about {avser}, {period}").format(
                id=id_, avser=status_ids[id_].get("avser"), period=status_ids[id_].get("period")
            )
        if problem:
            found.append(_plans_changed(book.shown, form.STATUS, i + 1, problem, since))
    indicators = {s.get("id"): s for s in data.get("indikatorer", []) if isinstance(s, dict)}
    for i, (id_, _period) in enumerate(sent.indicator_rows):
        if id_ not in indicators:
            problem = _("the indicator {id} is no longer in the förvaltning's file").format(id=id_)
            found.append(_plans_changed(book.shown, form.INDICATORS, i + 1, problem, since))
    return found


def _plans_changed(shown: str, sheet: str, row: int, what: str, since: list[str]) -> Finding:
    from ..reading.workbook import at_cell

    return at_cell(
        shown,
        sheet,
        row,
        0,
        "OMST404",
        _(
            "the plans changed since the form was made ({files} changed): {what}; make a new "
            "form with omst report and copy the answers into it"
        ).format(files=", ".join(since) or "?", what=what),
    )


def _read(path: Path, max_file_size: int | None) -> tuple[bytes, str]:
    from ..reading import files, limits
    from ..reading.errors import UsageError
    from ..reading.plandir import repository_of
    from ..reading.writer import changed

    limit = limits.max_file_size(max_file_size)
    try:
        raw = files.read_bytes(path, str(path), limit, repository_of(path.parent))
    except OSError as exc:
        raise UsageError(
            _("cannot read {path}: {reason}").format(path=path, reason=exc.strerror or exc)
        ) from None
    if isinstance(raw, Finding) or len(raw) > limit:
        raise changed(path)
    try:
        return raw, raw.removeprefix(b"\xef\xbb\xbf").decode("utf-8")
    except UnicodeDecodeError:
        raise changed(path) from None
