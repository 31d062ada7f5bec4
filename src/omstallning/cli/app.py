"""The Typer app and what every command shares: exit codes, error handling, options.

Exit codes: 0 clean, 1 findings (or differences with --exit-code), 2 usage, 3 a bug.
Only typer is imported here: each command imports what it needs when it runs.
"""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer

from ..reading.errors import UsageError

if TYPE_CHECKING:
    from ..checks import Checked
    from ..reading.findings import Finding

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_BUG = 0, 1, 2, 3

app = typer.Typer(
    name="omst",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

F = TypeVar("F", bound=Callable[..., Any])


def _version(value: bool) -> None:
    if value:
        from .. import __version__

        sys.stdout.write(f"omst {__version__}\n")
        raise typer.Exit(EXIT_OK)


def _max_file_size(value: str | None) -> str | None:
    from ..reading import limits

    try:
        limits.chosen = limits.parse_size(value) if value is not None else None
    except UsageError as exc:
        raise typer.BadParameter(str(exc)) from None
    return value


@app.callback()
def _main(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Print omst's version and exit."
        ),
    ] = False,
    max_file_size: Annotated[
        str | None,
        typer.Option(
            "--max-file-size",
            callback=_max_file_size,
            metavar="SIZE",
            help="Largest plan file to read, e.g. 512M or 2G "
            "[default: $OMST_MAX_FILE_SIZE, else 256M]",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Genomförandeplanen och verksamhetsplanen som kod: validera, räkna, länka, jämför och
    rendera inriktningsdokumentet."""


def err(message: str) -> None:
    sys.stderr.write(message.rstrip("\n") + "\n")


def handled(fn: F) -> F:
    """Maps what can go wrong in a command to its exit code, without a traceback."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except UsageError as exc:
            err(f"omst: error: {exc}")
            raise typer.Exit(EXIT_USAGE) from None
        except (typer.Exit, typer.Abort, SystemExit):
            raise
        except KeyboardInterrupt:
            err("omst: interrupted")
            raise typer.Exit(130) from None
        except BrokenPipeError:
            # stdout closed early (omst ... | head): nothing left to say.
            sys.stderr.close()
            raise typer.Exit(EXIT_OK) from None
        except Exception as exc:
            if os.environ.get("OMST_DEBUG") == "1":
                import traceback

                traceback.print_exc()
            else:
                err(
                    f"omst: an unexpected error occurred ({type(exc).__name__}: {exc}). "
                    "This is a bug in omst; rerun with OMST_DEBUG=1 to see the traceback "
                    "and report it."
                )
            raise typer.Exit(EXIT_BUG) from None

    return wrapper  # type: ignore[return-value]


def choices(name: str, registry: dict[str, str]) -> type[StrEnum]:
    """A format registry's names as the Enum Typer offers and checks `--format` against."""
    return StrEnum(name, {key: key for key in registry})  # type: ignore[return-value]


def as_of_date(value: str | None) -> date:
    if value is None:
        return date.today()
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise UsageError(f"--as-of {value!r} is not a date (YYYY-MM-DD)") from None


PlanDir = Annotated[
    Path | None,
    typer.Option(
        "--plan-dir",
        "-p",
        help="Folder with genomforandeplan.yaml and "
        "verksamhetsplan.yaml [default: $OMST_PLAN_DIR, else plan/ here or at the "
        "git root]",
        show_default=False,
    ),
]


def checked_plans(plan_dir: Path | None) -> Checked:
    from ..checks import check_dir
    from ..reading.plandir import find_plan_dir

    return check_dir(find_plan_dir(plan_dir))


def print_errors(findings: list[Finding]) -> None:
    from ..formats.findings import lines

    lines([f for f in findings if f.severity == "error"], sys.stderr)


def require_valid(checked: Checked) -> None:
    """Commands other than validate work on valid plans only; show why not."""
    from ..reading.findings import has_errors

    if has_errors(checked.findings) or checked.plans.gp is None or checked.plans.vp is None:
        errors = [f for f in checked.findings if f.severity == "error"]
        print_errors(errors)
        err(f"omst: the plans have {len(errors)} error(s); fix them first (omst validate)")
        raise typer.Exit(EXIT_FINDINGS)


def write_report(registry: dict[str, str], name: str, report: Any, path: Path) -> None:
    """One format of a report into a file, replaced in one step (never half written)."""
    import io

    from .. import formats
    from ..formats.output import WriteProblem, write_atomic

    buffer = io.StringIO()
    formats.writer(registry, name)(report, buffer)
    try:
        write_atomic(path, buffer.getvalue())
    except WriteProblem as exc:
        raise UsageError(str(exc)) from None


def append_step_summary(markdown: str) -> None:
    """Under GitHub Actions, add Markdown to the job's summary page."""
    target = os.environ.get("GITHUB_STEP_SUMMARY")
    if not target:
        return
    try:
        with open(target, "a", encoding="utf-8") as handle:
            handle.write(markdown.rstrip("\n") + "\n\n")
    except OSError as exc:
        err(f"omst: warning: cannot write the step summary {target}: {exc.strerror or exc}")
