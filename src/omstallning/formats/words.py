"""The words people read that more than one format shows: labels of the follow-up's lights
and gaps, of periods and owners' roles, and numbers written the Swedish way.

Analyses hand over codes (`uppnas`, `current`, `strategisk_agare`); this is where they
become words. A report family's own titles and legends are in its module.

Two vocabularies. `SWEDISH` is the region's, fixed: the inriktningsdokument (`omst render`)
is the region's Swedish document, and a JSON payload's labels are values a script may match,
so both keep these words whatever the reader's language. `reader()` is the same words through
the catalogue, for what a person reads in a terminal, a table, a workbook or a web page; in
Swedish it is word for word `SWEDISH`.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..i18n import N_, _, number
from ..model.followup import LIGHT_SYMBOLS, LIGHT_WORDS, LIGHTS, light_text, light_word


@dataclass(frozen=True)
class Words:
    gap: str
    reported: str
    lights: dict[str, str]


SWEDISH = Words(gap="✗ saknas", reported="○ rapporterad", lights=LIGHT_WORDS)
GAP = SWEDISH.gap
REPORTED = SWEDISH.reported


def reader() -> Words:
    """The words in the reader's language, looked up when shown (`i18n.use` switches them)."""
    return Words(
        gap="✗ " + _("missing"),
        reported="○ " + _("reported"),
        lights={code: light_word(code) for code in LIGHT_WORDS},
    )


# A light as the tertial form's dropdown words it, for a reader who compares with the form
# (omst diff, the workbook); in Swedish word for word the dropdown's (reading.form.ASSESSMENTS).
_ASSESSMENTS = {
    "uppnas": N_("The goal will be achieved"),
    "delvis": N_("The goal will be partly achieved"),
    "ej": N_("The goal will not be achieved"),
}


def assessment(light: str | None) -> str:
    """A light (or none: answered without one) in the form's words, in the reader's language."""
    return _(_ASSESSMENTS[light]) if light in _ASSESSMENTS else _("Not assessed")


# The document's words only (the period's status, an owner's role): fixed Swedish.
PERIOD_STATUS = {"past": "passerad", "current": "aktuell", "ahead": "kommande", "vision": "vision"}

OWNER_ROLES = {
    "strategisk_agare": "Strategiskt ansvar/ägare",
    "uppdragsansvarig": "Uppdragsansvarig",
    "ansvariga": "Ansvar",
}


def decimal(value: float | None) -> str:
    """A number of the Swedish document (and its charts) with a decimal comma, whatever the
    reader's language; None is empty."""
    return number(value, "sv")


def light_label(light: str | None, words: Words | None = None) -> str:
    """A light as shape and word, never colour alone; a report without one says so. In the
    reader's language unless `words` says otherwise."""
    w = words or reader()
    return f"{LIGHT_SYMBOLS[light]} {w.lights[light]}" if light else w.reported


def cell_mark(reported: bool, light: str | None, words: Words | None = None) -> str:
    """A follow-up cell's light, or the gap where nothing is reported."""
    w = words or reader()
    return light_label(light, w) if reported else w.gap


def cell_label(
    reported: bool, light: str | None, period: object | None, words: Words | None = None
) -> str:
    """A follow-up cell as one text: its mark and the tertial it was reported for."""
    w = words or reader()
    if not reported:
        return w.gap
    return f"{light_label(light, w)}{f' ({period})' if period else ''}"


def light_legend() -> str:
    """What each mark of the follow-up means, in the region's own words."""
    w = reader()
    marks = "; ".join(f"{LIGHT_SYMBOLS[k]} {w.lights[k]}: {light_text(k)}" for k in LIGHTS)
    return _(
        "Goal attainment: {marks}; {reported}: report without an assessment; {gap}: no report."
    ).format(marks=marks, reported=w.reported, gap=w.gap)
