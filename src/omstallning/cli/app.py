"""The Typer app and what every command shares: exit codes, error handling, options.

Exit codes are decided here alone (`Exit`, and `handled` for what a core call raises).
Only typer is imported here: each command imports what it needs when it runs.
"""

from __future__ import annotations

import copy
import functools
import importlib
import os
import sys
from collections.abc import Callable, Mapping, Sequence
from enum import IntEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar, cast

import typer

from ..formats import FindingFormat
from ..i18n import N_, _
from ..reading.errors import InvalidPlans, UsageError
from .words import EXAMPLES, Command, Group

if TYPE_CHECKING:
    from datetime import date

    from ..formats import Name
    from ..reading.findings import Finding


class Exit(IntEnum):
    OK = 0  # clean; warnings allowed unless --strict
    FINDINGS = 1  # the plans have errors; with diff --exit-code: they differ
    USAGE = 2  # something the user must fix in the call: an option, a path, a revision
    BUG = 3  # a bug in omst
    INTERRUPTED = 130  # Ctrl-C, as a shell reports it


# The module that declares each command, in the order `omst --help` lists them.
COMMAND_MODULES = {
    "validate": "plans",
    "stats": "plans",
    "link": "plans",
    "render": "plans",
    "diff": "revisions",
    "textconv": "revisions",
    "review": "history",
    "log": "history",
    "status": "followup",
    "export": "followup",
    "report": "report",
    "import": "importing",
    "schema": "editor",
    "serve": "serve",
}


class _App(typer.Typer):
    """The omst app, whose commands are imported when the app is built. `only` names the one
    command a run needs: its module alone is imported and its command alone is built, since
    building all eleven from their signatures costs more than some commands' whole work.
    `listing` is for `omst --help`, which shows each command's name and first line only: the
    commands are built without their options (see _listed)."""

    only: str | None = None
    listing = False
    _importing = False

    @property
    def registered_commands(self) -> list[typer.models.CommandInfo]:
        if self._importing:  # a command module's decorators are registering
            return self._commands
        self._importing = True
        try:
            modules = [COMMAND_MODULES[self.only]] if self.only else COMMAND_MODULES.values()
            for module in dict.fromkeys(modules):
                importlib.import_module(f"{__package__}.{module}")
        finally:
            self._importing = False
        if self.listing:
            return [_listed(c) for c in self._commands]
        if self.only is None:
            return self._commands
        return [c for c in self._commands if c.name == self.only]

    @registered_commands.setter
    def registered_commands(self, value: list[typer.models.CommandInfo]) -> None:
        self._commands = value

    def command(
        self, name: str | None = None, *, example: tuple[str, str] | None = None, **kwargs: Any
    ) -> Callable[[F], F]:
        """A command whose help reads in the user's language and ends with `example`: a
        command line from the region's plans, and what it shows (a msgid, N_). Every
        command has one (tests/test_help.py)."""
        if example is not None and name is not None:
            EXAMPLES[name] = example
        return super().command(name, cls=Command, **kwargs)


def _listed(command: typer.models.CommandInfo) -> typer.models.CommandInfo:
    """The command as the app's help lists it: its name and help, and a callback with the
    same docstring but no parameters, so that none of its options is built."""

    def listed() -> None:  # never called: a listing only shows the help
        raise AssertionError(command.name)

    listed.__doc__ = command.callback.__doc__ if command.callback else None
    shown = copy.copy(command)
    shown.callback = listed
    return shown


app = _App(
    name="omst",
    cls=Group,
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
        raise typer.Exit(Exit.OK)


# Where --max-file-size is kept for this run: click's meta dict, shared by the root context
# and the command's, and gone with them.
_MAX_FILE_SIZE = "omst.max_file_size"


def _max_file_size(ctx: typer.Context, value: str | None) -> str | None:
    from ..reading.limits import parse_size

    try:
        ctx.meta[_MAX_FILE_SIZE] = parse_size(value) if value is not None else None
    except UsageError as exc:
        raise typer.BadParameter(str(exc)) from None
    return value


def file_size_limit() -> int | None:
    """This run's --max-file-size in bytes, for the core call; None leaves it to
    OMST_MAX_FILE_SIZE or the default (reading/limits.py)."""
    ctx = _current_context()
    return ctx.meta.get(_MAX_FILE_SIZE) if ctx is not None else None


def _current_context() -> Any:
    import importlib

    # Typer runs on its own copy of click since 0.2x, with a context stack of its own; an
    # older typer runs on click itself.
    for module in ("typer._click.globals", "click.globals"):
        try:
            return importlib.import_module(module).get_current_context(silent=True)
        except ImportError:
            continue
    return None


@app.callback()
def _main(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help=N_("Print omst's version and exit.")
        ),
    ] = False,
    max_file_size: Annotated[
        str | None,
        typer.Option(
            "--max-file-size",
            callback=_max_file_size,
            metavar=N_("SIZE"),
            help=N_(
                "Largest plan file to read, e.g. 512M or 2G "
                "[default: $OMST_MAX_FILE_SIZE, else 256M]"
            ),
            show_default=False,
        ),
    ] = None,
) -> None:
    """The genomförandeplan and the verksamhetsplan as code: validate, count, link, compare
    and render the inriktningsdokument.

    Start with `omst validate`, then `omst render`; `omst COMMAND --help` tells more about
    each command."""


def err(message: str) -> None:
    sys.stderr.write(message.rstrip("\n") + "\n")


def handled(fn: F) -> F:
    """Maps what can go wrong in a command to its exit code, without a traceback."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except UsageError as exc:
            err(_("omst: error: {message}").format(message=exc))
            raise typer.Exit(Exit.USAGE) from None
        except InvalidPlans as exc:
            print_errors(exc.errors)
            err(f"omst: {exc}")
            raise typer.Exit(Exit.FINDINGS) from None
        except (typer.Exit, typer.Abort, SystemExit):
            raise
        except KeyboardInterrupt:
            err(_("omst: interrupted"))
            raise typer.Exit(Exit.INTERRUPTED) from None
        except BrokenPipeError:
            # stdout closed early (omst ... | head): nothing left to say.
            sys.stderr.close()
            raise typer.Exit(Exit.OK) from None
        except Exception as exc:
            if os.environ.get("OMST_DEBUG") == "1":
                import traceback

                traceback.print_exc()
            else:
                err(
                    "omst: "
                    + _(
                        "an unexpected error occurred ({kind}: {error}). This is a bug in "
                        "omst; rerun with OMST_DEBUG=1 to see the traceback and report it."
                    ).format(kind=type(exc).__name__, error=exc)
                )
            raise typer.Exit(Exit.BUG) from None

    return cast(F, wrapper)


def as_of_date(value: str | None) -> date:
    from datetime import date

    if value is None:
        return date.today()
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise UsageError(
            _("--as-of {value} is not a date (YYYY-MM-DD)").format(value=repr(value))
        ) from None


PlanDir = Annotated[
    Path | None,
    typer.Option(
        "--plan-dir",
        "-p",
        metavar=N_("FOLDER"),
        help=N_(
            "Folder with genomforandeplan.yaml and verksamhetsplan.yaml "
            "[default: $OMST_PLAN_DIR, else plan/ here or at the git root]"
        ),
        show_default=False,
    ),
]


FindingsFormat = Annotated[
    FindingFormat | None,
    typer.Option(
        "--format",
        "-f",
        help=N_(
            "The findings as text, json, github (workflow annotations), sarif (code scanning), "
            "gitlab (Code Quality) or junit; github is the default when GITHUB_ACTIONS is set."
        ),
        show_default=False,
    ),
]


def findings_format(chosen: FindingFormat | None) -> FindingFormat:
    """The format --format named, else GitHub's annotations inside a GitHub Actions job (so a
    workflow needs no option to see findings on its lines), else text."""
    if chosen is not None:
        return chosen
    github = os.environ.get("GITHUB_ACTIONS") == "true"
    return FindingFormat.github if github else FindingFormat.text


def print_errors(findings: list[Finding]) -> None:
    from ..formats.findings import lines

    lines([f for f in findings if f.severity == "error"], sys.stderr)


def write_reports(
    registry: Mapping[Name, str], outputs: Sequence[tuple[Name, Path]], report: Any
) -> None:
    """Formats of a report into files, all or none: each file is replaced in one step, and a
    file that cannot be written leaves every other as it was."""
    if not outputs:
        return
    import io

    from .. import formats
    from ..reading.writer import staged_all

    texts = []
    for name, _path in outputs:
        buffer = io.StringIO()
        formats.writer(registry, name)(report, buffer)
        texts.append(buffer.getvalue())
    with staged_all([path for _name, path in outputs]) as files:
        for file, text in zip(files, texts, strict=True):
            file.handle.write(text)


def append_step_summary(markdown: Callable[[], str]) -> None:
    """Under GitHub Actions, add Markdown to the job's summary page (made only there)."""
    target = os.environ.get("GITHUB_STEP_SUMMARY")
    if not target:
        return
    from ..reading.writer import WriteProblem, append_text

    try:
        append_text(Path(target), markdown().rstrip("\n") + "\n\n")
    except WriteProblem as exc:
        err(_("omst: warning: the step summary: {message}").format(message=exc))
