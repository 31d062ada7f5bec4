"""The registry of checks: each check a generator of findings with a stable code.

A check's docstring is its documentation (`omst validate --list-checks`): first line what
it finds, then a FAIL example.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import NamedTuple

from ..model.plans import Loc, Plans
from ..model.walk import Kind, walk
from ..reading.files import FILE_CODES
from ..reading.findings import Finding, Severity
from ..reading.schema import SCHEMA_CODES
from ..reading.workbook_codes import WORKBOOK_CODES
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

# Codes found while reading files (reading/files.py), their YAML (reading/yamlerrors.py),
# schema-validating (reading/schema.py) and reading a workbook (reading/workbook.py), listed
# with the checks in the order of their codes.
READ_CODES: dict[str, tuple[Severity, str]] = dict(
    sorted({**FILE_CODES, **YAML_CODES, **SCHEMA_CODES, **WORKBOOK_CODES}.items())
)


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


# Layers and areas stand right under the plan, but their IDs are their own (DIG, NV), not
# the plan's ID with a suffix; for the prefix check they have no parent.
_OWN_IDS = frozenset({Kind.LAYER, Kind.AREA})


def items(plans: Plans) -> Iterator[tuple[str, Loc, str | None]]:
    """(ID, location, parent ID) of every item with an ID: both plans and the förvaltningar.
    The parent is the one whose ID the item's begins with, None where there is none."""
    for node in walk(plans):
        if node.kind is Kind.PLAN:
            continue
        yield node.id, node.loc, None if node.kind in _OWN_IDS else node.parent
