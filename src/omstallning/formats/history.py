"""`omst log`: an item's history as plain text (git's word-diff markers), Markdown or JSON."""

from __future__ import annotations

from typing import TextIO

from ..analyses.entries import word_diff
from ..analyses.history import Event, LogReport, log_json
from ..i18n import _
from .diff import details, field_values, verbs, what
from .markdown import md_escape
from .safe import one_line
from .tables import write_json


def _headline(event: Event) -> str:
    e = event.entry
    headline = f"{e.id} {what(e)} {verbs()[event.change]}"
    if event.change == "moved":
        headline += " " + _("from {old} to {new}").format(old=event.old_parent, new=e.parent)
    return headline


def _details(event: Event) -> list[dict[str, str]]:
    return details(event.entry) if event.change == "added" else []


def text(report: LogReport, out: TextIO) -> None:
    """One line each, with every control character of a git author or subject, a plan text
    or a note shown as an escape: none of them reaches the terminal as a command."""
    lines = []
    if not report.events:
        lines.append(
            (
                _("{id}: no changes in the history for {revisions}.")
                if report.revisions
                else _("{id}: no changes in the history.")
            ).format(id=report.item_id, revisions=" ".join(report.revisions))
        )
    for event in report.events:
        c = event.commit
        lines.append(f"{c.short} {c.date[:10]} {c.author}: {c.subject}")
        lines.append(f"    {_headline(event)}")
        shown = _details(event)
        if event.change in ("added", "removed") and not shown:
            lines.append(f"      {' '.join(event.entry.label.split())}")
        lines += [f"      {d['field']}: {d['text']}" for d in shown]
        for f in event.fields:
            values = field_values(event.entry, f.field, f.old, f.new)
            if values:
                lines.append(f"      {f.field}: {' → '.join(values)}")
                continue
            runs = word_diff(f.old or "", f.new or "")
            marked = " ".join(
                t if op == "=" else f"[-{t}-]" if op == "-" else f"{{+{t}+}}" for op, t in runs
            )
            lines.append(f"      {f.field}: {marked}")
    lines += [_("note: {note}").format(note=note) for note in report.notes]
    out.writelines(one_line(line) + "\n" for line in lines)


def markdown(report: LogReport, out: TextIO) -> None:
    lines = ["### " + _("History: {id}").format(id=report.item_id), ""]
    if not report.events:
        lines.append(_("No changes in the history."))
    for event in report.events:
        c = event.commit
        lines.append(f"- `{c.short}` {c.date[:10]} {md_escape(c.author)}: {md_escape(c.subject)}  ")
        lines.append(f"  **{md_escape(_headline(event))}**")
        shown = _details(event)
        if event.change in ("added", "removed") and not shown:
            lines.append(f"  - {md_escape(event.entry.label)}")
        lines += [f"  - `{d['field']}`: {md_escape(d['text'])}" for d in shown]
        for f in event.fields:
            values = field_values(event.entry, f.field, f.old, f.new)
            if values:
                lines.append(f"  - `{f.field}`: {' → '.join(md_escape(v) for v in values)}")
                continue
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
        title = _("Note:")
        lines += [f"> **{title}** {md_escape(note)}  " for note in report.notes]
    out.write("\n".join(lines) + "\n")


def json_payload(report: LogReport, out: TextIO) -> None:
    write_json(log_json(report), out)
