"""Commands across revisions: diff, and textconv for git's own diff."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Annotated

import typer

from .. import formats
from ..reading.errors import UsageError
from .app import (
    EXIT_FINDINGS,
    EXIT_OK,
    PlanDir,
    app,
    append_step_summary,
    choices,
    err,
    handled,
    print_errors,
)

DiffFormat = choices("DiffFormat", formats.DIFF)


@app.command()
@handled
def diff(
    revisions: Annotated[
        list[str] | None,
        typer.Argument(
            help="OLD [NEW]: git revisions (HEAD~1, main, a tag), a range "
            "main...HEAD, or plan directories. Default: HEAD against the work "
            "tree.",
            show_default=False,
        ),
    ] = None,
    plan_dir: PlanDir = None,
    fmt: Annotated[
        DiffFormat,  # type: ignore[valid-type]
        typer.Option(
            "--format",
            "-f",
            help="text (terminal), markdown (a pull-request comment) or json.",
        ),
    ] = DiffFormat.text,  # type: ignore[attr-defined]
    exit_code: Annotated[
        bool,
        typer.Option(
            "--exit-code", help="Exit 1 when the plans differ, as git diff --exit-code does."
        ),
    ] = False,
) -> None:
    """What changed between two revisions of the plans, keyed by ID: added, removed,
    changed (word by word), moved, reordered, links and coverage."""
    from ..analyses.diff import DiffReport, compare
    from ..analyses.sides import resolve_sides
    from ..reading.plandir import find_plan_dir

    old, new = resolve_sides(list(revisions or []), lambda: find_plan_dir(plan_dir))
    for side in (old, new):
        if not side.checked.complete("genomforandeplan", "verksamhetsplan"):
            print_errors(side.checked.findings)
            err(f"omst: the plans at {side.label} do not pass the schema; cannot compare")
            raise typer.Exit(EXIT_FINDINGS)
    result = compare(old.checked.plans, new.checked.plans)
    report = DiffReport(result, old.label, new.label)
    formats.writer(formats.DIFF, str(fmt))(report, sys.stdout)
    if os.environ.get("GITHUB_STEP_SUMMARY"):
        import io

        summary = io.StringIO()
        formats.writer(formats.DIFF, "markdown")(report, summary)
        append_step_summary(summary.getvalue())
    raise typer.Exit(EXIT_FINDINGS if exit_code and result else EXIT_OK)


@app.command()
@handled
def textconv(
    file: Annotated[Path, typer.Argument(help="One plan file, as git hands it over.")],
) -> None:
    """Print a plan file as one line per item field, for git's textconv (see docs/git.md).
    A file that does not pass the schema is printed as it is."""
    from ..analyses.diff import textconv_lines
    from ..model.plans import Plans, build_genomforandeplan, build_verksamhetsplan
    from ..reading.findings import has_errors
    from ..reading.plandir import PLAN_KINDS, parse_bytes
    from ..reading.schema import validate_document

    try:
        raw = file.read_bytes()
    except OSError as exc:
        raise UsageError(f"{file}: cannot read: {exc.strerror or exc}") from None
    doc = parse_bytes(str(file), raw)
    kind = doc.data.get("plan") if isinstance(doc.data, dict) else None
    if kind not in PLAN_KINDS or has_errors(doc.findings) or validate_document(doc, kind):
        sys.stdout.write(raw.decode("utf-8", "replace"))
        return
    plans = (
        Plans(gp=build_genomforandeplan(doc))
        if kind == "genomforandeplan"
        else Plans(vp=build_verksamhetsplan(doc))
    )
    sys.stdout.write("".join(f"{line}\n" for line in textconv_lines(plans)))
