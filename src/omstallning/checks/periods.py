"""Checks of periods: declared, in order, within the plan's validity."""

from __future__ import annotations

from collections.abc import Iterator

from ..i18n import _
from ..model.plans import Activity, Goal, Loc, Milestone, Period, Plans
from ..model.walk import walk
from ..reading.findings import Finding
from ..reading.kinds import GENOMFORANDEPLAN, VERKSAMHETSPLAN
from .registry import at, check


def _period_uses(plans: Plans) -> Iterator[tuple[tuple[Period, ...], str, Loc, str]]:
    """(declared periods, period used, where, what uses it)."""
    declared = {
        GENOMFORANDEPLAN: plans.gp.periods if plans.gp else (),
        VERKSAMHETSPLAN: plans.vp.periods if plans.vp else (),
    }
    for node in walk(plans):
        item = node.item
        if isinstance(item, Goal):
            for text in item.texts:
                what = _("goal row {id}").format(id=item.id)
                yield declared[node.document], text.period, text.loc, what
        elif isinstance(item, Activity):
            what = _("activity {id}").format(id=item.id)
            yield declared[node.document], item.period, item.period_loc, what
        elif isinstance(item, Milestone):
            what = _("milestone {id}").format(id=item.id)
            yield declared[node.document], item.period, item.period_loc, what


@check("OMST205", "error")
def check_periods_known(plans: Plans) -> Iterator[Finding]:
    """Every period used is declared in the plan's `perioder`.

    FAIL: `period: "2025-2026"` where the plan declares 2023, 2024-2025, 2026-2027, 2028.
    """
    for declared, period, loc, what in _period_uses(plans):
        ids = [p.id for p in declared]
        if period not in ids:
            yield at(
                loc,
                "OMST205",
                _(
                    "{what} uses period {period}, which the plan does not declare "
                    "(declared: {declared})"
                ).format(what=what, period=period, declared=", ".join(ids)),
            )


@check("OMST206", "error")
def check_periods_consistent(plans: Plans) -> Iterator[Finding]:
    """Periods run forward without overlap, the vision comes last, activities are not
    planned in the vision, goal texts follow the period order, and the plan's periods lie
    within its validity (giltig från/till) but for the vision.

    FAIL: perioder 2024-2025 then 2023; an activity with `period: "2028"` (the vision).
    """
    for plan in (plans.gp, plans.vp):
        if plan is None:
            continue
        previous: Period | None = None
        for period in plan.periods:
            first, last = period.years
            if first > last:
                yield at(
                    period.loc,
                    "OMST206",
                    _("period {period} ends before it begins").format(period=period.id),
                )
            if previous and first <= previous.years[1]:
                yield at(
                    period.loc,
                    "OMST206",
                    _(
                        "period {period} does not come after {previous}: periods run forward "
                        "without overlap"
                    ).format(period=period.id, previous=previous.id),
                )
            if previous and previous.vision:
                yield at(
                    period.loc,
                    "OMST206",
                    _(
                        "period {period} comes after the vision {previous}; the vision is the "
                        "last period"
                    ).format(period=period.id, previous=previous.id),
                )
            previous = period
    gp = plans.gp
    if gp is None:
        return
    vision = {p.id for p in gp.periods if p.vision}
    order = {p.id: i for i, p in enumerate(gp.periods)}
    valid_from, valid_to = gp.metadata.get("giltig_fran"), gp.metadata.get("giltig_till")
    if valid_from and valid_to:
        for period in gp.periods:
            first, last = period.years
            if not period.vision and (first < int(valid_from[:4]) or last > int(valid_to[:4])):
                yield at(
                    period.loc,
                    "OMST206",
                    _("period {period} lies outside the plan's validity {start} – {end}").format(
                        period=period.id, start=valid_from, end=valid_to
                    ),
                )
    for area in gp.areas:
        for act in area.activities:
            if act.period in vision:
                yield at(
                    act.period_loc,
                    "OMST206",
                    _(
                        "activity {id} is planned in the vision {period}; activities belong "
                        "to the plan's periods"
                    ).format(id=act.id, period=act.period),
                )
        for sub in area.subareas:
            for goal in sub.goals:
                keys = [t.period for t in goal.texts if t.period in order]
                if keys != sorted(keys, key=order.__getitem__):
                    yield at(
                        goal.loc,
                        "OMST206",
                        _("goal row {id} lists its periods out of order ({periods})").format(
                            id=goal.id, periods=", ".join(keys)
                        ),
                    )
