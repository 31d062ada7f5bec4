"""Plan text made short for one-line places: table cells and messages."""

from __future__ import annotations


def clip(text: str, width: int) -> str:
    """One line of at most `width` characters."""
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"
