"""Plan text as literal Markdown, shared by the tables and the document templates."""

from __future__ import annotations

import re

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|#~&])")


def md_escape(text: object) -> str:
    """Plan text as literal Markdown: no emphasis, links or HTML sneak in from a plan."""
    return _MD_SPECIAL.sub(r"\\\1", " ".join(str(text).split()))
