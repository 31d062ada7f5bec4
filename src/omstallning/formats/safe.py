"""Text from plans, file names and git, neutralised for where it goes: a terminal, a line of
a log, a spreadsheet, XML, a URI. What a plan says stays data there: never a command to the
terminal, a line of its own, a formula or markup.

Each function keeps text that needs nothing as it is, so output without such characters is
unchanged byte for byte."""

from __future__ import annotations

import re
from typing import Any, TypeVar
from urllib.parse import quote

T = TypeVar("T")

# C0 and C1 control characters, DEL, and the Unicode line and paragraph separators: what a
# terminal acts on, or str.splitlines() and a log viewer take for a line break.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _shown(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    return _NAMED.get(char, f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")


def one_line(text: str) -> str:
    """Every control character and line separator shown as an escape (`\\x1b`, `\\n`): one
    line of a log or a terminal, whatever it quotes."""
    return _CONTROL.sub(_shown, text) if _CONTROL.search(text) else text


def visible(text: str, keep: str = "\t\n") -> str:
    """Control characters shown as escapes, but for the line breaks and tabs in `keep`: text
    in a terminal's table or a document may wrap, but no escape sequence in it acts (clears
    the screen, sets the title, fakes a link)."""
    if not _CONTROL.search(text):
        return text
    return _CONTROL.sub(lambda m: m.group() if m.group() in keep else _shown(m), text)


def visible_all(value: Any) -> Any:
    """`visible` on every string of nested dicts, lists and tuples (what a terminal writer
    prints), the structure kept."""
    if isinstance(value, str):
        return visible(value)
    if isinstance(value, dict):
        return {k: visible_all(v) for k, v in value.items()}
    if isinstance(value, list):
        return [visible_all(v) for v in value]
    if isinstance(value, tuple):
        items = [visible_all(v) for v in value]
        return type(value)(*items) if hasattr(value, "_fields") else tuple(items)
    return value


# XML 1.0 allows no C0 control but tab, line feed and carriage return, no lone surrogate and
# neither U+FFFE nor U+FFFF; C1 controls it allows, but a CI log shows them to a terminal.
_NOT_XML = re.compile("[\ud800-\udfff\ufffe\uffff]")


def xml_text(text: str) -> str:
    """One line that XML 1.0 can hold: what it forbids, and every control character, shown
    as an escape. Markup is still to be escaped (xml.sax.saxutils)."""
    text = one_line(text)
    return (
        _NOT_XML.sub(lambda m: f"\\u{ord(m.group()):04x}", text) if _NOT_XML.search(text) else text
    )


# A spreadsheet takes a cell that starts with one of these for a formula (OWASP, "CSV
# Injection"): `=HYPERLINK(…)`, `+cmd|' /C calc'!A0`, `-2+3`, `@SUM(…)`.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: T) -> T | str:
    """A text cell that a spreadsheet would run as a formula, with a leading `'` (the
    spreadsheet then shows it as text). Numbers omst counts or reads are written as they are:
    they are not text, and `-3` is a number there, not a formula."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def uri_path(path: str) -> str:
    """A relative path as a URI reference (RFC 3986): every character but the unreserved
    ones and `/` percent-encoded, so that a space, `#` or `%` in a file name stays part of the
    path. A name that is not UTF-8 (held as surrogate escapes) is encoded as its bytes."""
    try:
        return quote(path, safe="/", errors="surrogateescape")
    except UnicodeEncodeError:
        return quote(path, safe="/", errors="backslashreplace")
