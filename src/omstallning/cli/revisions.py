"""Commands across revisions: diff, and textconv for git's own diff."""

from __future__ import annotations

import io
import sys
from pathlib import Path
from typing import Annotated

import typer

from .. import formats
from ..formats import DiffFormat
from ..i18n import N_
from .app import Exit, PlanDir, app, append_step_summary, file_size_limit, handled


@app.command(
    "diff",
    example=(
        "omst diff plan examples/revision-2024-04/plan --format markdown",
        N_("what SSN's revision of April 2024 changed in the plans, as a pull-request comment"),
    ),
)
@handled
def diff(
    revisions: Annotated[
        list[str] | None,
        typer.Argument(
            metavar=N_("[OLD [NEW]]"),
            help=N_(
                "OLD [NEW]: git revisions (HEAD~1, main, a tag), a range "
                "main...HEAD, or plan directories. Default: HEAD against the work "
                "tree."
            ),
            show_default=False,
        ),
    ] = None,
    plan_dir: PlanDir = None,
    fmt: Annotated[
        DiffFormat,
        typer.Option(
            "--format",
            "-f",
            help=N_("text (terminal), markdown (a pull-request comment) or json."),
        ),
    ] = DiffFormat.text,
    exit_code: Annotated[
        bool,
        typer.Option(
            "--exit-code", help=N_("Exit 1 when the plans differ, as git diff --exit-code does.")
        ),
    ] = False,
) -> None:
    """What changed between two revisions of the plans, keyed by ID: added, removed,
    changed (word by word), moved, reordered, links and coverage."""
    from ..core.revisions import diff_revisions

    report = diff_revisions(list(revisions or []), plan_dir, max_file_size=file_size_limit())
    formats.writer(formats.DIFF, fmt)(report, sys.stdout)
    append_step_summary(lambda: _markdown(report))
    raise typer.Exit(Exit.FINDINGS if exit_code and report.diff else Exit.OK)


@app.command(
    "textconv",
    example=(
        "omst textconv plan/genomforandeplan.yaml",
        N_(
            "the genomförandeplan as one line per field, as git diff shows it once "
            "docs/git.md is set up"
        ),
    ),
)
@handled
def textconv(
    file: Annotated[
        Path, typer.Argument(metavar=N_("FILE"), help=N_("One plan file, as git hands it over."))
    ],
) -> None:
    """Print a plan file as one line per item field, for git's textconv (see docs/git.md).
    A file that does not pass the schema is printed as it is."""
    from ..core.revisions import plan_file
    from ..formats import textconv as plan_text

    found = plan_file(file, max_file_size=file_size_limit())
    if found.plans is None:
        sys.stdout.write(found.raw.decode("utf-8", "replace"))
        return
    sys.stdout.write(plan_text.text(found.plans))


def _markdown(report: object) -> str:
    summary = io.StringIO()
    formats.writer(formats.DIFF, DiffFormat.markdown)(report, summary)
    return summary.getvalue()
