"""What stops a command before it is done, as values the CLI maps to exit codes in one place
(cli/app.py `handled`): something the user must fix, never a bug."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .findings import Finding


class UsageError(Exception):
    """A missing plan directory, an unreadable file, an unknown revision or ID, a file that
    cannot be written: exit 2."""


class InvalidPlans(Exception):
    """Plans with errors, where the command needs them without: exit 1, the errors shown."""

    def __init__(self, errors: list[Finding], label: str | None, whole: bool) -> None:
        where = f" at {label}" if label else ""
        what = (
            f"have {len(errors)} error(s)"
            if whole
            else f"do not pass the schema ({len(errors)} error(s))"
        )
        super().__init__(f"the plans{where} {what}; fix them first (omst validate)")
        self.errors = errors


def did_you_mean(word: str, candidates: Iterable[str], cutoff: float = 0.5) -> str:
    """ "; did you mean A, B?" with the candidates closest to `word`, or "" when none is."""
    import difflib  # only when an ID is unknown: --help and validate never pay for it

    close = difflib.get_close_matches(word, sorted(set(candidates)), n=3, cutoff=cutoff)
    return f"; did you mean {', '.join(close)}?" if close else ""
