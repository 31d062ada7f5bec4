"""The codes found while reading a plan file (OMST002–OMST009), each message written once,
and PyYAML's errors mapped to them. `omst validate --list-checks` lists `YAML_CODES`.

Both builders (builders.py) and the entry point (yamlfile.py) say what they find through
the functions here, so that the same problem reads the same wherever it is found.
"""

from __future__ import annotations

import re
from typing import NamedTuple

import yaml

from .document import Document, Pos
from .findings import Finding, Severity
from .limits import format_size

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
    return Problem("OMST002", "binary file (NUL byte): a plan file is UTF-8 text")


def not_utf8(byte: int) -> Problem:
    return Problem("OMST002", f"not UTF-8 text (byte 0x{byte:02x}): save the file as UTF-8")


# OMST003: no document


def empty_file() -> Problem:
    return Problem("OMST003", "file is empty: a plan file holds one YAML mapping")


# OMST004: not YAML, or not plain data


def invalid_yaml(problem: str) -> Problem:
    return Problem("OMST004", f"invalid YAML: {problem}")


def control_character(code: int) -> Problem:
    return Problem("OMST004", f"control character U+{code:04X} is not allowed in YAML")


def key_not_text() -> Problem:
    return Problem("OMST004", "a key must be plain text, not a list or mapping")


def not_valid_as_tagged(value: str, tag: str) -> Problem:
    return Problem("OMST004", f"'{value}' is not a valid {short_tag(tag)}")


# OMST005: duplicate key


def duplicate_key(key: str, first_line: int) -> Problem:
    return Problem(
        "OMST005",
        f"duplicate key '{key}' (first at line {first_line}); YAML would silently keep "
        "only the last one",
    )


# OMST006: tags that are not plain data


def tag_not_allowed(tag: str) -> Problem:
    return Problem(
        "OMST006",
        f"the tag {short_tag(tag)} is not allowed in a plan file: plans hold only text, "
        "lists and mappings",
    )


def merge_key() -> Problem:
    return Problem(
        "OMST006", "merge keys (<<) are not supported in plan files: write the entries out"
    )


# OMST007: limits


def nesting_deeper_than(levels: int, aliased: bool = False) -> Problem:
    return Problem(
        "OMST007",
        f"nesting is deeper than {levels} levels" + (" (a recursive alias)" if aliased else ""),
    )


def nesting_deeper_than_yaml_reads(problem: str) -> Problem:
    return Problem("OMST007", f"nesting is deeper than YAML reads ({problem})")


def nesting_too_deep_to_read() -> Problem:
    """Python's own stack ran out (the pure parser, or a builder)."""
    return Problem("OMST007", "nesting is too deep to read")


def alias_bomb(nodes: int) -> Problem:
    return Problem("OMST007", f"aliases expand to more than {nodes} nodes (an alias bomb?)")


def file_too_large(size: int | None, limit: int) -> Problem:
    """`size` where it is known (None: only that more than `limit` bytes were read)."""
    known = f" ({format_size(size)})" if size is not None else ""
    return Problem(
        "OMST007",
        f"file is larger than {format_size(limit)}{known}; raise the limit "
        "with --max-file-size or OMST_MAX_FILE_SIZE",
    )


def too_many_digits(digits: int, limit: int) -> Problem:
    return Problem(
        "OMST007", f"a number of {digits} digits: omst reads numbers of at most {limit} digits"
    )


def not_finite(value: str) -> Problem:
    shown = value if len(value) <= 24 else value[:23] + "…"
    return Problem(
        "OMST007",
        f"'{shown}' is not a finite number: NaN and infinity are not allowed; write a number "
        "such as 16.3 (or quote it, if text is meant)",
    )


# OMST008: one document per file


def second_document() -> Problem:
    return Problem("OMST008", "a second YAML document ('---'): a plan file holds one document")


# OMST009: what YAML 1.1 would read as something else


def yaml11_reading(value: str, kind: str, is_key: bool) -> Problem:
    what = "key" if is_key else "value"
    return Problem(
        "OMST009",
        f"{what} '{value}' is read as text here, but YAML 1.1 tools read it as {kind}: "
        f'quote it ("{value}")',
    )


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
        return nesting_deeper_than_yaml_reads(problem).at(doc, pos)
    if _tab_at(text, pos) or "tab" in problem.lower():
        problem = "a tab in indentation: YAML indents with spaces only"
    elif "single document" in f"{problem} {getattr(exc, 'context', '')}":
        return second_document().at(doc, pos)
    context = getattr(exc, "context", None)
    if context and "tab" not in problem:
        problem = f"{problem} ({context})"
    return invalid_yaml(problem).at(doc, pos)


def _tab_at(text: str, pos: Pos) -> bool:
    lines = text.splitlines()
    if not 0 < pos.line <= len(lines):
        return False
    line = lines[pos.line - 1]
    return (
        "\t" in line[: len(line) - len(line.lstrip())] or line[pos.column - 1 : pos.column] == "\t"
    )
