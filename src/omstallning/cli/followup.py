"""Commands on the förvaltningar's follow-up: status, and the workbook export."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from .. import formats
from ..reading.errors import UsageError
from .app import PlanDir, app, as_of_date, checked_plans, choices, err, handled, require_valid

TableFormat = choices("StatusFormat", formats.TABLES)
ExportFormat = choices("ExportFormat", formats.EXPORT)


@app.command()
@handled
def status(
    plan_dir: PlanDir = None,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            help="Date (YYYY-MM-DD): show the latest tertial reported by then [default: today]",
            show_default=False,
        ),
    ] = None,
    fmt: Annotated[
        TableFormat,  # type: ignore[valid-type]
        typer.Option("--format", "-f", help="table (for a terminal), markdown, json or csv."),
    ] = TableFormat.table,  # type: ignore[attr-defined]
) -> None:
    """The follow-up: each förvaltning × area and work stream, traffic lights, gaps, and the
    indicators whose latest outcome misses its target."""
    from ..analyses import status as core

    day = as_of_date(as_of)
    checked = checked_plans(plan_dir)
    require_valid(checked)
    gp, vp = checked.plans.gp, checked.plans.vp
    assert gp and vp
    result = core.compute(gp, vp, checked.plans.forvaltningar, day)
    formats.writer(formats.TABLES, str(fmt))(core.report(result), sys.stdout)


@app.command()
@handled
def export(
    out: Annotated[Path, typer.Option("--out", "-o", help="The workbook to write.")],
    plan_dir: PlanDir = None,
    fmt: Annotated[
        ExportFormat,  # type: ignore[valid-type]
        typer.Option("--format", "-f", help="xlsx (Excel)."),
    ] = ExportFormat.xlsx,  # type: ignore[attr-defined]
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of",
            help="Date (YYYY-MM-DD) for the status sheet [default: today]",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Write the plans, links, counts and the förvaltningar's follow-up as one workbook."""
    from ..analyses import status as followup
    from ..analyses.workbook import sheets
    from ..formats.output import WriteProblem

    day = as_of_date(as_of)
    checked = checked_plans(plan_dir)
    require_valid(checked)
    gp, vp = checked.plans.gp, checked.plans.vp
    assert gp and vp
    book = sheets(gp, vp, followup.compute(gp, vp, checked.plans.forvaltningar, day))
    try:
        formats.file_writer(formats.EXPORT, str(fmt))(book, out)
    except WriteProblem as exc:
        raise UsageError(str(exc)) from None
    err(f"wrote {out}")
