"""Every code omst reports, as one catalogue: what `omst validate --list-checks` prints and
what SARIF's rules say. Importing it (through the checks package) registers every check."""

from __future__ import annotations

from typing import NamedTuple

from ..reading.findings import Severity
from .registry import CHECKS, READ_CODES


class CodeDoc(NamedTuple):
    code: str
    severity: Severity
    summary: str  # the first line of the check's docstring: what it finds
    details: tuple[str, ...]  # the docstring's other lines, stripped, blank lines left out

    @property
    def full(self) -> str:
        """The whole help text on one line."""
        return " ".join(" ".join((self.summary, *self.details)).split())


def catalogue() -> list[CodeDoc]:
    """The codes found while reading and schema-validating, then the checks by code."""
    codes = [CodeDoc(code, severity, text, ()) for code, (severity, text) in READ_CODES.items()]
    for code, check in sorted(CHECKS.items()):
        first, *rest = check.doc.splitlines() or [code]
        codes.append(
            CodeDoc(code, check.severity, first, tuple(r.strip() for r in rest if r.strip()))
        )
    return codes
