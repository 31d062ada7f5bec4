"""Findings for CI systems: SARIF 2.1.0 (GitHub code scanning), GitLab Code Quality, JUnit.

Paths are relative to the repository root (the git root above the current directory, else
the current directory), as these systems resolve them; rules and their help come from the
check registry."""

from __future__ import annotations

import hashlib
import json
import os
import re
from pathlib import Path
from typing import TextIO
from xml.sax.saxutils import escape, quoteattr

from .. import __version__
from ..checks.catalogue import catalogue
from ..reading.findings import Finding, FindingsReport
from ..reading.git import root_of
from .safe import uri_path, xml_text

TOOL_URI = "https://github.com/vgregion/omst"


def rules() -> dict[str, tuple[str, str, str]]:
    """Every code: (severity, one line on what it finds, the whole help text)."""
    return {doc.code: (doc.severity, doc.summary, doc.full) for doc in catalogue()}


def repo_path(shown: str, cwd: Path | None = None) -> str:
    """A finding's file as a path from the root of the repository that holds it (else from
    the current directory), with forward slashes."""
    cwd = (cwd or Path.cwd()).resolve()
    path = (cwd / shown).resolve()
    root = root_of(path.parent) or cwd
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return Path(os.path.relpath(path, root)).as_posix()


def sarif(report: FindingsReport, out: TextIO) -> None:
    codes = rules()
    order = {code: i for i, code in enumerate(codes)}
    levels = {"error": "error", "warning": "warning"}
    log = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "omst",
                        "version": __version__,
                        "informationUri": TOOL_URI,
                        "rules": [
                            {
                                "id": code,
                                "name": code,
                                "shortDescription": {"text": first},
                                "fullDescription": {"text": full},
                                "help": {"text": full},
                                "defaultConfiguration": {"level": levels[severity]},
                            }
                            for code, (severity, first, full) in codes.items()
                        ],
                    }
                },
                "columnKind": "unicodeCodePoints",
                "artifacts": [
                    {"location": {"uri": uri_path(repo_path(f)), "uriBaseId": "%SRCROOT%"}}
                    for f in report.files
                ],
                "results": [
                    {
                        "ruleId": f.code,
                        "ruleIndex": order[f.code],
                        "level": levels[f.severity],
                        "message": {"text": f.message},
                        "locations": [
                            {
                                "physicalLocation": {
                                    "artifactLocation": {
                                        "uri": uri_path(repo_path(f.workbook)),
                                        "uriBaseId": "%SRCROOT%",
                                    },
                                    "region": {"startLine": f.line, "startColumn": f.column},
                                },
                                # a workbook's cell ("x.xlsx:Status!E7") by its own name
                                **(
                                    {"logicalLocations": [{"fullyQualifiedName": f.where}]}
                                    if f.workbook != f.file
                                    else {}
                                ),
                            }
                        ],
                        "partialFingerprints": {"omst/v1": fingerprint(f, n)},
                    }
                    for f, n in _numbered(report.findings)
                ],
            }
        ],
    }
    out.write(json.dumps(log, ensure_ascii=False, indent=2) + "\n")


# Line numbers quoted in a message ("first at line 28") move with unrelated edits.
_LINE_REF = re.compile(r"\b(?:line|rad) \d+|:\d+(?::\d+)?\b")


# What a message is about, in any language: the IDs, keys and values it quotes (the catalogue
# keeps every placeholder, so a finding names the same ones in Swedish and in English).
_ABOUT = re.compile(r"'[^']*'|\"[^\"]*\"|\b[A-ZÅÄÖ]{2,8}(?:\.[A-Z]?[0-9]+)+\b|\b[A-ZÅÄÖ]{2,8}\b")


def _about(message: str) -> str:
    return "\0".join(_ABOUT.findall(_LINE_REF.sub("", message)))


def fingerprint(finding: Finding, occurrence: int) -> str:
    """The same for the same problem after unrelated lines moved, and in either language:
    file, code, the IDs and values the message names (not its words, which the reader's
    language decides, nor line numbers), and which of several such findings it is."""
    key = "\0".join(
        (repo_path(finding.file), finding.code, _about(finding.message), str(occurrence))
    )
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def _numbered(findings: list[Finding]) -> list[tuple[Finding, int]]:
    seen: dict[tuple[str, str, str], int] = {}
    numbered = []
    for f in findings:
        key = (f.file, f.code, _about(f.message))
        seen[key] = seen.get(key, 0) + 1
        numbered.append((f, seen[key]))
    return numbered


def gitlab(report: FindingsReport, out: TextIO) -> None:
    """GitLab Code Quality: a JSON list; GitLab shows it in the merge request's widget."""
    severity = {"error": "major", "warning": "minor"}
    issues = [
        {
            "description": f"{f.code} {f.message}",
            "check_name": f.code,
            "fingerprint": fingerprint(f, n),
            "severity": severity[f.severity],
            "location": {"path": repo_path(f.workbook), "lines": {"begin": f.line}},
        }
        for f, n in _numbered(report.findings)
    ]
    out.write(json.dumps(issues, ensure_ascii=False, indent=2) + "\n")


def junit(report: FindingsReport, out: TextIO) -> None:
    """JUnit XML: a test suite per file, a test case per check, a failure per finding; no
    character XML 1.0 forbids (see safe.xml_text)."""
    codes = rules()
    files = list(dict.fromkeys([*report.files, *(f.file for f in report.findings)]))
    by_case: dict[tuple[str, str], list[Finding]] = {}
    for f in report.findings:
        by_case.setdefault((f.file, f.code), []).append(f)
    failing = sum(1 for f in report.findings if f.severity == "error")
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'<testsuites name="omst validate" tests="{len(files) * len(codes)}" failures="{failing}">',
    ]
    for file in files:
        path = xml_text(repo_path(file))
        cases = [(code, by_case.get((file, code), [])) for code in codes]
        errors = sum(1 for _, found in cases for f in found if f.severity == "error")
        lines.append(
            f'  <testsuite name={quoteattr(path)} tests="{len(cases)}" '
            f'failures="{errors}" errors="0" skipped="0">'
        )
        for code, found in cases:
            name = quoteattr(f"{code} {codes[code][1]}")
            if not found:
                lines.append(f"    <testcase classname={quoteattr(path)} name={name}/>")
                continue
            lines.append(f"    <testcase classname={quoteattr(path)} name={name}>")
            for f in found:
                where = f"{path}:{f.line}:{f.column}"
                text = xml_text(f.message)
                full = escape(f"{where}: {f.severity} {f.code} {text}")
                if f.severity == "error":
                    message = quoteattr(f"{where}: {text}")
                    lines.append(
                        f'      <failure type="{f.code}" message={message}>{full}</failure>'
                    )
                else:  # a warning does not fail the build: it is reported, not failed
                    lines.append(f"      <system-out>{full}</system-out>")
            lines.append("    </testcase>")
        lines.append("  </testsuite>")
    lines.append("</testsuites>")
    out.write("\n".join(lines) + "\n")
