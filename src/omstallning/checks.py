"""Semantic checks: one registry, each check a generator of findings with a stable code.

A check's docstring is its documentation (`omst validate --list-checks`): first line what
it finds, then a FAIL example.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from .findings import Finding, Severity
from .load import iter_paths, path_text
from .model import Genomforandeplan, Loc, Period, Plans
from .tables import clip

CheckFn = Callable[[Plans], Iterator[Finding]]


@dataclass(frozen=True)
class Check:
    code: str
    severity: Severity
    fn: CheckFn

    @property
    def doc(self) -> str:
        return (self.fn.__doc__ or "").strip()


CHECKS: dict[str, Check] = {}

# Codes found while reading and schema-validating, documented here with the checks.
READ_CODES: dict[str, tuple[Severity, str]] = {
    "OMST002": ("error", "Binary or non-UTF-8 file."),
    "OMST003": ("error", "Empty file (no YAML document)."),
    "OMST004": ("error", "Invalid YAML: syntax error, tab in indentation, bad tagged value."),
    "OMST005": ("error", "Duplicate key in a mapping (YAML would keep only the last)."),
    "OMST006": ("error", "Tag not allowed (e.g. !!python/object) or merge key."),
    "OMST007": ("error", "Limits: file too large, nesting too deep, alias bomb."),
    "OMST008": ("error", "More than one YAML document in a file."),
    "OMST009": ("warning", "Plain value or key that YAML 1.1 tools read as a boolean, number, "
                "date or null (`no`, `on`, `2024-05-31`, `1.10`); omst keeps it as written."),
    "OMST100": ("error", "Schema violation (other than the ones below)."),
    "OMST101": ("error", "Unknown key (the schemas are strict)."),
    "OMST102": ("error", "Missing required key."),
    "OMST103": ("error", "Wrong type, e.g. an unquoted number where text is meant."),
    "OMST104": ("error", "Value not in the expected form, e.g. an ID or period pattern."),
}


def check(code: str, severity: Severity) -> Callable[[CheckFn], CheckFn]:
    def register(fn: CheckFn) -> CheckFn:
        CHECKS[code] = Check(code, severity, fn)
        return fn

    return register


def run_checks(plans: Plans) -> list[Finding]:
    return [finding for c in CHECKS.values() for finding in c.fn(plans)]


def _at(loc: Loc, code: str, message: str) -> Finding:
    check_ = CHECKS[code]
    return Finding(loc.file, loc.line, loc.column, check_.severity, code, message)


def _items(plans: Plans) -> Iterator[tuple[str, Loc, str | None]]:
    """(ID, location, parent ID) of every item with an ID, in both plans."""
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


@check("OMST201", "error")
def check_unique_ids(plans: Plans) -> Iterator[Finding]:
    """Every ID is unique across both plans.

    FAIL: two subareas `id: NV.3`, or a work stream `VP.1` in the genomförandeplan too.
    """
    first: dict[str, Loc] = {}
    for item_id, loc, _ in _items(plans):
        if item_id in first:
            seen = first[item_id]
            where = f"line {seen.line}" if seen.file == loc.file else f"{seen.file}:{seen.line}"
            yield _at(loc, "OMST201", f"duplicate ID {item_id} (first at {where})")
        else:
            first[item_id] = loc


@check("OMST202", "warning")
def check_id_prefix(plans: Plans) -> Iterator[Finding]:
    """An item's ID begins with its parent's ID (a warning: a subarea moved to another area
    keeps its ID, so that links and diffs still know it).

    FAIL: goal row `NV.2.E1` under subarea `NV.3`; activity `PR.A1` under area `NV`.
    """
    for item_id, loc, parent in _items(plans):
        if parent and not item_id.startswith(f"{parent}."):
            yield _at(loc, "OMST202", f"ID {item_id} does not begin with its parent's ID "
                                      f"{parent}.")


def _subarea_ids(gp: Genomforandeplan) -> set[str]:
    return {sub.id for _, sub in gp.subareas()}


@check("OMST203", "error")
def check_links_resolve(plans: Plans) -> Iterator[Finding]:
    """Every link names a subarea of the genomförandeplan.

    FAIL: `lankar: [{till: NV.9}]` where there is no NV.9, or `{till: VP.2}`.
    """
    if not (plans.gp and plans.vp):
        return
    subareas = _subarea_ids(plans.gp)
    others = {item_id for item_id, _, _ in _items(plans)} - subareas
    for stream in plans.vp.streams:
        for source, link in stream.all_links():
            if link.target in subareas:
                continue
            if link.target in others:
                message = f"{source} links to {link.target}, which is not a subarea; links " \
                          "name genomförandeplan subareas such as NV.4"
            else:
                close = sorted(s for s in subareas if s.split(".")[0] ==
                               link.target.split(".")[0])
                hint = f" (existing: {', '.join(close)})" if close else ""
                message = f"{source} links to {link.target}, which is not in the " \
                          f"genomförandeplan{hint}"
            yield _at(link.loc, "OMST203", message)


@check("OMST204", "warning")
def check_links_not_repeated(plans: Plans) -> Iterator[Finding]:
    """An item links to a subarea once, and a milestone does not repeat its stream's link.

    FAIL: `lankar: [{till: NV.4}, {till: NV.4}]`.
    """
    if not plans.vp:
        return
    for stream in plans.vp.streams:
        own = {link.target for link in stream.links}
        seen_stream: set[str] = set()
        for link in stream.links:
            if link.target in seen_stream:
                yield _at(link.loc, "OMST204", f"{stream.id} links to {link.target} twice")
            seen_stream.add(link.target)
        for ms in stream.milestones:
            seen: set[str] = set()
            for link in ms.links:
                if link.target in seen:
                    yield _at(link.loc, "OMST204", f"{ms.id} links to {link.target} twice")
                elif link.target in own:
                    yield _at(link.loc, "OMST204", f"{ms.id} repeats its stream's link to "
                              f"{link.target}; keep one of them")
                seen.add(link.target)


def _period_uses(plans: Plans) -> Iterator[tuple[tuple[Period, ...], str, Loc, str]]:
    """(declared periods, period used, where, what uses it)."""
    if gp := plans.gp:
        for area in gp.areas:
            for sub in area.subareas:
                for goal in sub.goals:
                    for text in goal.texts:
                        yield gp.periods, text.period, text.loc, f"goal row {goal.id}"
            for act in area.activities:
                yield gp.periods, act.period, act.period_loc, f"activity {act.id}"
    if vp := plans.vp:
        for stream in vp.streams:
            for ms in stream.milestones:
                yield vp.periods, ms.period, ms.period_loc, f"milestone {ms.id}"


@check("OMST205", "error")
def check_periods_known(plans: Plans) -> Iterator[Finding]:
    """Every period used is declared in the plan's `perioder`.

    FAIL: `period: "2025-2026"` where the plan declares 2023, 2024-2025, 2026-2027, 2028.
    """
    for declared, period, loc, what in _period_uses(plans):
        ids = [p.id for p in declared]
        if period not in ids:
            yield _at(loc, "OMST205", f"{what} uses period {period}, which the plan does "
                      f"not declare (declared: {', '.join(ids)})")


@check("OMST206", "error")
def check_periods_consistent(plans: Plans) -> Iterator[Finding]:
    """Periods run forward without overlap, the vision comes last, activities are not
    planned in the vision, goal texts follow the period order, and the plan's periods lie
    within its validity (giltig från/till) but for the vision.

    FAIL: perioder 2024-2025 then 2023; an activity with `period: "2028"` (the vision).
    """
    for plan in (plans.gp, plans.vp):
        if plan is None:
            continue
        previous: Period | None = None
        for period in plan.periods:
            first, last = period.years
            if first > last:
                yield _at(period.loc, "OMST206", f"period {period.id} ends before it begins")
            if previous and first <= previous.years[1]:
                yield _at(period.loc, "OMST206", f"period {period.id} does not come after "
                          f"{previous.id}: periods run forward without overlap")
            if previous and previous.vision:
                yield _at(period.loc, "OMST206", f"period {period.id} comes after the vision "
                          f"{previous.id}; the vision is the last period")
            previous = period
    gp = plans.gp
    if gp is None:
        return
    vision = {p.id for p in gp.periods if p.vision}
    order = {p.id: i for i, p in enumerate(gp.periods)}
    valid_from, valid_to = gp.metadata.get("giltig_fran"), gp.metadata.get("giltig_till")
    if valid_from and valid_to:
        for period in gp.periods:
            first, last = period.years
            if not period.vision and (first < int(valid_from[:4]) or last > int(valid_to[:4])):
                yield _at(period.loc, "OMST206", f"period {period.id} lies outside the plan's "
                          f"validity {valid_from} – {valid_to}")
    for area in gp.areas:
        for act in area.activities:
            if act.period in vision:
                yield _at(act.period_loc, "OMST206", f"activity {act.id} is planned in the "
                          f"vision {act.period}; activities belong to the plan's periods")
        for sub in area.subareas:
            for goal in sub.goals:
                keys = [t.period for t in goal.texts if t.period in order]
                if keys != sorted(keys, key=order.__getitem__):
                    yield _at(goal.loc, "OMST206", f"goal row {goal.id} lists its periods out "
                              f"of order ({', '.join(keys)})")


@check("OMST207", "error")
def check_no_empty_text(plans: Plans) -> Iterator[Finding]:
    """No text is empty or only white space.

    FAIL: `text: ""` or `"2023": " "`.
    """
    for doc in plans.docs:
        for path, value in iter_paths(doc.data):
            if isinstance(value, str) and not value.strip():
                pos = doc.pos(path)
                yield _at(Loc(doc.path, pos.line, pos.column), "OMST207",
                          f"empty text at {path_text(path)}")


@check("OMST208", "warning")
def check_duplicate_texts(plans: Plans) -> Iterator[Finding]:
    """The same text does not stand twice where it would be the same item twice: among the
    areas, an area's subareas, its activities of one period, its indicators, and the
    verksamhetsplan's work streams and milestones. (Goal texts may repeat: the plans keep a
    goal over several periods on purpose.)

    FAIL: two activities of Kvalitetsdriven verksamhetsutveckling in 2024-2025 with the same
    text.
    """
    # Lists, not generators: a generator here would read the loop variables only after the
    # loops ended, and compare the last area's items only.
    groups: list[tuple[str, list[tuple[str, str, Loc]]]] = []
    if gp := plans.gp:
        groups.append(("area name", [(a.id, a.namn, a.loc) for a in gp.areas]))
        for area in gp.areas:
            groups.append(("subarea name", [(s.id, s.namn, s.loc) for s in area.subareas]))
            for period in gp.periods:
                groups.append((f"activity in {period.id}", [
                    (a.id, a.text, a.loc) for a in area.activities if a.period == period.id]))
            groups.append(("indicator", [(i.id, i.text, i.loc) for i in area.indicators]))
    if vp := plans.vp:
        groups.append(("work stream name", [(s.id, s.namn, s.loc) for s in vp.streams]))
        groups.append(("milestone", [(m.id, m.text, m.loc) for s in vp.streams
                                     for m in s.milestones]))
    for what, items in groups:
        seen: dict[str, str] = {}
        for item_id, text, loc in items:
            key = " ".join(text.split()).casefold()
            if key in seen:
                yield _at(loc, "OMST208", f"{item_id} repeats the text of {seen[key]} ({what})")
            elif key:
                seen[key] = item_id


_PLACEHOLDER = re.compile(r"\b(?:[Xx]{2,}|TBD|TODO|FIXME|NN)\b|\?{2,}|\[\.\.\.\]|…")


@check("OMST209", "warning")
def check_no_placeholders(plans: Plans) -> Iterator[Finding]:
    """No placeholder is left in a text: "Xx %", "XX", "TBD", "TODO", "???", "[...]".

    FAIL: `text: Xx % av resurs är omställd till nära vård.`
    """
    for doc in plans.docs:
        for path, value in iter_paths(doc.data):
            if isinstance(value, str) and (match := _PLACEHOLDER.search(value)):
                pos = doc.pos(path)
                yield _at(Loc(doc.path, pos.line, pos.column), "OMST209",
                          f"placeholder '{match.group()}' in text: \"{clip(value, 60)}\"")


@check("OMST210", "warning")
def check_subareas_served(plans: Plans) -> Iterator[Finding]:
    """Every genomförandeplan subarea is served by some work stream or milestone.

    FAIL: subarea PR.3 that no `lankar` in the verksamhetsplan names.
    """
    if not (plans.gp and plans.vp):
        return
    served = {link.target for s in plans.vp.streams for _, link in s.all_links()}
    for _area, sub in plans.gp.subareas():
        if sub.id not in served:
            yield _at(sub.loc, "OMST210", f"subarea {sub.id} ({clip(sub.namn, 50)}) is served "
                      "by no work stream of the verksamhetsplan")


@check("OMST211", "warning")
def check_streams_serve(plans: Plans) -> Iterator[Finding]:
    """Every work stream serves at least one subarea, itself or through a milestone.

    FAIL: a work stream with no `lankar` and none on its milestones.
    """
    if not plans.vp:
        return
    for stream in plans.vp.streams:
        if not any(True for _ in stream.all_links()):
            yield _at(stream.loc, "OMST211", f"work stream {stream.id} ({stream.namn}) serves "
                      "no subarea of the genomförandeplan: add `lankar`")
