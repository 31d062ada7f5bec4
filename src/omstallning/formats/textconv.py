"""`omst textconv`: a plan file as git diff shows it with omst as its textconv driver."""

from __future__ import annotations

from collections.abc import Iterator

from ..analyses.entries import all_entries
from ..i18n import _
from ..model.plans import Plans
from .names import kind_name


def lines(plans: Plans) -> Iterator[str]:
    """One line per field, each starting with its item's ID: what git diff shows with omst
    as a textconv driver, so that a changed line names the item it belongs to."""
    for entry in all_entries(plans):
        # A förvaltning's status names what it reports on, so a changed point shows it.
        about = f" {entry.about}" if entry.about and entry.period else ""
        for name, value in entry.fields.items():
            yield (f"{entry.id} [{kind_name(entry.kind)}{about}] {name}: {' '.join(value.split())}")
    if plans.vp:
        link_word = _("link")
        for stream in plans.vp.streams:
            for source, link in stream.all_links():
                reason = f" ({' '.join(link.reason.split())})" if link.reason else ""
                yield f"{source} [{link_word}] → {link.target}{reason}"


def text(plans: Plans) -> str:
    return "".join(f"{line}\n" for line in lines(plans))
