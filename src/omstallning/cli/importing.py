"""omst import: the filled tertial forms' answers into the förvaltningar's files."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from .. import formats
from ..formats import DiffFormat
from ..i18n import N_, _, ngettext
from .app import (
    Exit,
    FindingsFormat,
    PlanDir,
    app,
    err,
    file_size_limit,
    findings_format,
    handled,
)


@app.command(
    "import",
    example=(
        "omst import skas-T3-2024.xlsx --dry-run",
        N_(
            "what Skaraborgs sjukhus' filled form for T3 2024 would change in "
            "plan/forvaltningar/skas.yaml, written nowhere"
        ),
    ),
)
@handled
def import_(
    workbooks: Annotated[
        list[Path],
        typer.Argument(
            metavar=N_("FORMS"),
            help=N_("The filled forms (.xlsx or .ods), as omst report made them."),
            show_default=False,
        ),
    ],
    dry_run: Annotated[
        bool,
        typer.Option("--dry-run", help=N_("Show what would change, and write nothing.")),
    ] = False,
    tertial: Annotated[
        str | None,
        typer.Option(
            "--tertial",
            metavar=N_("TERTIAL"),
            help=N_('The tertial being imported, e.g. "T3 2024": a form for another is refused.'),
            show_default=False,
        ),
    ] = None,
    diff_format: Annotated[
        DiffFormat,
        typer.Option(
            "--diff-format",
            help=N_(
                "With --dry-run, what would change as omst diff shows it: text, markdown "
                "(for a pull request comment) or json."
            ),
        ),
    ] = DiffFormat.text,
    plan_dir: PlanDir = None,
    fmt: FindingsFormat = None,
) -> None:
    """Read filled tertial forms back and merge the answers into plan/forvaltningar/:
    new status entries and outcomes for the tertial, a changed answer replacing its entry."""
    from ..core.importing import import_answers

    name = findings_format(fmt)
    result = import_answers(plan_dir, workbooks, tertial, dry_run, max_file_size=file_size_limit())
    formats.writer(formats.FINDINGS, name)(result.report, sys.stdout)
    for book in result.workbooks:
        if not book.plan_file:
            continue
        if dry_run and book.diff:
            formats.writer(formats.DIFF, diff_format)(book.diff, sys.stdout)
        if not book.changes:
            if not result.failed:
                err(
                    _("{workbook}: nothing to do, the answers are already in {file}").format(
                        workbook=book.shown, file=book.plan_file
                    )
                )
            continue
        count = len(book.changes)
        message = (
            ngettext(
                "{workbook}: {count} entry would change in {file}",
                "{workbook}: {count} entries would change in {file}",
                count,
            )
            if dry_run
            else ngettext(
                "{workbook}: {count} entry changed in {file}",
                "{workbook}: {count} entries changed in {file}",
                count,
            )
        )
        err(message.format(workbook=book.shown, count=count, file=book.plan_file))
        for change in book.changes:
            err(
                _("  {action} {id} ({about})").format(
                    action=_("added") if change.action == "added" else _("replaced"),
                    id=change.id,
                    about=change.about,
                )
            )
    raise typer.Exit(Exit.FINDINGS if result.failed else Exit.OK)
