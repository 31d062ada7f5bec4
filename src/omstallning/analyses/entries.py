"""The items of a plan flattened into entries keyed by ID: what `omst diff` compares between
two revisions and `omst log` follows through many."""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from dataclasses import dataclass

from ..model.followup import (
    Forvaltning,
    IndicatorSeries,
    LocalGoal,
    Programme,
    SlideTable,
    StatusEntry,
    WorkNote,
)
from ..model.plans import (
    Activity,
    Area,
    Genomforandeplan,
    Goal,
    Indicator,
    Layer,
    Milestone,
    Note,
    Owners,
    Plans,
    Subarea,
    Verksamhetsplan,
    VisionTheme,
    WorkStream,
)
from ..model.walk import Item, Kind, walk_document


@dataclass(frozen=True)
class Entry:
    """One item of a plan, flattened for comparison. `group` is the area or work stream it
    is shown under (the plan's ID for the plan's own parts)."""

    id: str
    plan: str
    kind: str
    parent: str
    group: str
    label: str
    fields: dict[str, str]
    # What a förvaltning's entry is about (its `avser`) and the period it reports on: a
    # status is known as "SKAS.S5 about VP.1, T3 2024" more than by its ID alone.
    avser: tuple[str, ...] = ()
    period: str = ""

    @property
    def about(self) -> str:
        return ", ".join([*self.avser, *([self.period] if self.period else [])])


@dataclass(frozen=True)
class FieldChange:
    field: str
    old: str | None
    new: str | None

    def words(self) -> list[tuple[str, str]]:
        return word_diff(self.old or "", self.new or "")


def word_diff(old: str, new: str) -> list[tuple[str, str]]:
    """Runs of words: ("=", kept), ("-", removed), ("+", added)."""
    a, b = old.split(), new.split()
    runs: list[tuple[str, str]] = []
    matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            runs.append(("=", " ".join(a[i1:i2])))
            continue
        if i2 > i1:
            runs.append(("-", " ".join(a[i1:i2])))
        if j2 > j1:
            runs.append(("+", " ".join(b[j1:j2])))
    return runs


def field_changes(before: Entry, after: Entry) -> tuple[FieldChange, ...]:
    names = list(dict.fromkeys([*before.fields, *after.fields]))
    return tuple(
        FieldChange(n, before.fields.get(n), after.fields.get(n))
        for n in names
        if before.fields.get(n) != after.fields.get(n)
    )


Document = Genomforandeplan | Verksamhetsplan | Forvaltning
Followup = (
    Forvaltning | WorkNote | StatusEntry | LocalGoal | IndicatorSeries | Programme | SlideTable
)


def plan_entries(plan: Document) -> dict[str, Entry]:
    """The items of one plan or förvaltning file, flattened for comparison, by ID."""
    return {e.id: e for e in entries(plan)}


def all_entries(plans: Plans) -> Iterator[Entry]:
    """The entries of the genomförandeplan, then of the verksamhetsplan, where built, then
    of each förvaltning's follow-up."""
    for plan in (plans.gp, plans.vp, *plans.forvaltningar):
        if plan is not None:
            yield from entries(plan)


def entries(plan: Document) -> Iterator[Entry]:
    """The entries of one plan in file order, the plan itself first. A förvaltning's
    entries are shown under the förvaltning; a plan's under their area or work stream."""
    group = plan.id
    for node in walk_document(plan):
        if node.kind in (Kind.AREA, Kind.STREAM):
            group = node.id
        label, fields = _flat(node.item)
        avser, period = _about(node.item)
        yield Entry(
            node.id,
            node.document,
            node.kind,
            node.parent or "",
            group,
            label,
            fields,
            avser,
            period,
        )


def _about(item: Item) -> tuple[tuple[str, ...], str]:
    if isinstance(item, StatusEntry):
        return (item.avser,), str(item.period)
    if isinstance(item, LocalGoal):
        return (item.avser,), item.period
    if isinstance(item, IndicatorSeries):
        return ((item.avser,) if item.avser else ()), ""
    if isinstance(item, WorkNote | Programme):
        return item.avser, ""
    return (), ""


def number(value: float | None) -> str:
    """A number as the file holds it: 74 rather than 74.0, 16.3 as it is."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return repr(value) if isinstance(value, float) else str(value)


def _flat(item: Item) -> tuple[str, dict[str, str]]:
    """An item's label and its fields as text, each field by the name a plan author knows
    (the YAML key; a list's entries numbered from 1, an indicator's readings by period)."""
    if isinstance(item, Followup):
        return _followup(item)
    if isinstance(item, Genomforandeplan | Verksamhetsplan):
        return item.namn, _plan_fields(item)
    if isinstance(item, Note | Indicator | VisionTheme):
        return item.text, {"text": item.text}
    if isinstance(item, Layer):
        return item.namn, {
            **_fields(namn=item.namn, beskrivning=item.beskrivning),
            **_owners(item.owners),
        }
    if isinstance(item, Area):
        return item.namn, {
            **_fields(namn=item.namn, beskrivning=item.beskrivning, kommentar=item.kommentar),
            **_owners(item.owners),
        }
    if isinstance(item, Subarea):
        return item.namn, _fields(namn=item.namn, beskrivning=item.beskrivning)
    if isinstance(item, Goal):
        label = item.texts[0].text if item.texts else ""
        return label, {f"mal.{t.period}": t.text for t in item.texts}
    if isinstance(item, Activity | Milestone):
        return item.text, {"period": item.period, "text": item.text}
    if isinstance(item, WorkStream):
        return item.namn, {
            **_fields(namn=item.namn, nummer=item.nummer, beskrivning=item.beskrivning),
            **_owners(item.owners),
        }
    raise TypeError(f"not an item of a plan: {type(item).__name__}")


def _numbered(key: str, values: tuple[object, ...]) -> dict[str, str]:
    return {f"{key}.{i}": _cell(v) for i, v in enumerate(values, 1)}


def _cell(value: object) -> str:
    if isinstance(value, tuple):
        return " | ".join(_cell(v) for v in value)
    return number(value) if isinstance(value, float | int) else str(value)


def _followup(item: Followup) -> tuple[str, dict[str, str]]:
    if isinstance(item, Forvaltning):
        return item.namn, _fields(
            namn=item.namn,
            kortnamn=item.kortnamn,
            kalla=item.kalla,
            rapporterat="true" if item.rapporterat else "false",
            kommentar=item.kommentar,
        )
    if isinstance(item, WorkNote):
        return item.text, _fields(text=item.text, avser=", ".join(item.avser) or None)
    if isinstance(item, StatusEntry):
        return " ".join(item.punkter[:1]), {
            **_fields(
                avser=item.avser,
                period=str(item.period),
                bedomning=item.light,
                saknas="true" if item.missing else None,
            ),
            **_numbered("punkter", item.punkter),
        }
    if isinstance(item, LocalGoal):
        return item.namn or item.text, _fields(
            avser=item.avser,
            typ=item.typ,
            period=item.period,
            namn=item.namn,
            text=item.text,
            motivering=item.motivering,
        )
    if isinstance(item, IndicatorSeries):
        readings: dict[str, str] = {}
        for r in item.readings:
            readings.update(
                _fields(
                    **{
                        f"utfall.{r.period}": number(r.outcome) or None,
                        f"malvarde.{r.period}": number(r.target) or None,
                        f"bedomning.{r.period}": r.light,
                    }
                )
            )
        return item.namn, {
            **_fields(namn=item.namn, avser=item.avser, enhet=item.enhet),
            **readings,
        }
    if isinstance(item, Programme):
        return item.namn, {
            **_fields(namn=item.namn, avser=", ".join(item.avser) or None),
            **_numbered("punkter", item.punkter),
        }
    return item.rubrik, {
        "rubrik": item.rubrik,
        "kolumner": _cell(item.kolumner),
        **_numbered("rader", item.rader),
        **_numbered("fotnoter", item.fotnoter),
    }


def _plan_fields(plan: Genomforandeplan | Verksamhetsplan) -> dict[str, str]:
    texts = (
        _fields(namn=plan.namn, bilaga=plan.bilaga)
        if isinstance(plan, Genomforandeplan)
        else _fields(namn=plan.namn, rubrik=plan.rubrik, vision=plan.vision_namn)
    )
    return {
        **texts,
        **{f"metadata.{k}": v for k, v in plan.metadata.items()},
        "perioder": "; ".join(
            f"{p.id} {p.namn}{' (vision)' if p.vision else ''}" for p in plan.periods
        ),
    }


def _owners(owners: Owners) -> dict[str, str]:
    return {
        f"ansvar.{k}": v
        for k, v in (
            ("strategisk_agare", owners.strategisk_agare),
            ("uppdragsansvarig", owners.uppdragsansvarig),
            ("ansvariga", owners.ansvariga),
        )
        if v
    }


def _fields(**values: str | None) -> dict[str, str]:
    return {k: v for k, v in values.items() if v is not None}
