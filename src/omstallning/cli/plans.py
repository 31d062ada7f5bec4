"""Commands on the plans as they are: validate, stats, link, render."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from .. import formats
from ..formats import FindingFormat, TableFormat
from ..i18n import N_, _
from ..reading.errors import UsageError
from .app import (
    Exit,
    FindingsFormat,
    PlanDir,
    app,
    append_step_summary,
    as_of_date,
    err,
    file_size_limit,
    findings_format,
    handled,
    write_reports,
)
from .completion import complete_link_ids

TableFormatOption = Annotated[
    TableFormat,
    typer.Option("--format", "-f", help=N_("table (for a terminal), markdown, json or csv.")),
]


@app.command(
    "validate",
    example=(
        "omst validate -o sarif:omst.sarif",
        N_(
            "checks both plans and the förvaltningar's files, prints the findings and also "
            "writes them as SARIF for GitHub code scanning"
        ),
    ),
)
@handled
def validate(
    plan_dir: PlanDir = None,
    fmt: FindingsFormat = None,
    output: Annotated[
        list[str] | None,
        typer.Option(
            "--output",
            "-o",
            metavar=N_("FORMAT:FILE"),
            help=N_(
                "Also write the findings "
                "in FORMAT to FILE, replaced in one step, e.g. sarif:omst.sarif or "
                "junit:omst.xml (a .sarif or .xml FILE alone says its format). Repeatable."
            ),
            show_default=False,
        ),
    ] = None,
    strict_: Annotated[
        bool, typer.Option("--strict", help=N_("Warnings count as errors."))
    ] = False,
    quiet: Annotated[
        bool, typer.Option("--quiet", "-q", help=N_("Print the findings only: no summary line."))
    ] = False,
    list_checks: Annotated[
        bool, typer.Option("--list-checks", help=N_("List every check with its code and exit."))
    ] = False,
) -> None:
    """Check both plans: YAML, schema, IDs, links, periods, texts. Exit 1 on errors."""
    if list_checks:
        from ..core.plans import catalogue
        from ..formats.catalogue import text

        text(catalogue(), sys.stdout)
        return
    from ..core.plans import validate_plans
    from ..formats.findings import step_summary, summary

    name = findings_format(fmt)
    outputs = [_output(spec) for spec in output or []]
    result = validate_plans(plan_dir, strict_, max_file_size=file_size_limit())
    formats.writer(formats.FINDINGS, name)(result.report, sys.stdout)
    write_reports(formats.FINDINGS, outputs, result.report)
    append_step_summary(lambda: step_summary(result.report))
    if not quiet:
        err(summary(result.report.findings, result.files))
    raise typer.Exit(Exit.FINDINGS if result.failed else Exit.OK)


_BY_SUFFIX = {".sarif": FindingFormat.sarif, ".xml": FindingFormat.junit}


def _output(spec: str) -> tuple[FindingFormat, Path]:
    kind, sep, file = spec.partition(":")
    if sep and kind in formats.FINDINGS and file:
        return FindingFormat(kind), Path(file)
    suffix = Path(spec).suffix.lower()
    if suffix in _BY_SUFFIX:
        return _BY_SUFFIX[suffix], Path(spec)
    raise UsageError(
        _(
            "--output {spec}: say the format, FORMAT:FILE with FORMAT one of "
            "{formats} (or a .sarif or .xml file)"
        ).format(spec=repr(spec), formats=", ".join(formats.FINDINGS))
    )


@app.command(
    "stats",
    example=(
        "omst stats --format csv",
        N_("the counts per area and per work stream as CSV, for a spreadsheet"),
    ),
)
@handled
def stats(plan_dir: PlanDir = None, fmt: TableFormatOption = TableFormat.table) -> None:
    """Count subareas, effect goals, activities and indicators per area, with totals."""
    from ..core.plans import stats_report

    formats.writer(formats.TABLES, fmt)(
        stats_report(plan_dir, max_file_size=file_size_limit()), sys.stdout
    )


@app.command(
    "link",
    example=(
        "omst link NV.3",
        N_(
            "everything that serves subarea NV.3 (Hälsofrämjande och förebyggande): the work "
            "streams and milestones that link to it, with their motivering"
        ),
    ),
)
@handled
def link(
    item: Annotated[
        str | None,
        typer.Argument(
            metavar="ID",
            help=N_(
                "An area, subarea, work stream or milestone ID (NV, NV.3, VP.1, "
                "VP.1.M5): show everything linked to it."
            ),
            show_default=False,
            autocompletion=complete_link_ids,
        ),
    ] = None,
    plan_dir: PlanDir = None,
    fmt: TableFormatOption = TableFormat.table,
) -> None:
    """Traceability: the matrix of work streams × subareas, coverage and gaps, or one item's
    links in both directions."""
    from ..core.plans import link_report

    formats.writer(formats.TABLES, fmt)(
        link_report(plan_dir, item, max_file_size=file_size_limit()), sys.stdout
    )


class RenderFormat(StrEnum):
    md = "md"
    html = "html"
    all = "all"


@app.command(
    "render",
    example=(
        "omst render --as-of 2025-03-01 --format html --out dist",
        N_(
            "writes dist/inriktningsdokument.html as of 1 March 2025: the effect goals for "
            "2024–2025 are current, those for 2023 passed"
        ),
    ),
)
@handled
def render(
    plan_dir: PlanDir = None,
    out: Annotated[
        Path, typer.Option("--out", "-o", metavar=N_("FOLDER"), help=N_("Folder to write to."))
    ] = Path("build"),
    fmt: Annotated[
        RenderFormat, typer.Option("--format", "-f", help=N_("md, html or all."))
    ] = RenderFormat.all,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            metavar=N_("DATE"),
            help=N_(
                "Date (YYYY-MM-DD) that decides which period is current, "
                "past and ahead [default: today]"
            ),
            show_default=False,
        ),
    ] = None,
    templates: Annotated[
        Path | None,
        typer.Option(
            "--templates",
            metavar=N_("FOLDER"),
            help=N_(
                "Folder with your own inriktningsdokument.md.j2 / "
                ".html.j2; templates it lacks come from omst."
            ),
            show_default=False,
        ),
    ] = None,
) -> None:
    """Render the inriktningsdokument (Markdown and HTML) from both plans."""
    from ..core.plans import render_document
    from ..formats.document import render as write_documents
    from ..formats.findings import lines

    day = as_of_date(as_of)
    if templates is not None and not templates.is_dir():
        raise UsageError(
            _("--templates {templates} is not a directory").format(templates=templates)
        )
    document = render_document(plan_dir, day, max_file_size=file_size_limit())
    lines(document.warnings, sys.stderr)
    kinds = ["md", "html"] if fmt is RenderFormat.all else [fmt.value]
    for path in write_documents(document.context, kinds, templates, out):
        err(_("wrote {path}").format(path=path))
