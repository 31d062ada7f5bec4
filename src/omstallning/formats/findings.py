"""Findings as text, JSON and GitHub workflow annotations. Plain sys.stdout, never rich."""

from __future__ import annotations

import json
from typing import TextIO

from ..i18n import _, ngettext
from ..reading.findings import Finding, FindingsReport
from .safe import one_line, visible


def text(report: FindingsReport, out: TextIO) -> None:
    lines(report.findings, out)


def lines(findings: list[Finding], out: TextIO) -> None:
    """One finding a line: `FILE:LINE:COL: severity CODE message`. Neither a file's name nor a
    message can start another line, which a CI system could read as a command."""
    out.write(
        "".join(
            f"{one_line(f.where)}: {f.severity} {f.code} {one_line(f.message)}\n" for f in findings
        )
    )


def json_list(report: FindingsReport, out: TextIO) -> None:
    out.write(
        json.dumps([f._asdict() for f in report.findings], ensure_ascii=False, indent=2) + "\n"
    )


def _escape_data(value: str) -> str:
    # GitHub's workflow-command escaping (toolkit's escapeData / escapeProperty); any other
    # control character is shown as an escape, not sent to the log.
    value = visible(value, keep="\r\n")
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(value: str) -> str:
    return _escape_data(value).replace(":", "%3A").replace(",", "%2C")


def github(report: FindingsReport, out: TextIO) -> None:
    """Annotations, then the plain list: GitHub shows only ten annotations of a kind per step."""
    findings = report.findings
    out.write(
        "".join(
            f"::{f.severity} file={_escape_property(f.workbook)},line={f.line},col={f.column},"
            f"title={_escape_property(f.code)}::{_escape_data(f.message)}\n"
            for f in findings
        )
    )
    lines(findings, out)


def summary(findings: list[Finding], files: int) -> str:
    errors = sum(f.severity == "error" for f in findings)
    warnings = len(findings) - errors
    if not findings:
        return ngettext(
            "{count} plan files valid, no findings.",
            "{count} plan files valid, no findings.",
            files,
        ).format(count=files)
    return _("{errors}, {warnings} in {files}.").format(
        errors=ngettext("{count} error(s)", "{count} error(s)", errors).format(count=errors),
        warnings=ngettext("{count} warning(s)", "{count} warning(s)", warnings).format(
            count=warnings
        ),
        files=ngettext("{count} plan files", "{count} plan files", files).format(count=files),
    )


STEP_SUMMARY_ROWS = 50  # the page is for a glance; the full list is in the log


def step_summary(report: FindingsReport) -> str:
    """Markdown for a CI job's summary page: counts per code, then the first findings."""
    from .markdown import md_escape

    findings = report.findings
    if not findings:
        return f"### omst validate\n\n{summary([], len(report.files))}\n"
    counts: dict[tuple[str, str], int] = {}
    for f in findings:
        counts[f.code, f.severity] = counts.get((f.code, f.severity), 0) + 1
    out = [
        "### omst validate",
        "",
        summary(findings, len(report.files)),
        "",
        "| {} | {} | {} |".format(_("Code"), _("Severity"), _("Findings")),
        "|---|---|---:|",
        *(f"| {code} | {severity} | {n} |" for (code, severity), n in sorted(counts.items())),
        "",
        "| {} | {} |".format(_("Where"), _("Finding")),
        "|---|---|",
    ]
    out += [
        f"| `{md_escape(f.file)}:{f.line}:{f.column}` | {f.severity} {f.code} "
        f"{md_escape(f.message)} |"
        for f in findings[:STEP_SUMMARY_ROWS]
    ]
    if len(findings) > STEP_SUMMARY_ROWS:
        more = len(findings) - STEP_SUMMARY_ROWS
        out += ["", _("… and {count} more: see the job's log.").format(count=more)]
    return "\n".join(out) + "\n"
