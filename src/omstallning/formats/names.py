"""What each kind of item is called, for every output that names one: in the reader's
language, in Swedish the plans' own words."""

from __future__ import annotations

from ..i18n import N_, _
from ..model.walk import Kind

KIND_NAMES: dict[str, str] = {
    Kind.PLAN: N_("plan"),
    Kind.NOTE: N_("introduction"),
    Kind.LAYER: N_("cross-cutting area"),
    Kind.AREA: N_("area"),
    Kind.SUBAREA: N_("subarea"),
    Kind.GOAL: N_("effect-goal row"),
    Kind.ACTIVITY: N_("activity"),
    Kind.INDICATOR: N_("indicator"),
    Kind.THEME: N_("vision theme"),
    Kind.STREAM: N_("work stream"),
    Kind.MILESTONE: N_("milestone"),
    Kind.FORVALTNING: N_("förvaltning"),
    Kind.WORK: N_("way of working"),
    Kind.STATUS: N_("status"),
    Kind.LOCAL_GOAL: N_("goal"),
    Kind.INDICATOR_SERIES: N_("indicator"),
    Kind.PROGRAMME: N_("programme"),
    Kind.TABLE: N_("table"),
}


def kind_name(kind: str) -> str:
    """A kind's name as the reader says it ("effektmålsrad" in Swedish)."""
    return _(KIND_NAMES[kind])
