"""The registry of checks: each check a generator of findings with a stable code.

A check's docstring is its documentation (`omst validate --list-checks`): first line what
it finds, then a FAIL example.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import NamedTuple

from ..model.plans import Loc, Plans
from ..reading.findings import Finding, Severity
from ..reading.schema import SCHEMA_CODES
from ..reading.yamlerrors import YAML_CODES

CheckFn = Callable[[Plans], Iterator[Finding]]


class Check(NamedTuple):
    code: str
    severity: Severity
    fn: CheckFn

    @property
    def doc(self) -> str:
        return (self.fn.__doc__ or "").strip()


CHECKS: dict[str, Check] = {}

# Codes found while reading (reading/yamlerrors.py) and schema-validating (reading/schema.py),
# listed with the checks.
READ_CODES: dict[str, tuple[Severity, str]] = {**YAML_CODES, **SCHEMA_CODES}


def check(code: str, severity: Severity) -> Callable[[CheckFn], CheckFn]:
    def register(fn: CheckFn) -> CheckFn:
        CHECKS[code] = Check(code, severity, fn)
        return fn

    return register


def run_checks(plans: Plans) -> list[Finding]:
    return [finding for c in CHECKS.values() for finding in c.fn(plans)]


def at(loc: Loc, code: str, message: str) -> Finding:
    check_ = CHECKS[code]
    return Finding(loc.file, loc.line, loc.column, check_.severity, code, message)


def items(plans: Plans) -> Iterator[tuple[str, Loc, str | None]]:
    """(ID, location, parent ID) of every item with an ID: both plans and the förvaltningar."""
    if gp := plans.gp:
        for note in gp.notes:
            yield note.id, note.loc, gp.id
        for layer in gp.layers:
            yield layer.id, layer.loc, None
        for area in gp.areas:
            yield area.id, area.loc, None
            for sub in area.subareas:
                yield sub.id, sub.loc, area.id
                for goal in sub.goals:
                    yield goal.id, goal.loc, sub.id
            for act in area.activities:
                yield act.id, act.loc, area.id
            for ind in area.indicators:
                yield ind.id, ind.loc, area.id
    if vp := plans.vp:
        for theme in vp.themes:
            yield theme.id, theme.loc, vp.id
        for stream in vp.streams:
            yield stream.id, stream.loc, vp.id
            for ms in stream.milestones:
                yield ms.id, ms.loc, stream.id
    for forv in plans.forvaltningar:
        yield forv.id, forv.loc, None
        for group in (
            forv.work,
            forv.status,
            forv.goals,
            forv.indicators,
            forv.programmes,
            forv.tables,
        ):
            for entry in group:
                yield entry.id, entry.loc, forv.id
