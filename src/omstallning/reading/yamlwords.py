"""What PyYAML and libyaml say is wrong with a file, in the reader's words.

Each problem and context text the parsers can give while omst composes a plan stands here
with our message: PyYAML's pure scanner, parser and composer as their source writes them
(`%r` where they put in a character, a name or a token) and libyaml's, which omst uses
where it is installed and whose texts carry no value: where a message needs one, it is read
from the file at the mark. PyYAML's constructor never runs (builders.py builds the data),
so none of its texts can occur. A text not known here (a newer parser's) is shown as the
parser wrote it; tests/test_yaml_words.py fails when the installed PyYAML has one.

`yamlerrors.yaml_error` finds the tab, the second document and too deep nesting itself
(HANDLED), and reads colons, indentation and quotes back into the author's mistake before
it comes here.
"""

from __future__ import annotations

import ast
import re

from ..i18n import N_, _

# PyYAML's problem texts, then libyaml's, with our words. A placeholder stands for the
# value of the `%r` (or `%d`) at the same place in order.
PROBLEMS: dict[str, str] = {
    # the scanner
    "found character %r that cannot start any token": N_(
        'a value cannot begin with {char}: put the whole text in double quotes ("…")'
    ),
    "found character that cannot start any token": N_(
        'a value cannot begin with {char}: put the whole text in double quotes ("…")'
    ),
    "could not find expected ':'": N_(
        "a key without ':' after it: write 'key: value', or, if the line continues the text "
        "above, indent it further than that text's key"
    ),
    "sequence entries are not allowed here": N_(
        'a list item ("- ") cannot stand here: start it on a line of its own, indented under '
        "its key"
    ),
    "block sequence entries are not allowed in this context": N_(
        'a list item ("- ") cannot stand here: start it on a line of its own, indented under '
        "its key"
    ),
    "mapping keys are not allowed here": N_(
        "a '?' cannot stand here: put the text in double quotes"
    ),
    "mapping keys are not allowed in this context": N_(
        "a '?' cannot stand here: put the text in double quotes"
    ),
    "mapping values are not allowed here": N_(
        "a colon followed by a space cannot stand here: put the text in double quotes, or line "
        "the key up with the keys above it"
    ),
    "mapping values are not allowed in this context": N_(
        "a colon followed by a space cannot stand here: put the text in double quotes, or line "
        "the key up with the keys above it"
    ),
    "found unexpected ':'": N_(
        "a colon cannot stand here inside [ ] or {{ }}: put the text in double quotes"
    ),
    "expected alphabetic or numeric character, but found %r": N_(
        "expected a letter or a digit, found {char}"
    ),
    "did not find expected alphabetic or numeric character": N_(
        "expected a letter or a digit, found {char}"
    ),
    "found unexpected non-alphabetical character": N_("expected a letter or a digit, found {char}"),
    "expected a digit or '.', but found %r": N_("expected a digit or '.', found {char}"),
    "did not find expected digit or '.' character": N_("expected a digit or '.', found {char}"),
    "expected a digit or ' ', but found %r": N_("expected a digit or a space, found {char}"),
    "expected a digit, but found %r": N_("expected a digit, found {char}"),
    "did not find expected version number": N_("expected a digit, found {char}"),
    "found extremely long version number": N_("the version number is too long"),
    "expected ' ', but found %r": N_("expected a space, found {char}"),
    "did not find expected whitespace": N_("expected a space, found {char}"),
    "did not find expected whitespace or line break": N_(
        "expected a space or the end of the line, found {char}"
    ),
    "expected a comment or a line break, but found %r": N_(
        "only a comment (#) may follow on this line, found {char}: start the text on the next line"
    ),
    "did not find expected comment or line break": N_(
        "only a comment (#) may follow on this line, found {char}: start the text on the next line"
    ),
    "found unknown directive name": N_("YAML knows no such directive"),
    "could not find expected directive name": N_("expected a directive's name, found {char}"),
    "expected '>', but found %r": N_("a tag that begins with !< ends with >, found {char}"),
    "did not find the expected '>'": N_("a tag that begins with !< ends with >, found {char}"),
    "expected '!', but found %r": N_("expected '!', found {char}"),
    "did not find expected '!'": N_("expected '!', found {char}"),
    "expected URI, but found %r": N_("expected the tag's name, found {char}"),
    "did not find expected tag URI": N_("expected the tag's name, found {char}"),
    "expected URI escape sequence of 2 hexadecimal numbers, but found %r": N_(
        "in a tag, each '%' is followed by two hexadecimal digits, found {char}"
    ),
    "did not find URI escaped octet": N_(
        "in a tag, each '%' is followed by two hexadecimal digits, found {char}"
    ),
    # PyYAML's own: str() of the UnicodeDecodeError its tag's %-escapes raise
    "%r codec can't decode byte %s in position %d: %s": N_(
        "the '%' escapes in a tag are not UTF-8"
    ),
    "found an incorrect leading UTF-8 octet": N_("the '%' escapes in a tag are not UTF-8"),
    "found an incorrect trailing UTF-8 octet": N_("the '%' escapes in a tag are not UTF-8"),
    "expected indentation indicator in the range 1-9, but found 0": N_(
        "after | or > an indentation is a digit from 1 to 9, not 0"
    ),
    "found an indentation indicator equal to 0": N_(
        "after | or > an indentation is a digit from 1 to 9, not 0"
    ),
    "expected chomping or indentation indicators, but found %r": N_(
        "after | or > only +, - or a digit may follow, found {char}: start the text on the next "
        "line"
    ),
    "found unknown escape character %r": N_(
        "a backslash followed by {char} is not allowed in double quotes: write \\\\ for a "
        "backslash, or use single quotes ('…')"
    ),
    "found unknown escape character": N_(
        "a backslash followed by {char} is not allowed in double quotes: write \\\\ for a "
        "backslash, or use single quotes ('…')"
    ),
    "expected escape sequence of %d hexadecimal numbers, but found %r": N_(
        "in double quotes, \\x, \\u or \\U is followed by {length} hexadecimal digits, found "
        "{char}: write \\\\ for a backslash, or use single quotes ('…')"
    ),
    "did not find expected hexdecimal number": N_(
        "in double quotes, \\x, \\u or \\U is followed by hexadecimal digits, found {char}: "
        "write \\\\ for a backslash, or use single quotes ('…')"
    ),
    "found invalid Unicode character escape code": N_(
        "the number after \\u or \\U is not a character: write \\\\ for a backslash, or use "
        "single quotes ('…')"
    ),
    "found unexpected end of stream": N_(
        "the file ends inside a quoted text: end the text with its quote"
    ),
    "found unexpected document separator": N_(
        "a line '---' or '...' inside a quoted text: end the text with its quote before it"
    ),
    "found unexpected document indicator": N_(
        "a line '---' or '...' inside a quoted text: end the text with its quote before it"
    ),
    # the parser
    "expected '<document start>', but found %r": N_(
        "expected a line '---' after the lines that begin with %, found {found}"
    ),
    "did not find expected <document start>": N_(
        "expected a line '---' after the lines that begin with %"
    ),
    "found duplicate YAML directive": N_("the line %YAML stands twice: remove one"),
    "found duplicate %YAML directive": N_("the line %YAML stands twice: remove one"),
    "found incompatible YAML document (version 1.* is required)": N_(
        "the line %YAML names a version other than 1.x: remove the line"
    ),
    "found incompatible YAML document": N_(
        "the line %YAML names a version other than 1.x: remove the line"
    ),
    "duplicate tag handle %r": N_("a line %TAG for {handle} stands twice: remove one"),
    "found duplicate %TAG directive": N_("a line %TAG for the same tag stands twice: remove one"),
    "found undefined tag handle %r": N_(
        "the tag {handle} is not declared: a text that begins with ! must be in double quotes"
    ),
    "found undefined tag handle": N_(
        "the tag {handle} is not declared: a text that begins with ! must be in double quotes"
    ),
    "expected the node content, but found %r": N_(
        "expected a value, found {found}: write the value, or put the text in double quotes"
    ),
    "did not find expected node content": N_(
        "expected a value here: write the value, or put the text in double quotes"
    ),
    "expected <block end>, but found %r": N_(
        "{found} stands where a line at the indentation of the lines above was expected: check "
        "this line's indentation, and that a quoted text ends at its closing quote"
    ),
    "did not find expected key": N_(
        "a key at the indentation of the lines above was expected here: check this line's "
        "indentation, and that a quoted text ends at its closing quote"
    ),
    "did not find expected '-' indicator": N_(
        'a list item ("- ") at the indentation of the items above was expected here: start '
        'the line with "- ", or check its indentation'
    ),
    "expected ',' or ']', but got %r": N_(
        "expected ',' or ']' in a list in brackets, found {found}: end the list with ] (and put "
        "a text with a comma or a colon in double quotes)"
    ),
    "did not find expected ',' or ']'": N_(
        "expected ',' or ']' in a list in brackets: end the list with ] (and put a text with a "
        "comma or a colon in double quotes)"
    ),
    "expected ',' or '}', but got %r": N_(
        "expected ',' or '}}' in a mapping in braces, found {found}: end it with }} (and put "
        "a "
        "text with a comma or a colon in double quotes)"
    ),
    "did not find expected ',' or '}'": N_(
        "expected ',' or '}}' in a mapping in braces: end it with }} (and put a text with a "
        "comma "
        "or a colon in double quotes)"
    ),
    # the composer
    "found undefined alias %r": N_(
        "*{alias} refers to no anchor &{alias} above it: a text that begins with * must be in "
        "double quotes"
    ),
    "found undefined alias": N_(
        "*{alias} refers to no anchor &{alias} above it: a text that begins with * must be in "
        "double quotes"
    ),
    "second occurrence": N_(
        "the anchor &{anchor} stands twice: give each anchor a name of its own"
    ),
    # libyaml's limit (yaml_error makes it OMST007)
    "exceeded maximum nesting depth": N_("the parser's own limit"),
}

# Where the parser was when it found the problem (PyYAML's texts with their `%s` filled
# in, then libyaml's); {line} is the line it started on. Nothing for what says no more than
# the location does.
CONTEXTS: dict[str, str] = {
    "while scanning for the next token": "",
    "while scanning a simple key": N_("in the key on line {line}"),
    "while scanning a double-quoted scalar": N_("in the quoted text that begins on line {line}"),
    "while scanning a quoted scalar": N_("in the quoted text that begins on line {line}"),
    "while parsing a quoted scalar": N_("in the quoted text that begins on line {line}"),
    "while scanning a plain scalar": N_("in the text that begins on line {line}"),
    "while scanning a block scalar": N_("in the text after | or > on line {line}"),
    "while scanning a directive": N_(
        "on line {line}, which begins with % and so is a YAML directive: put such a text in "
        "double quotes"
    ),
    "while parsing a directive": N_(
        "on line {line}, which begins with % and so is a YAML directive: put such a text in "
        "double quotes"
    ),
    "while scanning a %YAML directive": N_(
        "on line {line}, which begins with % and so is a YAML directive: put such a text in "
        "double quotes"
    ),
    "while scanning a %TAG directive": N_(
        "on line {line}, which begins with % and so is a YAML directive: put such a text in "
        "double quotes"
    ),
    "while parsing a %TAG directive": N_(
        "on line {line}, which begins with % and so is a YAML directive: put such a text in "
        "double quotes"
    ),
    "while scanning a tag directive": N_(
        "on line {line}, which begins with % and so is a YAML directive: put such a text in "
        "double quotes"
    ),
    "while parsing a tag directive": N_(
        "on line {line}, which begins with % and so is a YAML directive: put such a text in "
        "double quotes"
    ),
    "while scanning an anchor": N_(
        "in the anchor (&) on line {line}: a text that begins with & must be in double quotes"
    ),
    "while scanning an alias": N_(
        "in the alias (*) on line {line}: a text that begins with * must be in double quotes"
    ),
    "while scanning a tag": N_(
        "in the tag (!) on line {line}: a text that begins with ! must be in double quotes"
    ),
    "while parsing a tag": N_(
        "in the tag (!) on line {line}: a text that begins with ! must be in double quotes"
    ),
    "while parsing a node": N_("in the value on line {line}"),
    "while parsing a block node": N_("in the value on line {line}"),
    "while parsing a flow node": N_("in the value on line {line}"),
    "while parsing a block collection": N_("in the list that begins on line {line}"),
    "while parsing a block mapping": N_("among the keys that begin on line {line}"),
    "while parsing a flow sequence": N_("in the list [ … ] that begins on line {line}"),
    "while parsing a flow mapping": N_("in the {{ … }} that begins on line {line}"),
    "found duplicate anchor %r; first occurrence": N_("the first on line {line}"),
    "found duplicate anchor; first occurrence": N_("the first on line {line}"),
}

# Found by yaml_error before it asks for words, each with a finding of its own: a second
# document (OMST008), the context of nesting deeper than the parser reads (OMST007), a tab
# (OMST004).
HANDLED = frozenset(
    {
        "expected a single document in the stream",
        "but found another document",
        "while increasing block level",
        "while increasing flow level",
        "found a tab character where an indentation space is expected",
        "found a tab character that violates indentation",
    }
)

# What PyYAML names by its token, in the reader's words.
_TOKENS = {
    "<stream end>": N_("the end of the file"),
    "<directive>": N_("a line that begins with %"),
    "<document start>": N_("a line '---'"),
    "<document end>": N_("a line '...'"),
    "<block sequence start>": N_("a list"),
    "<block mapping start>": N_("a key"),
    "<block end>": N_("the end of an indented part"),
    "<alias>": N_("an alias (*)"),
    "<anchor>": N_("an anchor (&)"),
    "<tag>": N_("a tag (!)"),
    "<scalar>": N_("a text"),
}

_LINE_ENDS = "\r\n\x85\u2028\u2029"


def _placeholder(template: str) -> re.Pattern[str]:
    pattern = re.escape(template).replace("%r", "(.+)").replace("%s", "(.+)")
    return re.compile(pattern.replace("%d", r"(\d+)"))


_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (_placeholder(template), message) for template, message in PROBLEMS.items()
]
_CONTEXT_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (_placeholder(template), message) for template, message in CONTEXTS.items()
]


def _char(ch: str) -> str:
    """A character as a plan author can see it: quoted, or named where it is invisible."""
    if ch in ("", "\0"):
        return _("the end of the file")
    if ch in _LINE_ENDS:
        return _("the end of the line")
    if ch == "\t":
        return _("a tab")
    if ch == " ":
        return _("a space")
    return f"'{ch}'"


def _literal(shown: str) -> str:
    """The value PyYAML put in with %r, as it was."""
    try:
        value = ast.literal_eval(shown)
    except (ValueError, SyntaxError):
        return shown
    return str(value)


_NAME_AT = re.compile(r"[&*]?([^\s,\[\]{}]*)")  # an anchor's or alias's name at & or *
_HANDLE_AT = re.compile(r"!([\w-]*!)?")
_AS_WRITTEN = frozenset({"alias", "anchor", "handle", "length"})


def _given(name: str, value: str) -> str:
    """A value PyYAML put in, as our message shows it: a name as written, a token or a
    character in words."""
    if name in _AS_WRITTEN:
        return value
    if value in _TOKENS:
        return _(_TOKENS[value])
    return _char(value) if len(value) <= 1 else value


def _from_file(name: str, text: str, index: int | None) -> str:
    """A placeholder's value read from the file at the problem mark (libyaml gives none)."""
    if index is None:
        return _("(unknown)")
    if name == "char":
        return _char(text[index : index + 1])
    if name in ("alias", "anchor"):
        found = _NAME_AT.match(text, index)
        return found[1] if found else ""
    found = _HANDLE_AT.match(text, index)
    return found[0] if found else "!"


def problem_words(problem: str, text: str = "", index: int | None = None) -> str | None:
    """Our words for a parser's problem text (None: a text we do not know). `index` is where
    in `text` the parser marked it."""
    for pattern, message in _PATTERNS:
        found = pattern.fullmatch(problem)
        if found is None:
            continue
        given = [_literal(v) for v in found.groups()]
        at = _escape_index(problem, text, index)
        values = {
            name: _given(name, given[n]) if n < len(given) else _from_file(name, text, at)
            for n, name in enumerate(dict.fromkeys(re.findall(r"\{(\w+)\}", message)))
        }
        return _(message).format(**values)
    return None


_ESCAPES = {
    # libyaml marks these at the escape's start, PyYAML at the character that breaks it
    "found unknown escape character": "\\",
    "did not find expected hexdecimal number": "0123456789abcdefABCDEF",
    "did not find URI escaped octet": "%0123456789abcdefABCDEF",
}


def _escape_index(problem: str, text: str, index: int | None) -> int | None:
    """Where the character that breaks an escape stands, for libyaml's mark at its start."""
    skip = _ESCAPES.get(problem)
    if index is None or skip is None:
        return index
    while index < len(text) and text[index] in skip:
        index += 1
    return index


def context_words(context: str, line: int) -> str | None:
    """Our words for where the parser was (None: a text we do not know; "" nothing to add
    to the location)."""
    for pattern, message in _CONTEXT_PATTERNS:
        if pattern.fullmatch(context):
            return _(message).format(line=line) if message else ""
    return None
