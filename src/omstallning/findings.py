"""Findings: what validate reports, and the formats it reports them in."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
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


def has_errors(findings: Iterable[Finding]) -> bool:
    return any(f.severity == "error" for f in findings)


def strict(findings: Iterable[Finding]) -> list[Finding]:
    """--strict: every warning counts as an error."""
    return [f.as_error() for f in findings]


def _one_line(text: str) -> str:
    # One finding, one line: a line break quoted from a plan must not start another.
    return text.replace("\r", "\\r").replace("\n", "\\n")


def format_text(findings: list[Finding]) -> str:
    return "".join(
        f"{f.file}:{f.line}:{f.column}: {f.severity} {f.code} {_one_line(f.message)}\n"
        for f in findings
    )


def format_json(findings: list[Finding]) -> str:
    return json.dumps([asdict(f) for f in findings], ensure_ascii=False, indent=2) + "\n"


def _escape_data(text: str) -> str:
    # GitHub's workflow-command escaping (toolkit's escapeData / escapeProperty).
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def format_github(findings: list[Finding]) -> str:
    """Annotations, then the plain list: GitHub shows only ten annotations of a kind per step."""
    lines = [
        f"::{f.severity} file={_escape_property(f.file)},line={f.line},col={f.column},"
        f"title={_escape_property(f.code)}::{_escape_data(f.message)}\n"
        for f in findings
    ]
    return "".join(lines) + format_text(findings)


FORMATTERS: dict[str, Callable[[list[Finding]], str]] = {
    "text": format_text,
    "json": format_json,
    "github": format_github,
}


def summary(findings: list[Finding], files: int) -> str:
    errors = sum(f.severity == "error" for f in findings)
    warnings = len(findings) - errors
    if not findings:
        return f"{files} plan files valid, no findings."
    return f"{errors} error(s), {warnings} warning(s) in {files} plan files."
