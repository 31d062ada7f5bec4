"""Plan text as literal Markdown, shared by the tables and the document templates."""

from __future__ import annotations

import re

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
    sneak in from a plan, and no line break ends a table row."""
    return no_references(_MD_SPECIAL.sub(r"\\\1", " ".join(str(text).split())))
