"""Commands on the förvaltningar's follow-up: status, and the workbook export."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from .. import formats
from ..formats import ExportFormat, TableFormat
from ..i18n import N_, _
from .app import PlanDir, app, as_of_date, err, file_size_limit, handled


@app.command(
    "status",
    example=(
        "omst status --as-of 2024-08-30 --format markdown",
        N_(
            "who had reported what by the development group's meeting of 30 August "
            "2024 (tertial T2 2024), as Markdown"
        ),
    ),
)
@handled
def status(
    plan_dir: PlanDir = None,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            metavar=N_("DATE"),
            help=N_("Date (YYYY-MM-DD): show the latest tertial reported by then [default: today]"),
            show_default=False,
        ),
    ] = None,
    tertial: Annotated[
        str | None,
        typer.Option(
            "--tertial",
            "-t",
            metavar=N_("TERTIAL"),
            help=N_(
                'The round, e.g. "T3 2024": who has answered for it, and the latest status '
                "up to it [default: the tertial --as-of (today) is in]"
            ),
            show_default=False,
        ),
    ] = None,
    forvaltning: Annotated[
        str | None,
        typer.Option(
            "--forvaltning",
            metavar="FV",
            help=N_("Only this förvaltning (its ID, e.g. SKAS) [default: all]"),
            show_default=False,
        ),
    ] = None,
    fmt: Annotated[
        TableFormat,
        typer.Option("--format", "-f", help=N_("table (for a terminal), markdown, json or csv.")),
    ] = TableFormat.table,
) -> None:
    """The follow-up round: who has answered for the tertial, each förvaltning's traffic
    lights per area, subarea and work stream, gaps, and the indicators whose latest outcome
    misses its target."""
    from ..core.plans import status_report

    report = status_report(
        plan_dir,
        as_of_date(as_of),
        tertial=tertial,
        forvaltning=forvaltning,
        max_file_size=file_size_limit(),
    )
    formats.writer(formats.STATUS, fmt)(report, sys.stdout)


@app.command(
    "export",
    example=(
        "omst export --out omst.xlsx",
        N_(
            "the plans, links, counts and the förvaltningar's follow-up as one "
            "Excel workbook, omst.xlsx"
        ),
    ),
)
@handled
def export(
    out: Annotated[
        Path, typer.Option("--out", "-o", metavar=N_("FILE"), help=N_("The workbook to write."))
    ],
    plan_dir: PlanDir = None,
    fmt: Annotated[
        ExportFormat,
        typer.Option("--format", "-f", help=N_("xlsx (Excel).")),
    ] = ExportFormat.xlsx,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            metavar=N_("DATE"),
            help=N_("Date (YYYY-MM-DD) for the status sheet [default: today]"),
            show_default=False,
        ),
    ] = None,
) -> None:
    """Write the plans, links, counts and the förvaltningar's follow-up as one workbook."""
    from ..core.plans import check_export_path, export_book

    check_export_path(out)
    book = export_book(plan_dir, as_of_date(as_of), max_file_size=file_size_limit())
    formats.file_writer(formats.EXPORT, fmt)(book, out)
    err(_("wrote {path}").format(path=out))
