"""Findings: what validate reports. How they are printed is formats.findings' business."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal, NamedTuple

Severity = Literal["error", "warning"]


class Finding(NamedTuple):
    """One problem at one place. Field order is sort order: by file, then position. A
    NamedTuple, not a dataclass: compared, sorted and hashed as one, and not compiled anew
    at every start as a dataclass's methods are."""

    file: str
    line: int
    column: int
    severity: Severity
    code: str
    message: str

    @property
    def where(self) -> str:
        """Where the finding is, as text output shows it (a workbook's cell says it its own way:
        reading/workbook.py's CellFinding)."""
        return f"{self.file}:{self.line}:{self.column}"

    @property
    def workbook(self) -> str:
        """The file an outside tool should point at (the workbook, for a cell's finding)."""
        return self.file

    def as_error(self) -> Finding:
        return Finding(self.file, self.line, self.column, "error", self.code, self.message)


class FindingsReport(NamedTuple):
    """What validate reports: the findings, and every file it checked (clean ones too)."""

    findings: list[Finding]
    files: list[str]


def has_errors(findings: Iterable[Finding]) -> bool:
    return any(f.severity == "error" for f in findings)


def strict(findings: Iterable[Finding]) -> list[Finding]:
    """--strict: every warning counts as an error."""
    return [f.as_error() for f in findings]
