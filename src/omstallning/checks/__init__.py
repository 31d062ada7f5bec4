"""Checking the plans: documents in, findings and the plans' model out.

Importing this package registers every check (each module adds its own to the registry).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

from ..model.followup import build_forvaltning
from ..model.plans import (
    Genomforandeplan,
    Plans,
    Verksamhetsplan,
    build_genomforandeplan,
    build_verksamhetsplan,
)
from ..reading.findings import Finding
from ..reading.kinds import FORVALTNING, GENOMFORANDEPLAN, VERKSAMHETSPLAN
from ..reading.places import known_ids
from ..reading.plandir import read_dir
from ..reading.schema import broken_items, check_schema
from ..reading.yamlfile import Document, PathKey
from . import followup, ids, links, periods, texts  # noqa: F401  (registers the checks)
from .registry import CHECKS, READ_CODES, run_checks

__all__ = ["CHECKS", "READ_CODES", "Checked", "build_plan", "check_dir", "check_docs"]


class Checked(NamedTuple):
    # A NamedTuple, not a dataclass: every run imports this, and a dataclass is compiled
    # anew at each import (bench/: start-up).
    plans: Plans
    findings: list[Finding]
    files: int = 2
    # Files (by kind key) that did not pass their reading or their schema whole.
    incomplete: frozenset[str] = frozenset()

    def complete(self, *kinds: str) -> bool:
        return not self.incomplete & set(kinds)


PlanBuilder = Callable[[Document, frozenset[PathKey]], Genomforandeplan | Verksamhetsplan]

_BUILDERS: dict[str, PlanBuilder] = {
    GENOMFORANDEPLAN: build_genomforandeplan,
    VERKSAMHETSPLAN: build_verksamhetsplan,
}


def check_docs(docs: dict[str, Document]) -> Checked:
    """Load findings, schema findings and semantic checks of every file, sorted.

    A file that breaks its schema in some items is still built without them, so that every
    check that does not depend on those items runs in the same run; `Plans.broken_ids`
    remembers what was left out."""
    plans = Plans(docs=list(docs.values()))
    findings: list[Finding] = []
    incomplete: set[str] = set()
    all_ids: dict[str, str] | None = None

    def plan_ids() -> dict[str, str]:
        nonlocal all_ids
        if all_ids is None:
            all_ids = known_ids(docs.values())
        return all_ids

    for key, doc in docs.items():
        kind, _, stem = key.partition(":")
        findings.extend(doc.findings)
        if doc.data is None:
            incomplete.add(key)
            continue
        schema_findings, errors = check_schema(doc, kind, ids=plan_ids)
        findings.extend(schema_findings)
        if schema_findings:
            incomplete.add(key)
        skip = broken_items(errors) if errors is not None else None
        if skip is None:
            continue
        plans.broken_ids.update(_ids_under(doc.data, skip))
        # A file read with an error may lack items, as one whose items broke the schema
        # does: what is missing is that error, not another finding. A key read twice
        # (OMST005) drops only its second value, so it counts where it stands on the way
        # to a subarea's ID or inside a link; an activity's text read twice loses no subarea.
        misread = any(f.severity == "error" and f.code != "OMST005" for f in doc.findings)
        if kind == GENOMFORANDEPLAN and (
            misread or any(p[0] == "omraden" for p in skip) or _lost(doc.dropped, _SUBAREA_IDS)
        ):
            plans.subareas_partial = True
        if kind == VERKSAMHETSPLAN and (
            misread or any(p[0] == "arbetsstrommar" for p in skip) or _lost(doc.dropped, _LINKS)
        ):
            plans.links_partial = True
        if kind == FORVALTNING:
            plans.forvaltningar.append(build_forvaltning(doc, stem, skip))
        else:
            setattr(plans, "gp" if kind == GENOMFORANDEPLAN else "vp", _BUILDERS[kind](doc, skip))
    findings.extend(run_checks(plans))
    return Checked(plans, sorted(set(findings)), len(docs), frozenset(incomplete))


def build_plan(
    doc: Document, kind: str, whole: bool = False
) -> Genomforandeplan | Verksamhetsplan | None:
    """One plan file's model, without the items that break its schema; None where it cannot
    be built (unreadable, or broken outside any item; with `whole`, any schema error). No
    checks are run."""
    if doc.data is None:
        return None
    findings, errors = check_schema(doc, kind)
    if whole and findings:
        return None
    skip = broken_items(errors) if errors is not None else None
    return None if skip is None else _BUILDERS[kind](doc, skip)


# Where subareas' IDs and links stand in the data; None is any list index.
_SUBAREA_IDS = (("omraden", None, "delomraden", None, "id"),)
_LINKS = (
    ("arbetsstrommar", None, "lankar", None),
    ("arbetsstrommar", None, "milstolpar", None, "lankar", None),
)


def _lost(dropped: list[PathKey], places: tuple[tuple[str | None, ...], ...]) -> bool:
    """Whether a key dropped at one of `dropped` lies on the way to one of `places` or
    inside it: then what stands there may be missing or other than written."""
    return any(
        all(want is None or want == got for want, got in zip(place, path, strict=False))
        for path in dropped
        for place in places
    )


def _ids_under(data: Any, paths: frozenset[PathKey]) -> set[str]:
    found: set[str] = set()
    for path in paths:
        node = data
        for part in path:
            node = node[part]
        stack = [node]
        while stack:
            item = stack.pop()
            if isinstance(item, dict):
                found.update(
                    v
                    for k, v in item.items()
                    if k in ("id", "till", "avser") and isinstance(v, str)
                )
                stack.extend(item.values())
            elif isinstance(item, list):
                stack.extend(item)
    return found


def check_dir(plan_dir: Path, max_file_size: int | None = None) -> Checked:
    return check_docs(read_dir(plan_dir, max_file_size))
