"""Checks of the förvaltningar's follow-up files: what they report on must exist in the
plans, their series must run in time order, and a traffic light must agree with its numbers."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import PurePath

from ..i18n import _, number
from ..model.followup import in_time, light_word
from ..model.plans import Loc, Plans
from ..model.walk import Kind, of_kinds, walk_document
from ..reading.findings import Finding
from .registry import at, check


@check("OMST301", "error")
def check_file_name(plans: Plans) -> Iterator[Finding]:
    """A förvaltning's file is named after its ID, in lower case.

    FAIL: `forvaltning: NU` in plan/forvaltningar/nusjukvarden.yaml (name it nu.yaml).
    """
    for forv in plans.forvaltningar:
        if forv.file_stem != forv.id.lower():
            yield at(
                forv.loc,
                "OMST301",
                _("förvaltning {id} stands in {file}: name the file {name}").format(
                    id=forv.id, file=PurePath(forv.loc.file).name, name=f"{forv.id.lower()}.yaml"
                ),
            )


# What a status entry or an indicator may report on, and what a local goal may. An
# effect-goal row (NV.1.E1) is one of both: the slides follow up single goals too.
_REPORTED_ON = frozenset(
    {Kind.PLAN, Kind.LAYER, Kind.AREA, Kind.SUBAREA, Kind.GOAL, Kind.STREAM, Kind.MILESTONE}
)
_GOAL_OF = frozenset({Kind.AREA, Kind.SUBAREA, Kind.GOAL})


def _plan_items(plans: Plans) -> tuple[set[str], set[str]]:
    """(everything a follow-up entry may concern, what a local goal may break down)."""
    assert plans.gp and plans.vp
    nodes = [*walk_document(plans.gp), *walk_document(plans.vp)]
    return (
        {n.id for n in of_kinds(nodes, _REPORTED_ON)},
        {n.id for n in of_kinds(nodes, _GOAL_OF)},
    )


@check("OMST302", "error")
def check_followup_refers_to_the_plans(plans: Plans) -> Iterator[Finding]:
    """What a förvaltning reports on (`avser`) is an item of the plans: a status entry an
    area, subarea, effect-goal row, layer, work stream or milestone (or GP/VP as a whole); a
    local goal an area, subarea or effect-goal row.

    FAIL: `avser: NV.9` where the genomförandeplan has no NV.9; `avser: NV.1.E9` where NV.1
    has no such row; a goal with `avser: VP.1`.
    """
    if not (plans.gp and plans.vp):
        return
    known, areas = _plan_items(plans)
    for forv in plans.forvaltningar:
        refs: list[tuple[str, str, Loc, set[str], str]] = []
        anything, goal_of = (
            _("an item of the plans"),
            _("an area or subarea (nor an effect-goal row)"),
        )
        for s in forv.status:
            refs.append((s.id, s.avser, s.avser_loc, known, anything))
        for g in forv.goals:
            refs.append((g.id, g.avser, g.avser_loc, areas, goal_of))
        for ind in forv.indicators:
            if ind.avser and ind.avser_loc:
                refs.append((ind.id, ind.avser, ind.avser_loc, known, anything))
        for item_id, avser, item_loc in [
            *((w.id, w.avser, w.loc) for w in forv.work),
            *((p.id, p.avser, p.loc) for p in forv.programmes),
        ]:
            refs.extend((item_id, ref, item_loc, known, anything) for ref in avser)
        for item_id, ref, loc, allowed, what in refs:
            if ref not in allowed and ref not in plans.broken_ids:
                close = sorted(_siblings(ref, allowed))[:8]
                if close:
                    message = _("{id} concerns {ref}, which is not {what} (existing: {existing})")
                else:
                    message = _("{id} concerns {ref}, which is not {what}")
                yield at(
                    loc,
                    "OMST302",
                    message.format(id=item_id, ref=ref, what=what, existing=", ".join(close)),
                )


def _siblings(ref: str, allowed: set[str]) -> Iterator[str]:
    """The items a mistyped ID may have meant: its parent and what stands beside it, no
    deeper than it (NV.9: NV, NV.1, NV.2; NV.1.E9: NV.1, NV.1.E1)."""
    parent, depth = ref.rsplit(".", 1)[0], ref.count(".")
    for x in allowed:
        if (x == parent or x.startswith(f"{parent}.")) and x.count(".") <= depth:
            yield x


@check("OMST303", "error")
def check_series_in_time_order(plans: Plans) -> Iterator[Finding]:
    """An indicator's series runs forward in time, one reading per tertial or month; a
    month's figure stands before the tertial it ends in ("2024-07" before "T2 2024").

    FAIL: `serie: [{period: "T3 2024", …}, {period: "T1 2024", …}]`, or T2 2024 twice;
    "T2 2024" then "2024-07".
    """
    for forv in plans.forvaltningar:
        for ind in forv.indicators:
            for before, reading in zip(ind.readings, ind.readings[1:], strict=False):
                if in_time(reading.period) == in_time(before.period):
                    yield at(
                        reading.loc,
                        "OMST303",
                        _("{id} has {period} twice").format(id=ind.id, period=reading.period),
                    )
                elif in_time(reading.period) < in_time(before.period):
                    yield at(
                        reading.loc,
                        "OMST303",
                        _(
                            "{id}: {period} comes after {before}; a series runs forward in time"
                        ).format(id=ind.id, period=reading.period, before=before.period),
                    )


@check("OMST304", "warning")
def check_light_agrees_with_numbers(plans: Plans) -> Iterator[Finding]:
    """A reading's traffic light agrees with its outcome and target (higher is better): a
    reached target is not "uppnås ej", a missed one is not "uppnås".

    FAIL: `{period: "T1 2024", utfall: 70, malvarde: 83, bedomning: uppnas}`.
    """
    for forv in plans.forvaltningar:
        for ind in forv.indicators:
            for reading in ind.readings:
                said, numbers = reading.light, reading.light_from_numbers()
                if said in ("uppnas", "ej") and numbers and said != numbers:
                    yield at(
                        reading.loc,
                        "OMST304",
                        (
                            _(
                                "{id} {period}: the light says '{light}', but the outcome "
                                "{outcome} reaches the target {target}"
                            )
                            if numbers == "uppnas"
                            else _(
                                "{id} {period}: the light says '{light}', but the outcome "
                                "{outcome} misses the target {target}"
                            )
                        ).format(
                            id=ind.id,
                            period=reading.period,
                            light=light_word(said),
                            outcome=number(reading.outcome),
                            target=number(reading.target),
                        ),
                    )


@check("OMST305", "error")
def check_table_rows(plans: Plans) -> Iterator[Finding]:
    """Every row of a transcribed table has one cell per column.

    FAIL: `kolumner: [A, B, C]` with a row `[1, 2]`.
    """
    for forv in plans.forvaltningar:
        for table in forv.tables:
            for n, row in enumerate(table.rader, 1):
                if len(row) != len(table.kolumner):
                    yield at(
                        table.loc,
                        "OMST305",
                        _("{id} row {row} has {cells} cell(s) for {columns} column(s)").format(
                            id=table.id, row=n, cells=len(row), columns=len(table.kolumner)
                        ),
                    )
