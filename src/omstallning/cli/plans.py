"""Commands on the plans as they are: validate, stats, link, render."""

from __future__ import annotations

import os
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from .. import formats
from ..reading.errors import UsageError
from .app import (
    EXIT_FINDINGS,
    EXIT_OK,
    PlanDir,
    app,
    append_step_summary,
    as_of_date,
    checked_plans,
    choices,
    err,
    handled,
    require_valid,
    write_report,
)
from .completion import complete_ids

FindingFormat = choices("FindingFormat", formats.FINDINGS)
TableFormat = choices("TableFormat", formats.TABLES)

TableFormatOption = Annotated[
    TableFormat,  # type: ignore[valid-type]
    typer.Option("--format", "-f", help="table (for a terminal), markdown, json or csv."),
]


@app.command()
@handled
def validate(
    plan_dir: PlanDir = None,
    fmt: Annotated[
        FindingFormat | None,  # type: ignore[valid-type]
        typer.Option(
            "--format",
            "-f",
            help="text, json, github (workflow annotations), "
            "sarif (code scanning), gitlab (Code Quality) or junit; github is the "
            "default when GITHUB_ACTIONS is set.",
            show_default=False,
        ),
    ] = None,
    output: Annotated[
        list[str] | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FORMAT:FILE",
            help="Also write the findings "
            "in FORMAT to FILE, replaced in one step, e.g. sarif:omst.sarif or "
            "junit:omst.xml (a .sarif or .xml FILE alone says its format). Repeatable.",
            show_default=False,
        ),
    ] = None,
    strict_: Annotated[bool, typer.Option("--strict", help="Warnings count as errors.")] = False,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help="Print the findings only: no summary line.")
    ] = False,
    list_checks: Annotated[
        bool, typer.Option("--list-checks", help="List every check with its code and exit.")
    ] = False,
) -> None:
    """Check both plans: YAML, schema, IDs, links, periods, texts. Exit 1 on errors."""
    if list_checks:
        _list_checks()
        return
    from ..formats.findings import step_summary, summary
    from ..reading.findings import FindingsReport, has_errors, strict

    name = (
        str(fmt)
        if fmt is not None
        else "github"
        if os.environ.get("GITHUB_ACTIONS") == "true"
        else "text"
    )
    outputs = [_output(spec) for spec in output or []]
    checked = checked_plans(plan_dir)
    findings = strict(checked.findings) if strict_ else checked.findings
    report = FindingsReport(findings, [doc.path for doc in checked.plans.docs])
    formats.writer(formats.FINDINGS, name)(report, sys.stdout)
    for kind, path in outputs:
        write_report(formats.FINDINGS, kind, report, path)
    append_step_summary(step_summary(report))
    if not quiet:
        err(summary(findings, checked.files))
    raise typer.Exit(EXIT_FINDINGS if has_errors(findings) else EXIT_OK)


_BY_SUFFIX = {".sarif": "sarif", ".xml": "junit"}


def _output(spec: str) -> tuple[str, Path]:
    kind, sep, file = spec.partition(":")
    if sep and kind in formats.FINDINGS and file:
        return kind, Path(file)
    suffix = Path(spec).suffix.lower()
    if suffix in _BY_SUFFIX:
        return _BY_SUFFIX[suffix], Path(spec)
    raise UsageError(
        f"--output {spec!r}: say the format, FORMAT:FILE with FORMAT one of "
        f"{', '.join(formats.FINDINGS)} (or a .sarif or .xml file)"
    )


def _list_checks() -> None:
    from ..checks import CHECKS, READ_CODES

    for code, (severity, text) in READ_CODES.items():
        sys.stdout.write(f"{code} {severity:<7} {text}\n")
    for code, check in sorted(CHECKS.items()):
        first, *rest = check.doc.splitlines()
        sys.stdout.write(f"{code} {check.severity:<7} {first}\n")
        sys.stdout.write("".join(f"{'':16}{line.strip()}\n" for line in rest if line.strip()))


@app.command()
@handled
def stats(plan_dir: PlanDir = None, fmt: TableFormatOption = TableFormat.table) -> None:  # type: ignore[attr-defined]
    """Count subareas, effect goals, activities and indicators per area, with totals."""
    from ..analyses import stats as core

    checked = checked_plans(plan_dir)
    require_valid(checked)
    gp, vp = checked.plans.gp, checked.plans.vp
    assert gp and vp
    formats.writer(formats.TABLES, str(fmt))(core.report(gp, vp), sys.stdout)


@app.command()
@handled
def link(
    item: Annotated[
        str | None,
        typer.Argument(
            help="An area, subarea, work stream or milestone ID (NV, NV.3, VP.1, "
            "VP.1.M5): show everything linked to it.",
            show_default=False,
            autocompletion=complete_ids,
        ),
    ] = None,
    plan_dir: PlanDir = None,
    fmt: TableFormatOption = TableFormat.table,  # type: ignore[attr-defined]
) -> None:
    """Traceability: the matrix of work streams × subareas, coverage and gaps, or one item's
    links in both directions."""
    from ..analyses import links as core

    checked = checked_plans(plan_dir)
    require_valid(checked)
    assert checked.plans.gp and checked.plans.vp
    t = core.trace(checked.plans.gp, checked.plans.vp)
    found = None
    if item is not None:
        found = core.find_item(t, item)
        if found is None:
            import difflib

            close = difflib.get_close_matches(item, core.item_ids(t), n=3, cutoff=0.5)
            hint = f"; did you mean {', '.join(close)}?" if close else ""
            raise UsageError(f"no area, subarea, work stream or milestone has the ID {item}{hint}")
    formats.writer(formats.TABLES, str(fmt))(core.report(t, found), sys.stdout)


class RenderFormat(StrEnum):
    md = "md"
    html = "html"
    all = "all"


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
        typer.Option(
            "--as-of",
            help="Date (YYYY-MM-DD) that decides which period is current, "
            "past and ahead [default: today]",
            show_default=False,
        ),
    ] = None,
    templates: Annotated[
        Path | None,
        typer.Option(
            "--templates",
            help="Folder with your own inriktningsdokument.md.j2 / "
            ".html.j2; templates it lacks come from omst.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Render the inriktningsdokument (Markdown and HTML) from both plans."""
    from ..analyses import document, followup_context, links, status
    from ..checks import check_dir
    from ..formats import document as writer
    from ..formats.findings import lines
    from ..reading.git import revision_of
    from ..reading.plandir import display_path, find_plan_dir

    day = as_of_date(as_of)
    if templates is not None and not templates.is_dir():
        raise UsageError(f"--templates {templates} is not a directory")
    folder = find_plan_dir(plan_dir)
    checked = check_dir(folder)
    require_valid(checked)
    lines([f for f in checked.findings if f.severity == "warning"], sys.stderr)
    assert checked.plans.gp and checked.plans.vp
    t = links.trace(checked.plans.gp, checked.plans.vp)
    source = document.Source(display_path(folder), revision_of(folder))
    followup = followup_context.context(
        status.compute(checked.plans.gp, checked.plans.vp, checked.plans.forvaltningar, day)
    )
    revisions = _revisions(folder) if source.revision else []
    kinds = ["md", "html"] if fmt is RenderFormat.all else [fmt.value]
    try:
        paths = writer.render(
            document.context(t, day, source, followup, revisions), kinds, templates, out
        )
    except (writer.TemplateProblem, writer.WriteProblem) as exc:
        raise UsageError(str(exc)) from None
    for path in paths:
        err(f"wrote {path}")


def _revisions(folder: Path) -> list[dict[str, Any]]:
    """The plan files' latest commits for the document's revision table."""
    from ..analyses.history import Revisions, plan_revisions
    from ..reading import git

    try:
        history = Revisions(git.root(folder), folder)
    except (git.GitError, ValueError):
        return []
    try:
        return plan_revisions(history)
    except git.GitError:
        return []
    finally:
        history.close()
