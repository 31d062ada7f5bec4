"""Checks of IDs: unique across both plans, prefixed by their parent's."""

from __future__ import annotations

from collections.abc import Iterator

from ..i18n import _
from ..model.plans import Loc, Plans
from ..reading.findings import Finding
from .registry import at, check, items


@check("OMST201", "error")
def check_unique_ids(plans: Plans) -> Iterator[Finding]:
    """Every ID is unique across both plans.

    FAIL: two subareas `id: NV.3`, or a work stream `VP.1` in the genomförandeplan too.
    """
    first: dict[str, Loc] = {}
    for item_id, loc, _parent in items(plans):
        if item_id in first:
            seen = first[item_id]
            if seen.file == loc.file:
                message = _("duplicate ID {id} (first at line {line})")
            else:
                message = _("duplicate ID {id} (first at {file}:{line})")
            yield at(loc, "OMST201", message.format(id=item_id, line=seen.line, file=seen.file))
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
            yield at(
                loc,
                "OMST202",
                _("ID {id} does not begin with its parent's ID {parent}.").format(
                    id=item_id, parent=parent
                ),
            )
