"""What `omst export` writes for the people who work in spreadsheets: both plans, their
links and counts, and the förvaltningar's follow-up; formats.workbook lays it out in sheets."""

from __future__ import annotations

from dataclasses import dataclass

from ..model.plans import Genomforandeplan, Verksamhetsplan
from ..reading.git import Revision
from .links import LinkRow, trace
from .stats import AreaCount, area_counts
from .status import Status


@dataclass(frozen=True)
class Workbook:
    gp: Genomforandeplan
    vp: Verksamhetsplan
    links: tuple[LinkRow, ...]
    areas: tuple[AreaCount, ...]
    status: Status
    plan_dir: str = ""  # as the user named it
    revision: Revision | None = None  # the plans' commit; None outside git


def workbook(
    gp: Genomforandeplan,
    vp: Verksamhetsplan,
    status: Status,
    plan_dir: str = "",
    revision: Revision | None = None,
) -> Workbook:
    return Workbook(gp, vp, trace(gp, vp).links, area_counts(gp), status, plan_dir, revision)
