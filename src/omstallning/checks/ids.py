"""Checks of IDs: unique across both plans, prefixed by their parent's."""

from __future__ import annotations

from collections.abc import Iterator

from ..model.plans import Loc, Plans
from ..reading.findings import Finding
from .registry import at, check, items


@check("OMST201", "error")
def check_unique_ids(plans: Plans) -> Iterator[Finding]:
    """Every ID is unique across both plans.

    FAIL: two subareas `id: NV.3`, or a work stream `VP.1` in the genomförandeplan too.
    """
    first: dict[str, Loc] = {}
    for item_id, loc, _ in items(plans):
        if item_id in first:
            seen = first[item_id]
            where = f"line {seen.line}" if seen.file == loc.file else f"{seen.file}:{seen.line}"
            yield at(loc, "OMST201", f"duplicate ID {item_id} (first at {where})")
        else:
            first[item_id] = loc


@check("OMST202", "warning")
def check_id_prefix(plans: Plans) -> Iterator[Finding]:
    """An item's ID begins with its parent's ID (a warning: a subarea moved to another area
    keeps its ID, so that links and diffs still know it).

    FAIL: goal row `NV.2.E1` under subarea `NV.3`; activity `PR.A1` under area `NV`.
    """
    for item_id, loc, parent in items(plans):
        if parent and not item_id.startswith(f"{parent}."):
            yield at(loc, "OMST202", f"ID {item_id} does not begin with its parent's ID {parent}.")
