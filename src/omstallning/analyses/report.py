"""What a förvaltning's tertial form asks: its rows of status and of indicators, pre-filled.

Which items a förvaltning is asked about (the rule the README states):
- every area of the genomförandeplan, whether or not it reported on it before (a förvaltning
  that has not reported yet is asked about all of them);
- every other item it has a status entry about in the tertial asked or before: a subarea,
  an effect-goal row, a layer (DIG, UPF), a work stream (VP.1–VP.4) or a plan as a whole.
The rows stand in the plans' order: the genomförandeplan as a whole, its areas each followed
by the subareas and rows under it, its layers, then the verksamhetsplan and its work streams.

The Indikatorer sheet has a row per indicator for the tertial, after a row for each month of
the tertial the indicator already has a reading for.

A row whose item already has a status entry for the tertial carries that entry's ID, points
and assessment (one row per entry); any other row carries the points of the latest entries
before the tertial, for the chief to edit rather than retype, and no assessment.
"""

from __future__ import annotations

from typing import NamedTuple

from ..model.followup import Forvaltning, IndicatorSeries, Month, Reading, Tertial, in_time
from ..model.plans import Genomforandeplan, Verksamhetsplan
from ..model.walk import Kind, title, walk_document
from ..reading.form import ASSESSMENTS, NOT_ASSESSED

# Where each kind of plan item stands among the rows, before its order in the plans.
_RANK = {
    Kind.AREA: 1,
    Kind.SUBAREA: 1,
    Kind.GOAL: 1,
    Kind.ACTIVITY: 1,
    Kind.INDICATOR: 1,
    Kind.LAYER: 2,
    Kind.STREAM: 4,
    Kind.MILESTONE: 4,
}
_WORD = {code: word for word, code in ASSESSMENTS.items()}


class StatusRow(NamedTuple):
    id: str  # the entry this row updates, "" for a new one
    avser: str
    namn: str
    nulage: tuple[str, ...]
    bedomning: str  # a word of the dropdown, "" where the chief is to choose


class IndicatorRow(NamedTuple):
    id: str
    namn: str
    period: str
    utfall: float | None
    malvarde: float | None
    enhet: str


class Form(NamedTuple):
    forvaltning: Forvaltning
    tertial: Tertial
    status: tuple[StatusRow, ...]
    indicators: tuple[IndicatorRow, ...]


def _plan_items(gp: Genomforandeplan, vp: Verksamhetsplan) -> dict[str, tuple[int, int, str]]:
    """Each item a status may be about: its place among the rows and its name."""
    items: dict[str, tuple[int, int, str]] = {}
    for plan, plan_rank in ((gp, 0), (vp, 3)):
        for order, node in enumerate(walk_document(plan)):
            rank = plan_rank if node.kind == Kind.PLAN else _RANK.get(node.kind, plan_rank)
            items.setdefault(node.id, (rank, order, title(node.item)))
    return items


def form(gp: Genomforandeplan, vp: Verksamhetsplan, forv: Forvaltning, tertial: Tertial) -> Form:
    items = _plan_items(gp, vp)
    asked = {area.id for area in gp.areas}
    asked.update(s.avser for s in forv.status if s.period <= tertial)
    last = (9, 0, "")  # an item the plans do not know (never in valid plans) goes last
    rows: list[StatusRow] = []
    for avser in sorted(asked, key=lambda ref: (*items.get(ref, last)[:2], ref)):
        namn = items.get(avser, last)[2]
        about = [s for s in forv.status if s.avser == avser]
        current = [s for s in about if s.period == tertial]
        if current:
            rows += [
                StatusRow(
                    s.id,
                    avser,
                    namn,
                    s.punkter,
                    "" if s.missing else _WORD.get(s.light, NOT_ASSESSED),
                )
                for s in current
            ]
            continue
        # An entry that says the förvaltning was asked and did not answer has no points.
        before = [s for s in about if s.period < tertial and not s.missing]
        latest = max((s.period for s in before), default=None)
        points = tuple(p for s in before if s.period == latest for p in s.punkter)
        rows.append(StatusRow("", avser, namn, points, ""))
    indicators = [row for series in forv.indicators for row in _indicator_rows(series, tertial)]
    return Form(forv, tertial, tuple(rows), tuple(indicators))


def _indicator_rows(series: IndicatorSeries, tertial: Tertial) -> list[IndicatorRow]:
    """The tertial's row, after a row for each month of the tertial the series already has a
    reading for (a figure the förvaltning gives by the month, e.g. July's)."""
    first, last = tertial.months
    months = sorted(
        (
            r
            for r in series.readings
            if isinstance(r.period, Month) and first <= r.period.months[0] <= last
        ),
        key=lambda r: in_time(r.period),
    )
    # Tertial(2024, 2) == Month(2024, 2) as tuples: match the tertial by its kind too.
    own = next(
        (r for r in series.readings if isinstance(r.period, Tertial) and r.period == tertial),
        None,
    )
    asked: list[tuple[str, Reading | None]] = [(str(r.period), r) for r in months]
    asked.append((str(tertial), own))
    return [
        IndicatorRow(
            series.id,
            series.namn,
            period,
            reading.outcome if reading else None,
            reading.target if reading else None,
            series.enhet or "",
        )
        for period, reading in asked
    ]
