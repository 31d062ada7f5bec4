"""Every command's --help reads in the user's language, whole: Swedish under sv with no English
line left, English under en, one real example each, and nothing cut with "..."; typer's and
click's own words (Usage, Options, usage errors) through the same catalogue."""

from __future__ import annotations

import re
from collections.abc import Iterator
from itertools import takewhile

import pytest

from helpers import Result, expect_exit, omst
from omstallning import i18n
from omstallning.cli.app import COMMAND_MODULES

COMMANDS = list(COMMAND_MODULES)
WIDE = {"COLUMNS": "100"}

# An ellipsis that cuts a text; git's range main...HEAD is no cut.
_CUT = re.compile(r"(?<!\w)\.\.\.|\.\.\.(?!\w)")
# What a line says beside options, metavars of choices and command lines, which stay as
# they are in every language.
_CODES = re.compile(r"--?[\w-]+|<[^>]*>|\$\w+|\b[\w-]+\.(?:yaml|json|j2|md|html|xlsx|sarif|xml)\b")
_ENGLISH = ("Usage", "Options", "Arguments", "Commands", "Show this", "default:", "required")


def help_in(language: str, *args: str) -> Result:
    i18n.use(language)
    try:
        result = omst(*args, "--help", env=WIDE)
    finally:
        i18n.use("en")
    expect_exit(result, 0)
    return result


def worded(line: str) -> bool:
    """A line with words of its own, not only options, codes or an example's command."""
    if line.strip().startswith("omst "):
        return False
    return bool(re.search(r"[^\W\d_]{3,}", _CODES.sub(" ", line)))


def helps() -> Iterator[tuple[str, ...]]:
    yield ()
    for command in COMMANDS:
        yield (command,)


@pytest.mark.parametrize("args", list(helps()), ids=lambda a: " ".join(a) or "omst")
def test_the_help_reads_in_swedish_with_no_english_line_left(args: tuple[str, ...]) -> None:
    english = help_in("en", *args).stdout
    swedish = help_in("sv", *args).stdout
    left = sorted(
        {line.strip() for line in swedish.splitlines() if worded(line)}
        & {line.strip() for line in english.splitlines()}
    )
    assert left == [], "English left under sv (translate it in omst.po)"
    for word in _ENGLISH:
        assert word not in swedish, word
    assert swedish.startswith("Användning: omst")


@pytest.mark.parametrize("language", ["en", "sv"])
@pytest.mark.parametrize("args", list(helps()), ids=lambda a: " ".join(a) or "omst")
def test_no_help_text_is_cut_with_an_ellipsis(args: tuple[str, ...], language: str) -> None:
    assert not _CUT.search(help_in(language, *args).stdout)


@pytest.mark.parametrize("command", COMMANDS)
def test_each_command_ends_its_help_with_a_real_example(command: str) -> None:
    for language, heading in (("en", "Example:"), ("sv", "Exempel:")):
        text = help_in(language, command).stdout
        example = text.split(f"\n{heading}\n", 1)
        assert len(example) == 2, f"omst {command} --help has no example"
        line, shows = example[1].split("\n", 1)
        assert line.strip().startswith(f"omst {command}")
        assert shows.strip()


@pytest.mark.parametrize("language", ["en", "sv"])
def test_the_command_list_shows_each_commands_whole_first_paragraph(language: str) -> None:
    heading = "Kommandon:" if language == "sv" else "Commands:"
    # Compared without white space: the list wraps its lines, at a hyphen too.
    listing = "".join(help_in(language).stdout.split(heading, 1)[1].split())
    for command in COMMANDS:
        first = help_in(language, command).stdout.split("\n\n")[1]
        assert command + "".join(first.split()) in listing


def format_option(text: str) -> str:
    """The --format option's entry in a help text, its wrapped lines joined."""
    block = text.split("-f, --format", 1)[1]
    lines = block.splitlines()
    rest = takewhile(lambda line: not line.lstrip().startswith("-"), lines[1:])
    entry = [lines[0], *rest]
    return " ".join(" ".join(entry).split())


@pytest.mark.parametrize("language", ["en", "sv"])
def test_validate_and_import_offer_the_findings_formats_in_the_same_words(language: str) -> None:
    validate = format_option(help_in(language, "validate").stdout)
    assert validate == format_option(help_in(language, "import").stdout)
    assert "github" in validate and "GITHUB_ACTIONS" in validate


def test_an_unknown_option_is_told_in_swedish_with_the_usage_and_the_hint() -> None:
    i18n.use("sv")
    try:
        result = omst("validate", "--bogus")
    finally:
        i18n.use("en")
    expect_exit(result, 2)
    assert result.stderr == (
        "Användning: omst validate [FLAGGOR]\n"
        "Skriv 'omst validate --help' för att få hjälp.\n\n"
        "Fel: Flaggan finns inte: --bogus\n"
    )


@pytest.mark.parametrize(
    ("args", "swedish", "english"),
    [
        (["log"], "Argumentet 'ID' saknas.", "Missing argument 'ID'."),
        (["valdate"], "Kommandot 'valdate' finns inte. Menade du 'validate'?", "Did you mean"),
        (["link", "NV.3", "VP.1"], "Fler argument än kommandot tar emot (VP.1)", "(VP.1)"),
        (["export"], "Flaggan '--out' / '-o' saknas.", "Missing option"),
        (
            ["stats", "--format", "xml"],
            "Ogiltigt värde för '--format' / '-f': 'xml' är inte något av 'table'",
            "Invalid value for '--format' / '-f': 'xml' is not one of 'table'",
        ),
        (["log", "NV.3", "-n", "x"], "'x' är inte ett heltal.", "'x' is not a"),
        (["validate", "--plan-dir"], "Flaggan '--plan-dir' behöver ett värde.", "'--plan-dir'"),
    ],
)
def test_a_usage_error_is_told_in_the_users_language(
    args: list[str], swedish: str, english: str
) -> None:
    result = omst(*args)
    expect_exit(result, 2)
    assert english in result.stderr
    assert "Error: " in result.stderr
    i18n.use("sv")
    try:
        result = omst(*args)
    finally:
        i18n.use("en")
    expect_exit(result, 2)
    assert swedish in result.stderr
    assert "Fel: " in result.stderr
