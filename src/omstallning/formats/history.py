"""`omst log`: an item's history as plain text (git's word-diff markers), Markdown or JSON."""

from __future__ import annotations

from typing import TextIO

from ..analyses.entries import word_diff
from ..analyses.history import Event, LogReport, log_json
from .markdown import md_escape
from .names import KIND_NAMES
from .safe import one_line
from .tables import write_json

VERBS = {"added": "tillagd", "removed": "borttagen", "changed": "ändrad", "moved": "flyttad"}


def _headline(event: Event) -> str:
    e = event.entry
    what = f"{e.id} {KIND_NAMES[e.kind]} {VERBS[event.change]}"
    if event.change == "moved":
        what += f" från {event.old_parent} till {e.parent}"
    return what


def text(report: LogReport, out: TextIO) -> None:
    """One line each, with every control character of a git author or subject, a plan text
    or a note shown as an escape: none of them reaches the terminal as a command."""
    lines = []
    if not report.events:
        lines.append(
            f"{report.item_id}: inga ändringar i historiken"
            f"{' för ' + ' '.join(report.revisions) if report.revisions else ''}."
        )
    for event in report.events:
        c = event.commit
        lines.append(f"{c.short} {c.date[:10]} {c.author}: {c.subject}")
        lines.append(f"    {_headline(event)}")
        if event.change in ("added", "removed"):
            lines.append(f"      {' '.join(event.entry.label.split())}")
        for f in event.fields:
            runs = word_diff(f.old or "", f.new or "")
            marked = " ".join(
                t if op == "=" else f"[-{t}-]" if op == "-" else f"{{+{t}+}}" for op, t in runs
            )
            lines.append(f"      {f.field}: {marked}")
    lines += [f"obs: {note}" for note in report.notes]
    out.writelines(one_line(line) + "\n" for line in lines)


def markdown(report: LogReport, out: TextIO) -> None:
    lines = [f"### Historik: {report.item_id}", ""]
    if not report.events:
        lines.append("Inga ändringar i historiken.")
    for event in report.events:
        c = event.commit
        lines.append(f"- `{c.short}` {c.date[:10]} {md_escape(c.author)}: {md_escape(c.subject)}  ")
        lines.append(f"  **{_headline(event)}**")
        if event.change in ("added", "removed"):
            lines.append(f"  - {md_escape(event.entry.label)}")
        for f in event.fields:
            words = " ".join(
                md_escape(t)
                if op == "="
                else f"~~{md_escape(t)}~~"
                if op == "-"
                else f"**{md_escape(t)}**"
                for op, t in word_diff(f.old or "", f.new or "")
            )
            lines.append(f"  - `{f.field}`: {words}")
    if report.notes:
        lines.append("")
        lines += [f"> **Obs:** {md_escape(note)}  " for note in report.notes]
    out.write("\n".join(lines) + "\n")


def json_payload(report: LogReport, out: TextIO) -> None:
    write_json(log_json(report), out)
