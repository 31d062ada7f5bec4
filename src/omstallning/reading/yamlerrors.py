"""The codes found while reading a plan file (OMST002–OMST009), each message written once,
and PyYAML's errors mapped to them. `omst validate --list-checks` lists `YAML_CODES`.

Both builders (builders.py) and the entry point (yamlfile.py) say what they find through
the functions here, so that the same problem reads the same wherever it is found.
"""

from __future__ import annotations

import re
from typing import NamedTuple

import yaml

from ..i18n import _
from .document import Document, Pos
from .findings import Finding, Severity
from .limits import format_size
from .yamlwords import context_words, problem_words

YAML_CODES: dict[str, tuple[Severity, str]] = {
    "OMST002": ("error", "Binary or non-UTF-8 file."),
    "OMST003": ("error", "Empty file (no YAML document)."),
    "OMST004": ("error", "Invalid YAML: syntax error, tab in indentation, bad tagged value."),
    "OMST005": ("error", "Duplicate key in a mapping (YAML would keep only the last)."),
    "OMST006": ("error", "Tag not allowed (e.g. !!python/object) or merge key."),
    "OMST007": (
        "error",
        "Limits: file too large, nesting too deep, alias bomb, a number of more than 100 "
        "digits, NaN or infinity.",
    ),
    "OMST008": ("error", "More than one YAML document in a file."),
    "OMST009": (
        "warning",
        "Plain value or key that YAML 1.1 tools read as a boolean, number, "
        "date or null (`no`, `on`, `2024-05-31`, `1.10`); omst keeps it as written.",
    ),
}


class Problem(NamedTuple):
    """What is wrong, before it is placed: a code of YAML_CODES and its message."""

    code: str
    message: str

    def at(self, doc: Document, pos: Pos) -> Finding:
        return doc.finding(pos, YAML_CODES[self.code][0], self.code, self.message)


# OMST002: not a UTF-8 text file


def binary_file() -> Problem:
    return Problem("OMST002", _("binary file (NUL byte): a plan file is UTF-8 text"))


def not_utf8(byte: int) -> Problem:
    return Problem(
        "OMST002",
        _("not UTF-8 text (byte {byte}): save the file as UTF-8").format(byte=f"0x{byte:02x}"),
    )


# OMST003: no document


def empty_file() -> Problem:
    return Problem("OMST003", _("file is empty: a plan file holds one YAML mapping"))


# OMST004: not YAML, or not plain data


def invalid_yaml(problem: str) -> Problem:
    return Problem("OMST004", _("invalid YAML: {problem}").format(problem=problem))


def colon_in_text(quoted: str) -> Problem:
    return Problem(
        "OMST004",
        _(
            "a colon followed by a space inside a text makes YAML read a new key: quote the "
            "text, {quoted}"
        ).format(quoted=quoted),
    )


def misaligned_key(key: str, line: int, column: int) -> Problem:
    return Problem(
        "OMST004",
        _(
            "wrong indentation: line this key up with '{key}' on line {line} (column {column})"
        ).format(key=key, line=line, column=column),
    )


def missing_dash(column: int) -> Problem:
    return Problem(
        "OMST004",
        _(
            'a list item starts with "- ": write "- " at column {column}, as the items above it do'
        ).format(column=column),
    )


def unclosed_quote(quote: str) -> Problem:
    return Problem(
        "OMST004",
        _(
            "the quote {quote} opened here is never closed: end the text with {quote} on this line"
        ).format(quote=quote),
    )


def control_character(code: int) -> Problem:
    return Problem(
        "OMST004",
        _("control character {char} is not allowed in YAML").format(char=f"U+{code:04X}"),
    )


def key_not_text() -> Problem:
    return Problem("OMST004", _("a key must be plain text, not a list or mapping"))


def not_valid_as_tagged(value: str, tag: str) -> Problem:
    return Problem(
        "OMST004", _("'{value}' is not a valid {tag}").format(value=value, tag=short_tag(tag))
    )


# OMST005: duplicate key


def duplicate_key(key: str, first_line: int) -> Problem:
    return Problem(
        "OMST005",
        _(
            "duplicate key '{key}' (first at line {line}); YAML would silently keep only the "
            "last one"
        ).format(key=key, line=first_line),
    )


def item_without_dash(key: str, first_line: int) -> Problem:
    """A list item's first key again in the same item: a new item whose "- " is missing."""
    return Problem(
        "OMST005",
        _(
            "a second '{key}' in the same list item (the first at line {line}): a list item "
            'starts with "- "; if a new item starts here, write "- " before \'{key}\''
        ).format(key=key, line=first_line),
    )


# OMST006: tags that are not plain data


def tag_not_allowed(tag: str) -> Problem:
    return Problem(
        "OMST006",
        _(
            "the tag {tag} is not allowed in a plan file: plans hold only text, lists and mappings"
        ).format(tag=short_tag(tag)),
    )


def merge_key() -> Problem:
    return Problem(
        "OMST006", _("merge keys (<<) are not supported in plan files: write the entries out")
    )


# OMST007: limits


def nesting_deeper_than(levels: int, aliased: bool = False) -> Problem:
    return Problem(
        "OMST007",
        (
            _("nesting is deeper than {levels} levels (a recursive alias)")
            if aliased
            else _("nesting is deeper than {levels} levels")
        ).format(levels=levels),
    )


def nesting_deeper_than_yaml_reads(problem: str) -> Problem:
    return Problem(
        "OMST007", _("nesting is deeper than YAML reads ({problem})").format(problem=problem)
    )


def nesting_too_deep_to_read() -> Problem:
    """Python's own stack ran out (the pure parser, or a builder)."""
    return Problem("OMST007", _("nesting is too deep to read"))


def alias_bomb(nodes: int) -> Problem:
    return Problem(
        "OMST007",
        _("aliases expand to more than {nodes} nodes (an alias bomb?)").format(nodes=nodes),
    )


def file_too_large(size: int | None, limit: int) -> Problem:
    """`size` where it is known (None: only that more than `limit` bytes were read)."""
    if size is None:
        message = _(
            "file is larger than {limit}; raise the limit with --max-file-size or "
            "OMST_MAX_FILE_SIZE"
        )
    else:
        message = _(
            "file is larger than {limit} ({size}); raise the limit with --max-file-size or "
            "OMST_MAX_FILE_SIZE"
        )
    size_text = format_size(size) if size is not None else ""
    return Problem("OMST007", message.format(limit=format_size(limit), size=size_text))


def too_many_digits(digits: int, limit: int) -> Problem:
    return Problem(
        "OMST007",
        _("a number of {digits} digits: omst reads numbers of at most {limit} digits").format(
            digits=digits, limit=limit
        ),
    )


def not_finite(value: str) -> Problem:
    shown = value if len(value) <= 24 else value[:23] + "…"
    return Problem(
        "OMST007",
        _(
            "'{value}' is not a finite number: NaN and infinity are not allowed; write a "
            "number such as 16.3 (or quote it, if text is meant)"
        ).format(value=shown),
    )


# OMST008: one document per file


def second_document() -> Problem:
    return Problem("OMST008", _("a second YAML document ('---'): a plan file holds one document"))


# OMST009: what YAML 1.1 would read as something else


def yaml11_reading(value: str, kind: str, is_key: bool) -> Problem:
    if is_key:
        message = _(
            "key '{value}' is read as text here, but YAML 1.1 tools read it as {kind}: "
            'quote it ("{value}")'
        )
    else:
        message = _(
            "value '{value}' is read as text here, but YAML 1.1 tools read it as {kind}: "
            'quote it ("{value}")'
        )
    return Problem("OMST009", message.format(value=value, kind=_kind_word(kind)))


def _kind_word(kind: str) -> str:
    """builders.py's words for what YAML 1.1 reads, in the user's language."""
    words = {
        "a boolean": _("a boolean"),
        "a number": _("a number"),
        "a date": _("a date"),
        "null (nothing)": _("null (nothing)"),
    }
    return words.get(kind, kind)


_TAG = "tag:yaml.org,2002:"


def short_tag(tag: str) -> str:
    return "!!" + tag[len(_TAG) :] if tag.startswith(_TAG) else tag


# YAML's printable set (1.1 § 5.1, as PyYAML's reader checks it), negated; compiled only for
# a file that breaks it, not at every start.
_NOT_PRINTABLE = "[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"


def line_col(text: str, index: int) -> Pos:
    before = text[:index]
    return Pos(before.count("\n") + 1, index - (before.rfind("\n") + 1) + 1)


def yaml_error(doc: Document, text: str, exc: yaml.YAMLError) -> Finding:
    """A PyYAML or libyaml error as the finding it is, where it is."""
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    if isinstance(exc, yaml.reader.ReaderError):
        # libyaml counts this position in bytes, the pure parser in characters: find the
        # character ourselves.
        bad = re.search(_NOT_PRINTABLE, text)
        index = bad.start() if bad else exc.position
        code = ord(text[index]) if index < len(text) else 0
        return control_character(code).at(doc, line_col(text, index))
    pos = Pos(mark.line + 1, mark.column + 1) if mark else Pos(1, 1)
    problem = getattr(exc, "problem", None) or str(exc)
    if "nesting depth" in problem:
        return nesting_deeper_than_yaml_reads(problem_words(problem) or problem).at(doc, pos)
    tab = _tab_at(text, pos) or "tab" in problem.lower()
    if tab:
        problem = _("a tab in indentation: YAML indents with spaces only")
    elif "single document" in f"{problem} {getattr(exc, 'context', '')}":
        return second_document().at(doc, pos)
    explained = _explain(text, pos, problem)
    if explained is not None:
        return explained[0].at(doc, explained[1])
    return invalid_yaml(problem if tab else _parsers_words(exc, problem, text, pos)).at(doc, pos)


def _parsers_words(exc: yaml.YAMLError, problem: str, text: str, pos: Pos) -> str:
    """What the parser found and where it was, in the reader's words; a text we do not
    know as the parser wrote it."""
    words = problem_words(problem, text, _index(text, pos)) or problem
    context = getattr(exc, "context", None)
    if not context:
        return words
    context_mark = getattr(exc, "context_mark", None)
    where = context_words(context, context_mark.line + 1 if context_mark else pos.line)
    if where is None:
        where = context
    return f"{words} ({where})" if where else words


def _index(text: str, pos: Pos) -> int | None:
    """Where `pos` stands in `text` (None: beyond its end)."""
    start = 0
    for _line in range(pos.line - 1):
        start = text.find("\n", start) + 1
        if start == 0:
            return None
    index = start + pos.column - 1
    return index if index <= len(text) else None


def _tab_at(text: str, pos: Pos) -> bool:
    lines = text.splitlines()
    if not 0 < pos.line <= len(lines):
        return False
    line = lines[pos.line - 1]
    return (
        "\t" in line[: len(line) - len(line.lstrip())] or line[pos.column - 1 : pos.column] == "\t"
    )


# What PyYAML says, read back into the mistake a plan author made. Each guess looks only at
# the lines around the error, and where it is unsure the parser's own words stand.

_KEY = re.compile(r"^( *)(- +)?([^\s#:'\"{\[][^:#]*?):(?: |$)")


def _explain(text: str, pos: Pos, problem: str) -> tuple[Problem, Pos] | None:
    lines = text.splitlines()
    quote = _unclosed_quote(lines, pos.line)
    if quote is not None:
        return quote
    if not 0 < pos.line <= len(lines):
        return None
    line = lines[pos.line - 1]
    if problem.startswith("mapping values are not allowed"):
        key = _KEY.match(line)
        if key is None:
            return None
        colon = key.end(3) + 1
        if pos.column > colon:
            return _colon_in_text(line, key), Pos(pos.line, key.end() + 1)
        return _misaligned(lines, pos.line, key.start(3) + 1)
    if problem.startswith("did not find expected '-' indicator"):
        key = _KEY.match(line)
        if key is None or key.group(2):
            return None
        column = key.start(3) + 1
        if _dash_column(lines, pos.line) == column:
            return missing_dash(column), Pos(pos.line, column)
        return _misaligned(lines, pos.line, column)
    return None


def _colon_in_text(line: str, key: re.Match[str]) -> Problem:
    value = line[key.end() :].split(" #")[0].strip()
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    return colon_in_text(f'{key.group(3)}: "{escaped}"')


def _misaligned(lines: list[str], number: int, column: int) -> tuple[Problem, Pos] | None:
    """The key above that this key's column is nearest to (and not equal to): the one it was
    meant to line up with."""
    best: tuple[int, int, str] | None = None
    for above in range(number - 1, 0, -1):
        found = _KEY.match(lines[above - 1])
        if found is None:
            continue
        other = found.start(3) + 1
        if other != column and (best is None or abs(other - column) < abs(best[1] - column)):
            best = (above, other, found.group(3).strip())
        if len(found.group(1)) + 1 < column - 4:
            break
    if best is None or abs(best[1] - column) > 2:
        return None
    return misaligned_key(best[2], best[0], best[1]), Pos(number, column)


def _dash_column(lines: list[str], number: int) -> int | None:
    """The column of the list items' "-" just above line `number`."""
    for above in range(number - 1, 0, -1):
        found = _KEY.match(lines[above - 1])
        if found is not None and found.group(2):
            return len(found.group(1)) + 1
    return None


def _unclosed_quote(lines: list[str], error_line: int) -> tuple[Problem, Pos] | None:
    """A quoted value opened on one line and closed only on the line of the error (or never):
    the quote the author forgot to close, at its opening."""
    opened: tuple[str, Pos] | None = None
    for number, line in enumerate(lines[:error_line], 1):
        if opened is None:
            key = _VALUE.match(line)
            if key is None or key.end() >= len(line) or line[key.end()] not in "\"'":
                continue
            quote, start = line[key.end()], key.end() + 1
            if _closes(line[start:], quote) is None:
                opened = (quote, Pos(number, start))
            continue
        if _closes(line, opened[0]) is not None:
            if number == error_line:
                return unclosed_quote(opened[0]), opened[1]
            opened = None
    return (unclosed_quote(opened[0]), opened[1]) if opened else None


_VALUE = re.compile(r"^ *(?:- +)*(?:[^\s#:'\"][^:#]*?: +)?")


def _closes(rest: str, quote: str) -> int | None:
    """Where `quote` closes in `rest`, the text after the opening one (None: not here)."""
    index = 0
    while index < len(rest):
        char = rest[index]
        if quote == '"' and char == "\\":
            index += 2
            continue
        if char == quote:
            if quote == "'" and rest[index + 1 : index + 2] == "'":
                index += 2
                continue
            return index
        index += 1
    return None
