"""Checks of texts: none empty, none repeated where it would be one item twice, no placeholders."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from itertools import accumulate

from ..i18n import _
from ..model.plans import Loc, Plans
from ..model.text import clip
from ..reading.findings import Finding
from ..reading.places import where
from .registry import at, check


@check("OMST207", "error")
def check_no_empty_text(plans: Plans) -> Iterator[Finding]:
    """No text is empty or only white space.

    FAIL: `text: ""` or `"2023": " "`.
    """
    for doc in plans.docs:
        for path, value in doc.texts:
            # A transcribed table's empty cell is the slide's empty cell, not a lost text.
            if not value.strip() and "rader" not in path:
                pos = doc.pos(path)
                yield at(
                    Loc(doc.path, pos.line, pos.column),
                    "OMST207",
                    _("{where}: the text is empty").format(where=where(doc.data, path)),
                )


@check("OMST208", "warning")
def check_duplicate_texts(plans: Plans) -> Iterator[Finding]:
    """The same text does not stand twice where it would be the same item twice: among the
    areas, an area's subareas, its activities of one period, its indicators, and the
    verksamhetsplan's work streams and milestones. (Goal texts may repeat: the plans keep a
    goal over several periods on purpose.)

    FAIL: two activities of Kvalitetsdriven verksamhetsutveckling in 2024-2025 with the same
    text.
    """
    # Lists, not generators: a generator here would read the loop variables only after the
    # loops ended, and compare the last area's items only.
    groups: list[tuple[str, list[tuple[str, str, Loc]]]] = []
    if gp := plans.gp:
        groups.append((_("area name"), [(a.id, a.namn, a.loc) for a in gp.areas]))
        for area in gp.areas:
            groups.append((_("subarea name"), [(s.id, s.namn, s.loc) for s in area.subareas]))
            for period in gp.periods:
                groups.append(
                    (
                        _("activity in {period}").format(period=period.id),
                        [(a.id, a.text, a.loc) for a in area.activities if a.period == period.id],
                    )
                )
            groups.append((_("indicator"), [(i.id, i.text, i.loc) for i in area.indicators]))
    if vp := plans.vp:
        groups.append((_("work stream name"), [(s.id, s.namn, s.loc) for s in vp.streams]))
        groups.append(
            (_("milestone"), [(m.id, m.text, m.loc) for s in vp.streams for m in s.milestones])
        )
    for what, items in groups:
        seen: dict[str, str] = {}
        for item_id, text, loc in items:
            key = " ".join(text.split()).casefold()
            if key in seen:
                yield at(
                    loc,
                    "OMST208",
                    _("{id} repeats the text of {other} ({what})").format(
                        id=item_id, other=seen[key], what=what
                    ),
                )
            elif key:
                seen[key] = item_id


# The lookahead lets the engine pass over most positions at once: three times faster on a
# large plan than the alternatives alone.
_PLACEHOLDER = re.compile(
    r"(?=[XxTFN?\[…])(?:\b(?:[Xx]{2,}|TBD|TODO|FIXME|NN)\b|\?{2,}"
    r"|\[\.\.\.\]|…)"
)


@check("OMST209", "warning")
def check_no_placeholders(plans: Plans) -> Iterator[Finding]:
    """No placeholder is left in a text: "Xx %", "XX", "TBD", "TODO", "???", "[...]".

    FAIL: `text: Xx % av resurs är omställd till nära vård.`
    """
    for doc in plans.docs:
        # One search over all texts of a file, joined by NUL (no word character, so \b
        # matches there as at a text's ends): far fewer calls than one search per text.
        values = [value for _, value in doc.texts]
        starts = list(accumulate((len(v) + 1 for v in values), initial=0))
        last = -1
        for match in _PLACEHOLDER.finditer("\0".join(values)):
            index = bisect_right(starts, match.start()) - 1
            if index == last:
                continue  # one finding a text: its first placeholder
            last = index
            path, value = doc.texts[index]
            pos = doc.pos(path)
            yield at(
                Loc(doc.path, pos.line, pos.column),
                "OMST209",
                _("placeholder '{placeholder}' in text: \"{text}\"").format(
                    placeholder=clip(match.group(), 20), text=clip(value, 60)
                ),
            )
