"""Checking the plans: documents in, findings and the plans' model out.

Importing this package registers every check (each module adds its own to the registry).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..model.followup import build_forvaltning
from ..model.plans import Plans, build_genomforandeplan, build_verksamhetsplan
from ..reading.findings import Finding
from ..reading.plandir import FOLLOWUP_KIND, read_dir
from ..reading.schema import validate_document
from ..reading.yamlfile import Document
from . import followup, ids, links, periods, texts  # noqa: F401  (registers the checks)
from .registry import CHECKS, READ_CODES, run_checks

__all__ = ["CHECKS", "READ_CODES", "Checked", "check_dir", "check_docs"]


@dataclass
class Checked:
    plans: Plans
    findings: list[Finding]
    files: int = 2


_BUILDERS: dict[str, Callable[[Document], object]] = {
    "genomforandeplan": build_genomforandeplan,
    "verksamhetsplan": build_verksamhetsplan,
}


def check_docs(docs: dict[str, Document]) -> Checked:
    """Load findings, schema findings and semantic checks of every file, sorted."""
    plans = Plans(docs=list(docs.values()))
    findings: list[Finding] = []
    for key, doc in docs.items():
        kind, _, stem = key.partition(":")
        findings.extend(doc.findings)
        if doc.data is None:
            continue
        schema_findings = validate_document(doc, kind)
        findings.extend(schema_findings)
        if schema_findings:
            continue
        if kind == FOLLOWUP_KIND:
            plans.forvaltningar.append(build_forvaltning(doc, stem))
        else:
            setattr(plans, "gp" if kind == "genomforandeplan" else "vp", _BUILDERS[kind](doc))
    findings.extend(run_checks(plans))
    return Checked(plans, sorted(set(findings)), len(docs))


def check_dir(plan_dir: Path) -> Checked:
    return check_docs(read_dir(plan_dir))
