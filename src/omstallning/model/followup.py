"""The förvaltningar's follow-up as data: what each reports on the plans, its own goals and
its indicators per tertial. Built only from documents that passed the forvaltning schema."""

from __future__ import annotations

from datetime import date
from typing import Any, NamedTuple

from ..i18n import N_, _
from ..reading.yamlfile import Document, PathKey
from .loc import Loc

# The region's scale of goal attainment (Plan och styr's traffic lights), in its own words.
LIGHTS = {
    "uppnas": "Målet kommer att uppnås/Målet är uppnått",
    "delvis": "Målet kommer delvis att uppnås/Målet är delvis uppnått",
    "ej": "Målet kommer ej att uppnås/Målet är ej uppnått",
}
# A light is never colour alone: a shape and a word as well.
LIGHT_SYMBOLS = {"uppnas": "●", "delvis": "◐", "ej": "■"}
# LIGHT_WORDS are the region's words, which the inriktningsdokument keeps in any language;
# a reader (the terminal, the web pages, a finding) gets the light in their own: light_word.
LIGHT_WORDS = {"uppnas": "uppnås", "delvis": "delvis", "ej": "uppnås ej"}
_LIGHT_NAMES = {"uppnas": N_("achieved"), "delvis": N_("partly"), "ej": N_("not achieved")}


_LIGHT_TEXTS = {
    "uppnas": N_("The goal will be achieved/The goal has been achieved"),
    "delvis": N_("The goal will be partly achieved/The goal has been partly achieved"),
    "ej": N_("The goal will not be achieved/The goal has not been achieved"),
}


def light_word(light: str) -> str:
    """A light's word in the reader's language ("uppnås" in Swedish, as LIGHT_WORDS)."""
    return _(_LIGHT_NAMES[light])


def light_text(light: str) -> str:
    """A light's whole text in the reader's language (in Swedish, as LIGHTS)."""
    return _(_LIGHT_TEXTS[light])


class Tertial(NamedTuple):
    """A third of a year: T1 January–April, T2 May–August, T3 September–December."""

    year: int
    number: int

    @classmethod
    def parse(cls, text: str) -> Tertial:
        number, year = text.split()
        return cls(int(year), int(number[1:]))

    @classmethod
    def of(cls, day: date) -> Tertial:
        return cls(day.year, (day.month - 1) // 4 + 1)

    def __str__(self) -> str:
        return f"T{self.number} {self.year}"

    @property
    def months(self) -> tuple[int, int]:
        """Its first and last month, counted from year 0 (see `in_time`)."""
        first = self.year * 12 + (self.number - 1) * 4
        return first, first + 3


class Month(NamedTuple):
    """One month, e.g. 2024-07: an indicator's reading where the source gives a month's
    figure ("74 % i juli") rather than a tertial's."""

    year: int
    month: int

    @classmethod
    def parse(cls, text: str) -> Month:
        year, month = text.split("-")
        return cls(int(year), int(month))

    def __str__(self) -> str:
        return f"{self.year}-{self.month:02d}"

    @property
    def months(self) -> tuple[int, int]:
        first = self.year * 12 + self.month - 1
        return first, first


# A reading's period. Tertial(2024, 2) and Month(2024, 2) are equal as tuples, so compare
# periods only through `in_time`, never with == or < on the tuples themselves.
Period = Tertial | Month


def parse_period(text: str) -> Period:
    """A reading's period as the schema allows it: "T2 2024" or "2024-07"."""
    return Tertial.parse(text) if text.startswith("T") else Month.parse(text)


def in_time(period: Period) -> tuple[int, int]:
    """The key that orders periods in time: by the month a figure is complete (its last),
    then by its first; so July 2024 comes before T2 2024 (May–August), and equal keys are the
    same period."""
    first, last = period.months
    return last, first


def begun_by(period: Period, tertial: Tertial) -> bool:
    """Whether the period has begun by the end of the tertial."""
    return period.months[0] <= tertial.months[1]


class StatusEntry(NamedTuple):
    id: str
    avser: str
    period: Tertial
    light: str | None
    punkter: tuple[str, ...]  # empty where missing
    loc: Loc
    avser_loc: Loc
    # Asked for and not answered (`saknas: true`): no points and no light. Apart from an
    # answer without a light, which has its points and is "Ej bedömd".
    missing: bool = False


class LocalGoal(NamedTuple):
    id: str
    avser: str
    typ: str
    period: str
    namn: str | None
    text: str
    motivering: str | None
    loc: Loc
    avser_loc: Loc


class Reading(NamedTuple):
    period: Period
    outcome: float | None
    target: float | None
    light: str | None
    loc: Loc

    def light_from_numbers(self) -> str | None:
        """What the numbers say (higher is better): uppnas when the outcome reaches the
        target, ej when it does not; None without both."""
        if self.outcome is None or self.target is None:
            return None
        return "uppnas" if self.outcome >= self.target else "ej"


class IndicatorSeries(NamedTuple):
    id: str
    namn: str
    avser: str | None
    enhet: str | None
    readings: tuple[Reading, ...]
    loc: Loc
    avser_loc: Loc | None


class WorkNote(NamedTuple):
    """How the förvaltning works with the plans."""

    id: str
    text: str
    avser: tuple[str, ...]
    loc: Loc


class Programme(NamedTuple):
    id: str
    namn: str
    avser: tuple[str, ...]
    punkter: tuple[str, ...]
    loc: Loc


class SlideTable(NamedTuple):
    id: str
    rubrik: str
    kolumner: tuple[str, ...]
    rader: tuple[tuple[str | int | float, ...], ...]
    fotnoter: tuple[str, ...]
    loc: Loc


class Forvaltning(NamedTuple):
    id: str
    namn: str
    kortnamn: str
    kalla: str
    rapporterat: bool
    kommentar: str | None
    work: tuple[WorkNote, ...]
    status: tuple[StatusEntry, ...]
    goals: tuple[LocalGoal, ...]
    indicators: tuple[IndicatorSeries, ...]
    programmes: tuple[Programme, ...]
    tables: tuple[SlideTable, ...]
    file_stem: str
    loc: Loc


def build_forvaltning(
    doc: Document, file_stem: str, skip: frozenset[PathKey] = frozenset()
) -> Forvaltning:
    data: dict[str, Any] = doc.data

    def kept(key: str) -> list[tuple[int, Any]]:
        return [(i, x) for i, x in enumerate(data.get(key, [])) if (key, i) not in skip]

    def loc(path: PathKey) -> Loc:
        pos = doc.pos(path)
        return Loc(doc.path, pos.line, pos.column)

    def refs(value: Any) -> tuple[str, ...]:
        return tuple(value) if isinstance(value, list) else (value,) if value else ()

    return Forvaltning(
        id=data["forvaltning"],
        namn=data["namn"],
        kortnamn=data["kortnamn"],
        kalla=data["kalla"],
        rapporterat=data["rapporterat"],
        kommentar=data.get("kommentar"),
        work=tuple(
            WorkNote(w["id"], w["text"], refs(w.get("avser")), loc(("arbetssatt", i)))
            for i, w in kept("arbetssatt")
        ),
        status=tuple(
            StatusEntry(
                s["id"],
                s["avser"],
                Tertial.parse(s["period"]),
                s.get("bedomning"),
                tuple(s.get("punkter", [])),
                loc(("status", i)),
                loc(("status", i, "avser")),
                bool(s.get("saknas")),
            )
            for i, s in kept("status")
        ),
        goals=tuple(
            LocalGoal(
                g["id"],
                g["avser"],
                g["typ"],
                g["period"],
                g.get("namn"),
                g["text"],
                g.get("motivering"),
                loc(("mal", i)),
                loc(("mal", i, "avser")),
            )
            for i, g in kept("mal")
        ),
        indicators=tuple(
            IndicatorSeries(
                ind["id"],
                ind["namn"],
                ind.get("avser"),
                ind.get("enhet"),
                tuple(
                    Reading(
                        parse_period(r["period"]),
                        r.get("utfall"),
                        r.get("malvarde"),
                        r.get("bedomning"),
                        loc(("indikatorer", i, "serie", j)),
                    )
                    for j, r in enumerate(ind["serie"])
                    if ("indikatorer", i, "serie", j) not in skip
                ),
                loc(("indikatorer", i)),
                loc(("indikatorer", i, "avser")) if ind.get("avser") else None,
            )
            for i, ind in kept("indikatorer")
        ),
        programmes=tuple(
            Programme(
                p["id"],
                p["namn"],
                refs(p.get("avser")),
                tuple(p.get("punkter", [])),
                loc(("program", i)),
            )
            for i, p in kept("program")
        ),
        tables=tuple(
            SlideTable(
                t["id"],
                t["rubrik"],
                tuple(t["kolumner"]),
                tuple(tuple(row) for row in t["rader"]),
                tuple(t.get("fotnoter", [])),
                loc(("tabeller", i)),
            )
            for i, t in kept("tabeller")
        ),
        file_stem=file_stem,
        loc=loc(()),
    )
