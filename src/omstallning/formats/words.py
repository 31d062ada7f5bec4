"""The words people read that more than one format shows: labels of the follow-up's lights
and gaps, of periods and owners' roles, and numbers written the Swedish way.

Analyses hand over codes (`uppnas`, `current`, `strategisk_agare`); this is where they
become words. A report family's own titles and legends are in its module."""

from __future__ import annotations

from ..model.followup import LIGHT_SYMBOLS, LIGHT_WORDS, LIGHTS

GAP = "✗ saknas"
REPORTED = "○ rapporterad"

PERIOD_STATUS = {"past": "passerad", "current": "aktuell", "ahead": "kommande", "vision": "vision"}

OWNER_ROLES = {
    "strategisk_agare": "Strategiskt ansvar/ägare",
    "uppdragsansvarig": "Uppdragsansvarig",
    "ansvariga": "Ansvar",
}


def decimal(value: float | None) -> str:
    """A number with a decimal comma, as short as it is exact to six digits; None is empty."""
    return "" if value is None else f"{value:g}".replace(".", ",")


def light_label(light: str | None) -> str:
    """A light as shape and word, never colour alone; a report without one says so."""
    return f"{LIGHT_SYMBOLS[light]} {LIGHT_WORDS[light]}" if light else REPORTED


def cell_mark(reported: bool, light: str | None) -> str:
    """A follow-up cell's light, or the gap where nothing is reported."""
    return light_label(light) if reported else GAP


def cell_label(reported: bool, light: str | None, period: object | None) -> str:
    """A follow-up cell as one text: its mark and the tertial it was reported for."""
    if not reported:
        return GAP
    return f"{light_label(light)}{f' ({period})' if period else ''}"


def light_legend() -> str:
    """What each mark of the follow-up means, in the region's own words."""
    return (
        "Måluppfyllelse: "
        + "; ".join(f"{LIGHT_SYMBOLS[k]} {LIGHT_WORDS[k]}: {v}" for k, v in LIGHTS.items())
        + f"; {REPORTED}: rapport utan bedömning; {GAP}: ingen rapport."
    )
