"""`omst report`: the tertial forms the förvaltningar fill in."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ..i18n import N_, _
from .app import PlanDir, app, err, file_size_limit, handled


@app.command(
    "report",
    example=(
        'omst report SKAS --tertial "T3 2024"',
        N_("the form Skaraborgs sjukhus fills in for tertial T3 2024, as an Excel workbook"),
    ),
)
@handled
def report(
    forvaltning: Annotated[
        str | None,
        typer.Argument(
            metavar="FV",
            help=N_("The förvaltning's ID, e.g. SKAS (any case)."),
            show_default=False,
        ),
    ] = None,
    every: Annotated[
        bool, typer.Option("--all", help=N_("One workbook for each förvaltning."))
    ] = False,
    tertial: Annotated[
        str | None,
        typer.Option(
            "--tertial",
            "-t",
            metavar=N_("TERTIAL"),
            help=N_('The tertial asked about, e.g. "T3 2024" [default: the tertial today is in]'),
            show_default=False,
        ),
    ] = None,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            "-o",
            metavar=N_("FILE"),
            help=N_("The workbook to write (.xlsx) [default: <fv>-T3-2024.xlsx here]"),
            show_default=False,
        ),
    ] = None,
    out_dir: Annotated[
        Path | None,
        typer.Option(
            "--out-dir",
            metavar=N_("FOLDER"),
            help=N_(
                "The folder to write the workbooks to, each named <fv>-T3-2024.xlsx [default: here]"
            ),
            show_default=False,
        ),
    ] = None,
    plan_dir: PlanDir = None,
) -> None:
    """Make the tertial form a förvaltning fills in (an Excel workbook), or every
    förvaltning's form with --all."""
    from datetime import date

    from ..core.report import report_forms
    from ..formats.form import xlsx

    files = report_forms(
        plan_dir,
        forvaltning,
        every,
        tertial,
        out,
        out_dir,
        date.today(),
        max_file_size=file_size_limit(),
    )
    xlsx(files)
    for file in files:
        err(_("wrote {path}").format(path=file.path))
