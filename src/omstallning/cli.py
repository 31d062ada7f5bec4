"""The omst command line: options, exit codes, output formats. The work is done elsewhere.

Exit codes: 0 clean, 1 findings (or differences with --exit-code), 2 usage, 3 a bug.
"""

from __future__ import annotations

import functools
import os
import sys
import traceback
from collections.abc import Callable
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer

from . import project
from .findings import FORMATTERS, Finding, has_errors, strict, summary
from .project import UsageError

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_BUG = 0, 1, 2, 3

app = typer.Typer(
    name="omst",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

F = TypeVar("F", bound=Callable[..., Any])


def _version(value: bool) -> None:
    if value:
        from . import __version__

        sys.stdout.write(f"omst {__version__}\n")
        raise typer.Exit(EXIT_OK)


@app.callback()
def _main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True,
                           help="Print omst's version and exit.")
    ] = False,
) -> None:
    """Genomförandeplanen och verksamhetsplanen som kod: validera, räkna, länka, jämför och
    rendera inriktningsdokumentet."""


def _err(message: str) -> None:
    sys.stderr.write(message.rstrip("\n") + "\n")


def handled(fn: F) -> F:
    """Maps what can go wrong in a command to its exit code, without a traceback."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except UsageError as exc:
            _err(f"omst: error: {exc}")
            raise typer.Exit(EXIT_USAGE) from None
        except (typer.Exit, typer.Abort, SystemExit):
            raise
        except KeyboardInterrupt:
            _err("omst: interrupted")
            raise typer.Exit(130) from None
        except BrokenPipeError:
            # stdout closed early (omst ... | head): nothing left to say.
            sys.stderr.close()
            raise typer.Exit(EXIT_OK) from None
        except Exception as exc:
            if os.environ.get("OMST_DEBUG") == "1":
                traceback.print_exc()
            else:
                _err(f"omst: an unexpected error occurred ({type(exc).__name__}: {exc}). "
                     "This is a bug in omst; rerun with OMST_DEBUG=1 to see the traceback "
                     "and report it.")
            raise typer.Exit(EXIT_BUG) from None

    return wrapper  # type: ignore[return-value]


PlanDir = Annotated[
    Path | None,
    typer.Option("--plan-dir", "-p", help="Folder with genomforandeplan.yaml and "
                 "verksamhetsplan.yaml [default: $OMST_PLAN_DIR, else plan/ here or at the "
                 "git root]", show_default=False),
]


class FindingFormat(StrEnum):
    text = "text"
    json = "json"
    github = "github"


assert {f.value for f in FindingFormat} == set(FORMATTERS)


def _checked(plan_dir: Path | None) -> project.Checked:
    return project.check_dir(project.find_plan_dir(plan_dir))


def _report(findings: list[Finding], fmt: str, files: int = 2) -> None:
    sys.stdout.write(FORMATTERS[fmt](findings))
    _err(summary(findings, files))


def _require_valid(checked: project.Checked) -> None:
    """Commands other than validate work on valid plans only; show why not."""
    if has_errors(checked.findings) or checked.plans.gp is None or checked.plans.vp is None:
        errors = [f for f in checked.findings if f.severity == "error"]
        sys.stderr.write(FORMATTERS["text"](errors))
        _err(f"omst: the plans have {len(errors)} error(s); fix them first (omst validate)")
        raise typer.Exit(EXIT_FINDINGS)


@app.command()
@handled
def validate(
    plan_dir: PlanDir = None,
    fmt: Annotated[
        FindingFormat | None,
        typer.Option("--format", "-f", help="text, json, or github (workflow annotations); "
                     "github is the default when GITHUB_ACTIONS is set.", show_default=False),
    ] = None,
    strict_: Annotated[bool, typer.Option("--strict", help="Warnings count as errors.")] = False,
    list_checks: Annotated[
        bool, typer.Option("--list-checks", help="List every check with its code and exit.")
    ] = False,
) -> None:
    """Check both plans: YAML, schema, IDs, links, periods, texts. Exit 1 on errors."""
    if list_checks:
        from .checks import CHECKS, READ_CODES

        for code, (severity, text) in READ_CODES.items():
            sys.stdout.write(f"{code} {severity:<7} {text}\n")
        for code, check in CHECKS.items():
            first, *rest = check.doc.splitlines()
            sys.stdout.write(f"{code} {check.severity:<7} {first}\n")
            sys.stdout.write("".join(f"{'':16}{line.strip()}\n" for line in rest if line.strip()))
        return
    if fmt is None:
        fmt = FindingFormat.github if os.environ.get("GITHUB_ACTIONS") == "true" \
            else FindingFormat.text
    findings = _checked(plan_dir).findings
    if strict_:
        findings = strict(findings)
    _report(findings, fmt.value)
    raise typer.Exit(EXIT_FINDINGS if has_errors(findings) else EXIT_OK)


class TableFormat(StrEnum):
    table = "table"
    markdown = "markdown"
    json = "json"
    csv = "csv"


FormatOption = Annotated[
    TableFormat,
    typer.Option("--format", "-f", help="table (for a terminal), markdown, json or csv."),
]


def _print_tables(fmt: TableFormat, tables: list[Any], payload: dict[str, Any]) -> None:
    """Tables for a terminal or Markdown; CSV holds the first table; JSON its own shape."""
    from .tables import print_rich, to_csv, to_json, to_markdown

    if fmt is TableFormat.table:
        print_rich(tables)
    elif fmt is TableFormat.markdown:
        sys.stdout.write(to_markdown(tables))
    elif fmt is TableFormat.csv:
        sys.stdout.write(to_csv(tables[0]))
    else:
        sys.stdout.write(to_json(payload))


@app.command()
@handled
def stats(plan_dir: PlanDir = None, fmt: FormatOption = TableFormat.table) -> None:
    """Count subareas, effect goals, activities and indicators per area, with totals."""
    from . import stats as core

    checked = _checked(plan_dir)
    _require_valid(checked)
    gp, vp = checked.plans.gp, checked.plans.vp
    assert gp and vp
    _print_tables(fmt, [core.area_table(gp), core.stream_table(vp)], core.as_json(gp, vp))


@app.command()
@handled
def link(
    item: Annotated[
        str | None,
        typer.Argument(help="An area, subarea, work stream or milestone ID (NV, NV.3, VP.1, "
                       "VP.1.M5): show everything linked to it.", show_default=False),
    ] = None,
    plan_dir: PlanDir = None,
    fmt: FormatOption = TableFormat.table,
) -> None:
    """Traceability: the matrix of work streams × subareas, coverage and gaps, or one item's
    links in both directions."""
    from . import links as core

    checked = _checked(plan_dir)
    _require_valid(checked)
    assert checked.plans.gp and checked.plans.vp
    t = core.trace(checked.plans.gp, checked.plans.vp)
    if item is not None:
        found = core.find_item(t, item)
        if found is None:
            import difflib

            close = difflib.get_close_matches(item, core.item_ids(t), n=3, cutoff=0.5)
            hint = f"; did you mean {', '.join(close)}?" if close else ""
            raise UsageError(f"no area, subarea, work stream or milestone has the ID "
                             f"{item}{hint}")
        tables = [core.item_table(t, found)]
        payload = core.item_json(t, found)
    else:
        tables = [core.matrix_table(t), core.coverage_table(t)]
        payload = core.as_json(t)
    _print_tables(fmt, tables, payload)


class RenderFormat(StrEnum):
    md = "md"
    html = "html"
    all = "all"


def _as_of(value: str | None) -> date:
    if value is None:
        return date.today()
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise UsageError(f"--as-of {value!r} is not a date (YYYY-MM-DD)") from None


@app.command()
@handled
def render(
    plan_dir: PlanDir = None,
    out: Annotated[Path, typer.Option("--out", "-o", help="Folder to write to.")] = Path("build"),
    fmt: Annotated[
        RenderFormat, typer.Option("--format", "-f", help="md, html or all.")
    ] = RenderFormat.all,
    as_of: Annotated[
        str | None,
        typer.Option("--as-of", help="Date (YYYY-MM-DD) that decides which period is current, "
                     "past and ahead [default: today]", show_default=False),
    ] = None,
    templates: Annotated[
        Path | None,
        typer.Option("--templates", help="Folder with your own inriktningsdokument.md.j2 / "
                     ".html.j2; templates it lacks come from omst.", show_default=False),
    ] = None,
) -> None:
    """Render the inriktningsdokument (Markdown and HTML) from both plans."""
    from . import links
    from . import render as core
    from .git import revision_of

    day = _as_of(as_of)
    if templates is not None and not templates.is_dir():
        raise UsageError(f"--templates {templates} is not a directory")
    folder = project.find_plan_dir(plan_dir)
    checked = project.check_dir(folder)
    _require_valid(checked)
    warnings = [f for f in checked.findings if f.severity == "warning"]
    if warnings:
        sys.stderr.write(FORMATTERS["text"](warnings))
    assert checked.plans.gp and checked.plans.vp
    t = links.trace(checked.plans.gp, checked.plans.vp)
    source = core.Source(project.display_path(folder), revision_of(folder))
    kinds = ["md", "html"] if fmt is RenderFormat.all else [fmt.value]
    try:
        outputs = core.render(core.context(t, day, source), kinds, templates)
    except core.TemplateProblem as exc:
        raise UsageError(str(exc)) from None
    for name, text in outputs.items():
        path = out / name
        try:
            core.write_atomic(path, text)
        except OSError as exc:
            raise UsageError(f"cannot write {path}: {exc.strerror or exc}") from None
        _err(f"wrote {path}")


class DiffFormat(StrEnum):
    text = "text"
    markdown = "markdown"
    json = "json"


@app.command()
@handled
def diff(
    revisions: Annotated[
        list[str] | None,
        typer.Argument(help="OLD [NEW]: git revisions (HEAD~1, main, a tag), a range "
                       "main...HEAD, or plan directories. Default: HEAD against the work "
                       "tree.", show_default=False),
    ] = None,
    plan_dir: PlanDir = None,
    fmt: Annotated[
        DiffFormat, typer.Option("--format", "-f", help="text (terminal), markdown (a "
                                 "pull-request comment) or json.")
    ] = DiffFormat.text,
    exit_code: Annotated[
        bool, typer.Option("--exit-code", help="Exit 1 when the plans differ, as git diff "
                           "--exit-code does.")
    ] = False,
) -> None:
    """What changed between two revisions of the plans, keyed by ID: added, removed,
    changed (word by word), moved, reordered, links and coverage."""
    from . import diff as core
    from . import diff_view
    from .revisions import resolve_sides
    from .tables import to_json

    old, new = resolve_sides(list(revisions or []), lambda: project.find_plan_dir(plan_dir))
    for side in (old, new):
        if side.checked.plans.gp is None or side.checked.plans.vp is None:
            errors = [f for f in side.checked.findings if f.severity == "error"]
            sys.stderr.write(FORMATTERS["text"](errors))
            _err(f"omst: the plans at {side.label} do not pass the schema; cannot compare")
            raise typer.Exit(EXIT_FINDINGS)
    result = core.compare(old.checked.plans, new.checked.plans)
    if fmt is DiffFormat.json:
        sys.stdout.write(to_json(core.to_json(result, old.label, new.label)))
    else:
        view = diff_view.present(result, old.label, new.label)
        if fmt is DiffFormat.markdown:
            sys.stdout.write(diff_view.to_markdown(view))
        else:
            diff_view.print_rich(view)
    raise typer.Exit(EXIT_FINDINGS if exit_code and result else EXIT_OK)


@app.command()
@handled
def textconv(
    file: Annotated[Path, typer.Argument(help="One plan file, as git hands it over.")],
) -> None:
    """Print a plan file as one line per item field, for git's textconv (see docs/git.md).
    A file that does not pass the schema is printed as it is."""
    from .diff import textconv_lines
    from .model import Plans, build_genomforandeplan, build_verksamhetsplan
    from .schema import PLAN_KINDS, validate_document

    try:
        raw = file.read_bytes()
    except OSError as exc:
        raise UsageError(f"{file}: cannot read: {exc.strerror or exc}") from None
    doc = project.parse_bytes(str(file), raw)
    kind = doc.data.get("plan") if isinstance(doc.data, dict) else None
    if kind not in PLAN_KINDS or has_errors(doc.findings) \
            or validate_document(doc, kind):
        sys.stdout.write(raw.decode("utf-8", "replace"))
        return
    plans = Plans(gp=build_genomforandeplan(doc)) if kind == "genomforandeplan" \
        else Plans(vp=build_verksamhetsplan(doc))
    sys.stdout.write("".join(f"{line}\n" for line in textconv_lines(plans)))


def main() -> None:
    app(prog_name="omst")
