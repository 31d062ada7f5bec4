"""What stops a command before it is done, as values the CLI maps to exit codes in one place
(cli/app.py `handled`): something the user must fix, never a bug."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from ..i18n import _

if TYPE_CHECKING:
    from .findings import Finding


class UsageError(Exception):
    """A missing plan directory, an unreadable file, an unknown revision or ID, a file that
    cannot be written: exit 2."""


class InvalidPlans(Exception):
    """Plans with errors, where the command needs them without: exit 1, the errors shown.
    `broken`: the IDs of the items that could not be built (a page marks them where they
    stood)."""

    def __init__(
        self,
        errors: list[Finding],
        label: str | None,
        whole: bool,
        broken: frozenset[str] = frozenset(),
    ) -> None:
        if whole:
            message = _("the plans have {count} error(s); fix them first (omst validate)")
        else:
            message = _(
                "the plans do not pass the schema ({count} error(s)); fix them first "
                "(omst validate)"
            )
        if label:
            message = _("{label}: {message}").format(label=label, message=message)
        super().__init__(message.format(count=len(errors)))
        self.errors = errors
        self.broken = broken


def did_you_mean(word: str, candidates: Iterable[str], cutoff: float = 0.5) -> str:
    """ "; did you mean A, B?" with the candidates closest to `word`, or "" when none is."""
    import difflib  # only when an ID is unknown: --help and validate never pay for it

    close = difflib.get_close_matches(word, sorted(set(candidates)), n=3, cutoff=cutoff)
    return _("; did you mean {ids}?").format(ids=", ".join(close)) if close else ""
