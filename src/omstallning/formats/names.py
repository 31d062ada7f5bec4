"""What each kind of item is called in the plans' own words, for every output that names one."""

from __future__ import annotations

from ..model.walk import Kind

KIND_NAMES: dict[str, str] = {
    Kind.PLAN: "plan",
    Kind.NOTE: "inledning",
    Kind.LAYER: "genomgående område",
    Kind.AREA: "område",
    Kind.SUBAREA: "delområde",
    Kind.GOAL: "effektmålsrad",
    Kind.ACTIVITY: "aktivitet",
    Kind.INDICATOR: "indikator",
    Kind.THEME: "visionstema",
    Kind.STREAM: "arbetsström",
    Kind.MILESTONE: "milstolpe",
    Kind.FORVALTNING: "förvaltning",
    Kind.WORK: "arbetssätt",
    Kind.STATUS: "status",
    Kind.LOCAL_GOAL: "mål",
    Kind.INDICATOR_SERIES: "indikator",
    Kind.PROGRAMME: "program",
    Kind.TABLE: "tabell",
}
