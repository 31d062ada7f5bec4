"""Help and usage errors in the user's language: the command and group classes the app builds.

Every word of `--help` is a msgid: a command's docstring, each option's and argument's help
and metavar (tests/catalogue.py extracts them where typer reads them), and the words typer and
click write themselves ("Usage:", "Options", "Show this message and exit.", "No such option").
Those come out of typer/click in English whatever the locale (typer's bundled click has no
gettext at all, an older click reads a catalogue of its own), so the classes here write them
through omst's catalogue instead: the help at the moment a command is built, a usage error when
it is shown. Nothing in site-packages is touched.

Each command's help ends with one real example from the region's plans, declared beside the
command (`app.command(..., example=(COMMAND, N_(WHAT IT SHOWS)))`), and the app's command list
shows each command's full first paragraph, never cut with an ellipsis.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from enum import Enum
from typing import Any

import typer.core

from ..formats.safe import one_line
from ..i18n import N_, _

# typer's and click's own words, as they write them, so that the catalogue holds them.
OWN_WORDS = (
    N_("Show this message and exit."),
    N_("Install completion for the current shell."),
    N_("Show completion for the current shell, to copy it or customize the installation."),
)

# The example each command's help ends with: command line, what it shows (a msgid).
EXAMPLES: dict[str, tuple[str, str]] = {}

# A value-taking parameter with no metavar of its own gets a word for its type, not typer's
# `<str>`/`<path>`.
_TYPE_METAVARS = {"path": N_("PATH"), "text": N_("TEXT"), "integer": "N", "integer range": "N"}


def _translated(params: Iterable[Any]) -> None:
    for param in params:
        if getattr(param, "help", None):
            param.help = _(param.help)
        if param.metavar:
            param.metavar = _(param.metavar)
        elif param.param_type_name == "argument":
            param.metavar = (param.name or "").upper()
        elif not getattr(param, "is_flag", False) and not _choices(param):
            name = getattr(param.type, "name", "")
            param.metavar = _(_TYPE_METAVARS.get(name, name.upper()))


def _choices(param: Any) -> list[str]:
    return [str(c.value if isinstance(c, Enum) else c) for c in getattr(param.type, "choices", [])]


def _default(param: Any) -> str | None:
    """The default the help shows, as the user would type it; None where it says nothing."""
    value = param.default
    if (
        getattr(param, "show_default", True) is not True
        or getattr(param, "is_flag", False)
        or value in (None, (), [])
        or callable(value)
    ):
        return None
    return str(value.value if isinstance(value, Enum) else value)


def _record(param: Any, ctx: Any) -> tuple[str, str] | None:
    """One line of the Arguments or Options list: its names, and its help with the default."""
    if getattr(param, "hidden", False):
        return None
    if param.param_type_name == "argument":
        name = param.metavar
    else:
        name = ", ".join(sorted(param.opts, key=lambda o: (len(o) - len(o.lstrip("-")), o)))
        if not getattr(param, "is_flag", False):
            choices = _choices(param)
            name += f" {param.metavar or '<' + '|'.join(choices) + '>'}"
    extra = []
    default = _default(param)
    if default is not None:
        extra.append(_("default: {value}").format(value=default))
    if param.required:
        extra.append(_("required"))
    help_text = param.help or ""
    if extra:
        help_text = f"{help_text}  [{'; '.join(extra)}]".strip()
    return name, help_text


def _usage(command: Any, ctx: Any, formatter: Any, tail: list[str]) -> None:
    pieces = [command.options_metavar] if command.options_metavar else []
    for param in command.get_params(ctx):
        if param.param_type_name == "argument":
            shown = param.metavar
            pieces.append(shown if param.required or shown.startswith("[") else f"[{shown}]")
    formatter.write_usage(ctx.command_path, " ".join([*pieces, *tail]), prefix=_("Usage: "))


def _options(command: Any, ctx: Any, formatter: Any) -> None:
    rows: dict[str, list[tuple[str, str]]] = {"argument": [], "option": []}
    for param in command.get_params(ctx):
        record = _record(param, ctx)
        if record is not None:
            rows.setdefault(param.param_type_name, []).append(record)
    for kind, heading in (("argument", _("Arguments")), ("option", _("Options"))):
        if rows[kind]:
            with formatter.section(heading):
                formatter.write_dl(rows[kind])


def _help_option(option: Any) -> Any:
    if option is not None:
        option.help = _("Show this message and exit.")
    return option


class Command(typer.core.TyperCommand):
    """A command whose help and usage line read in the user's language, with its example."""

    def __init__(self, name: str | None, **kwargs: Any) -> None:
        super().__init__(name, **kwargs)
        if self.help:
            self.help = _(self.help)
            self.short_help = " ".join(self.help.split("\n\n")[0].split())
        self.options_metavar = _("[OPTIONS]")
        _translated(self.params)

    def format_usage(self, ctx: Any, formatter: Any) -> None:
        _usage(self, ctx, formatter, [])

    def format_options(self, ctx: Any, formatter: Any) -> None:
        _options(self, ctx, formatter)

    def format_epilog(self, ctx: Any, formatter: Any) -> None:
        if self.name not in EXAMPLES:
            return
        line, shows = EXAMPLES[self.name]
        with formatter.section(_("Example")):
            formatter.write_text(line)
            with formatter.indentation():
                formatter.write_text(_(shows))

    def get_help_option(self, ctx: Any) -> Any:
        return _help_option(super().get_help_option(ctx))


class Group(typer.core.TyperGroup):
    """The app: its help, command list and usage errors in the user's language."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        if self.help:
            self.help = _(self.help)
        self.options_metavar = _("[OPTIONS]")
        self.subcommand_metavar = _("COMMAND [ARGS]")
        _translated(self.params)

    def format_usage(self, ctx: Any, formatter: Any) -> None:
        _usage(self, ctx, formatter, [self.subcommand_metavar])

    def format_options(self, ctx: Any, formatter: Any) -> None:
        params: list[Any] = self.params  # typer adds the completion options after __init__
        for param in params:
            if param.help in OWN_WORDS:
                param.help = _(param.help)
        _options(self, ctx, formatter)
        rows = []
        for name in self.list_commands(ctx):
            command = self.get_command(ctx, name)
            if command is not None and not command.hidden:
                rows.append((name, command.get_short_help_str(limit=10**6)))
        if rows:
            with formatter.section(_("Commands")):
                formatter.write_dl(rows)

    def get_help_option(self, ctx: Any) -> Any:
        return _help_option(super().get_help_option(ctx))

    def make_context(self, *args: Any, **kwargs: Any) -> Any:
        return _said(super().make_context, *args, **kwargs)

    def invoke(self, ctx: Any) -> Any:
        return _said(super().invoke, ctx)


# --- usage errors ---------------------------------------------------------------------------


def _said(call: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """`call`, with a usage error that typer or click raises told in the user's language."""
    try:
        return call(*args, **kwargs)
    except Exception as exc:
        _tell(exc)
        raise


def _tell(exc: Any) -> None:
    """Have typer show `exc` in the user's language, if it is a usage error not yet told."""
    kinds = {k.__name__ for k in type(exc).__mro__}
    if "UsageError" not in kinds or "NoArgsIsHelpError" in kinds:
        return
    if getattr(exc, "omst_said", False):
        return
    text = _message(exc, kinds)
    exc.omst_said = True
    exc.show = lambda file=None: _show(exc, text)


def _show(exc: Any, message: str) -> None:
    import sys

    ctx = exc.ctx
    lines = []
    if ctx is not None:
        lines.append(ctx.get_usage())
        if ctx.command.get_help_option(ctx) is not None:
            lines.append(
                _("Try '{command} {option}' for help.").format(
                    command=ctx.command_path, option=ctx.help_option_names[0]
                )
            )
        lines.append("")
    lines.append(_("Error: {message}").format(message=message))
    sys.stderr.write("\n".join(lines) + "\n")


def _message(exc: Any, kinds: set[str]) -> str:
    if "NoSuchOption" in kinds:
        text = _("No such option: {option}").format(option=one_line(exc.option_name))
        possible = sorted(getattr(exc, "possibilities", None) or [])
        if possible:
            text += " " + _("Did you mean {options}?").format(options=", ".join(possible))
        return text
    param = getattr(exc, "param", None)
    if "MissingParameter" in kinds and param is not None:
        name = param.get_error_hint(exc.ctx)
        if param.param_type_name == "argument":
            return _("Missing argument {name}.").format(name=name)
        return _("Missing option {name}.").format(name=name)
    if "BadParameter" in kinds:
        hint = exc.param_hint or (param.get_error_hint(exc.ctx) if param is not None else None)
        if not isinstance(hint, str) and hint is not None:
            hint = " / ".join(repr(h) for h in hint)
        problem = _known(exc.message)
        if hint is None:
            return _("Invalid value: {problem}").format(problem=problem)
        return _("Invalid value for {name}: {problem}").format(name=hint, problem=problem)
    return _known(exc.message)


# click's and typer's messages by their English text, each with its msgid: they are built
# before omst sees them, so the parts are taken back out of the text. Compiled on the first
# usage error (re caches them), not at every start: --help never needs them.
_KNOWN: list[tuple[str, str]] = [
    (
        r"Got unexpected extra arguments? ?(?:\(s\))? ?\((?P<arguments>.*)\)",
        N_("Got unexpected extra argument(s) ({arguments})"),
    ),
    (
        r"No such command (?P<name>'.*')\. Did you mean (?P<suggestions>.*)\?",
        N_("No such command {name}. Did you mean {suggestions}?"),
    ),
    (r"No such command (?P<name>'.*')\.", N_("No such command {name}.")),
    (r"Missing command\.", N_("Missing command.")),
    (
        r"Option (?P<option>'.*') requires an argument\.",
        N_("Option {option} requires a value."),
    ),
    (
        r"Option (?P<option>'.*') does not take a value\.",
        N_("Option {option} does not take a value."),
    ),
    (
        r"(?P<value>'.*') is not one of (?P<choices>.*)\.",
        N_("{value} is not one of {choices}."),
    ),
    (
        r"(?P<value>'.*') is not a valid (?:integer|int|int range)\.",
        N_("{value} is not a whole number."),
    ),
    (
        r"(?P<value>.*) is not in the range (?P<range>.*)\.",
        N_("{value} is not in the range {range}."),
    ),
]


def _known(message: str) -> str:
    for pattern, msgid in _KNOWN:
        found = re.fullmatch(pattern, message)
        if found:
            return _(msgid).format(**found.groupdict())
    return one_line(message)
