"""Plan text as literal Markdown, shared by the tables and the document templates."""

from __future__ import annotations

import re

from .safe import one_line

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|#~&])")


# GitHub and GitLab turn "@name" into a mention, "#12" and "GH-12" into links to issues, even
# in escaped text: a word joiner (U+2060, invisible) after the sign keeps them plain text.
_REFERENCE = re.compile(r"(?<![\w/])([@#!])(?=\w)|(?<!\w)(GH)(?=-\d)", re.IGNORECASE)
WORD_JOINER = "\u2060"


def no_references(text: str) -> str:
    """Text in which no @mention, #12 or GH-12 reaches the reader's platform as a link."""
    return _REFERENCE.sub(lambda m: (m.group(1) or m.group(2)) + WORD_JOINER, text)


def md_escape(text: object) -> str:
    """Plan text as literal Markdown: no emphasis, links, HTML, mentions or issue references
    sneak in from a plan, no line break ends a table row, and no control character reaches a
    terminal that shows the file."""
    return no_references(_MD_SPECIAL.sub(r"\\\1", one_line(" ".join(str(text).split()))))


def html_text(text: object) -> str:
    """Plan text inside HTML that a Markdown page holds (a `<summary>`): `&`, `<` and `>`
    escaped, quotes left as they are (an entity such as `&#39;` shows as itself once a
    reference guard breaks it), on one line, so no blank line ends the HTML block."""
    import html

    return no_references(html.escape(one_line(" ".join(str(text).split())), quote=False))
