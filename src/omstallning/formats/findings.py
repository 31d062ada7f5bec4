"""Findings as text, JSON and GitHub workflow annotations. Plain sys.stdout, never rich."""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import TextIO

from ..reading.findings import Finding


def _one_line(text: str) -> str:
    # One finding, one line: a line break quoted from a plan must not start another.
    return text.replace("\r", "\\r").replace("\n", "\\n")


def text(findings: list[Finding], out: TextIO) -> None:
    out.write("".join(
        f"{f.file}:{f.line}:{f.column}: {f.severity} {f.code} {_one_line(f.message)}\n"
        for f in findings))


def json_list(findings: list[Finding], out: TextIO) -> None:
    out.write(json.dumps([asdict(f) for f in findings], ensure_ascii=False, indent=2) + "\n")


def _escape_data(value: str) -> str:
    # GitHub's workflow-command escaping (toolkit's escapeData / escapeProperty).
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value: str) -> str:
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")


def github(findings: list[Finding], out: TextIO) -> None:
    """Annotations, then the plain list: GitHub shows only ten annotations of a kind per step."""
    out.write("".join(
        f"::{f.severity} file={_escape_property(f.file)},line={f.line},col={f.column},"
        f"title={_escape_property(f.code)}::{_escape_data(f.message)}\n"
        for f in findings))
    text(findings, out)


def summary(findings: list[Finding], files: int) -> str:
    errors = sum(f.severity == "error" for f in findings)
    warnings = len(findings) - errors
    if not findings:
        return f"{files} plan files valid, no findings."
    return f"{errors} error(s), {warnings} warning(s) in {files} plan files."
