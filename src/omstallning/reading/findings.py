"""Findings: what validate reports. How they are printed is formats.findings' business."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Finding:
    """One problem at one place. Field order is sort order: by file, then position."""

    file: str
    line: int
    column: int
    severity: Severity
    code: str
    message: str

    def as_error(self) -> Finding:
        return Finding(self.file, self.line, self.column, "error", self.code, self.message)


@dataclass(frozen=True)
class FindingsReport:
    """What validate reports: the findings, and every file it checked (clean ones too)."""

    findings: list[Finding]
    files: list[str]


def has_errors(findings: Iterable[Finding]) -> bool:
    return any(f.severity == "error" for f in findings)


def strict(findings: Iterable[Finding]) -> list[Finding]:
    """--strict: every warning counts as an error."""
    return [f.as_error() for f in findings]
