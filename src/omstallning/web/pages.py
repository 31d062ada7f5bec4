"""The pages' HTML: what the core returns, through the formats and templates the commands
use, in a small shared layout (templates/serve/). Every word a person reads is `_()`; plan
text is escaped by the templates' autoescape."""

from __future__ import annotations

import io
import re
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple
from urllib.parse import quote

from markupsafe import Markup

from .. import formats
from ..formats import DiffFormat, LogFormat
from ..formats.document import render_text, template

__all__ = ["Body", "Problem", "render_text"]
from ..i18n import _

if TYPE_CHECKING:
    from ..core.plans import ItemView
    from ..reading.findings import Finding, FindingsReport

# The routes a person moves between, in the order the navigation shows them.
NAVIGATION = ("/", "/status", "/diff", "/findings")


class Body(NamedTuple):
    """A page's own part: its title and the HTML inside <main>."""

    title: str
    main: Markup
    status: int = 200


class Problem(NamedTuple):
    """What keeps the plans from being built now: the errors (located findings), the IDs
    of the items they break, and the command's own message."""

    errors: list[Finding]
    broken: frozenset[str]
    message: str


def _labels() -> dict[str, str]:
    return {
        "/": _("Document"),
        "/status": _("Follow-up"),
        "/diff": _("Changes"),
        "/findings": _("Findings"),
    }


def _render(name: str, **context: Any) -> Markup:
    return Markup(template(f"serve/{name}.html.j2", "html").render(**context))


def header(current: str) -> Markup:
    """The navigation between the pages and the place for the live state ("updating…")."""
    labels = _labels()
    links = [{"href": p, "label": labels[p], "current": p == current} for p in NAVIGATION]
    return _render(
        "header",
        links=links,
        nav_label=_("omst pages"),
        updating=_("updating…"),
    )


def banner(problem: Problem | None, here: str) -> Markup:
    """The plans' errors over the last good page, each with its file:line; the items they
    break are marked where they stand (see `marks`)."""
    if problem is None:
        return Markup("")
    errors = [_located(f) for f in problem.errors]
    return _render(
        "banner",
        heading=_("The plans have an error: this page shows them as they were before it"),
        message=problem.message,
        errors=errors,
        findings_link=_("All findings"),
        broken_label=_("Items that cannot be built now:"),
        broken=sorted(problem.broken),
        here=here,
        marks=marks(problem.broken),
    )


def marks(broken: Iterable[str]) -> Markup:
    """A style rule that outlines each item that cannot be built, by its anchor, with a word
    before it. IDs and the word are CSS-escaped whole: plan text never ends the style."""
    ids = sorted(broken)
    if not ids:
        return Markup("")
    selectors = ",".join(f'[id="{_css(i)}"]' for i in ids)
    before = ",".join(f'[id="{_css(i)}"]::before' for i in ids)
    word = _css(_("cannot be built now: see the error above"))
    return Markup(
        f"<style>{selectors}{{outline:3px solid #b00020;outline-offset:4px}}"
        f'{before}{{content:"\\26A0  {word}";display:block;color:#b00020;'
        "font-weight:600;font-size:.9rem}</style>"
    )


def _css(text: str) -> str:
    return "".join(
        c if c.isascii() and (c.isalnum() or c in "._-") else f"\\{ord(c):06x}" for c in text
    )


def _located(finding: Finding) -> dict[str, Any]:
    return {
        "where": f"{finding.file}:{finding.line}:{finding.column}",
        "code": finding.code,
        "severity": _severity(finding.severity),
        "severity_key": finding.severity,
        "message": finding.message,
        "editor": editor_link(finding),
    }


def _severity(severity: str) -> str:
    return _("error") if severity == "error" else _("warning")


def editor_link(finding: Finding) -> str:
    """The finding's place as VS Code opens it: vscode://file/ABSOLUTE:LINE:COL."""
    path = Path(finding.file).absolute().as_posix()
    path = quote(path if path.startswith("/") else "/" + path)  # C:/… on Windows
    return f"vscode://file{path}:{finding.line}:{finding.column}"


def layout(lang: str, here: str, body: Body, problem: Problem | None, generation: int) -> str:
    return str(
        _render(
            "layout",
            lang=lang,
            title=body.title,
            header=header(here),
            banner=banner(problem, here),
            main=body.main,
            generation=generation,
        )
    )


_BODY_OPEN = re.compile(r"<body[^>]*>")


def live_document(document: str, lang: str, problem: Problem | None, generation: int) -> str:
    """The inriktningsdokument as `omst render` writes it, with the pages' navigation and
    banner at the top of its body and the live script and style in its head."""
    # Plain strings: the document is HTML already, and Markup would escape it once more.
    head = str(_render("head", generation=generation))
    top = str(_render("top", lang=lang, header=header("/"), banner=banner(problem, "/")))
    at = document.find("</head>")
    body = _BODY_OPEN.search(document, at)
    if at < 0 or body is None:  # a document of another shape: shown as it is
        return document
    return document[:at] + head + document[at : body.end()] + top + document[body.end() :]


def no_document(problem: Problem | None) -> Body:
    return Body(
        _("The document"),
        _render(
            "message",
            heading=_("The document cannot be built yet"),
            text=_("Fix the errors above; the page updates by itself once the plans pass."),
        ),
    )


def unavailable(title: str, message: str, status: int = 200) -> Body:
    return Body(title, _render("message", heading=title, text=message), status)


def findings_page(report: FindingsReport, files: int) -> Body:
    from ..formats.findings import summary

    rows = [_located(f) for f in report.findings]
    return Body(
        _("Findings"),
        _render(
            "findings",
            heading=_("Findings of omst validate"),
            summary=summary(report.findings, files),
            rows=rows,
            columns={
                "where": _("Where"),
                "severity": _("Severity"),
                "code": _("Code"),
                "message": _("Message"),
            },
            open_label=_("open in VS Code"),
            no_findings=_("No findings: the plans pass every check."),
        ),
    )


def tables_html(report: object) -> Markup:
    """A report's tables as `omst status` and `omst link` print them, as HTML tables."""
    from ..formats.tables import present

    return _render("tables", tables=present(report).tables)


def status_page(report: object, tertial: str, forvaltning: str) -> Body:
    """The round's overview and the follow-up, as `omst status` prints them, with a form
    (GET, so it works without JavaScript) for another tertial or one förvaltning."""
    return Body(
        _("Follow-up"),
        _render(
            "status",
            heading=_("The förvaltningar's follow-up"),
            tables=tables_html(report),
            form={
                "legend": _("Show the round"),
                "tertial": _("Tertial (e.g. T2 2024)"),
                "forvaltning": _("Förvaltning (its ID, e.g. SKAS; empty: all)"),
                "submit": _("Show"),
            },
            tertial=tertial,
            forvaltning=forvaltning,
        ),
    )


def markdown_html(text: str, top: int = 2) -> Markup:
    """Markdown as a pull request shows it, its headings moved so that the first level is
    `top` (under the page's h1). Plan text in it is escaped by the Markdown writers
    (formats.markdown), so the raw HTML left is omst's own: <details>, anchors."""
    from markdown_it import MarkdownIt

    md = MarkdownIt("commonmark", {"html": True}).enable("table")
    tokens = md.parse(text)
    levels = [int(t.tag[1]) for t in tokens if t.type in ("heading_open", "heading_close")]
    shift = min(levels, default=top) - top
    for token in tokens:
        if token.type in ("heading_open", "heading_close"):
            token.tag = f"h{min(6, max(1, int(token.tag[1]) - shift))}"
    return Markup(md.renderer.render(tokens, md.options, {}))


def diff_page(report: object, base: str) -> Body:
    buffer = io.StringIO()
    formats.writer(formats.DIFF, DiffFormat.markdown)(report, buffer)
    return Body(
        _("Changes"),
        _render(
            "diff",
            heading=_("Changes against {base}, with the edits not yet committed").format(base=base),
            body=markdown_html(buffer.getvalue()),
        ),
    )


def item_page(view: ItemView, history: object | None, history_problem: str | None) -> Body:
    first = view.entries[0]
    log = ""
    if history is not None:
        buffer = io.StringIO()
        formats.writer(formats.LOG, LogFormat.markdown)(history, buffer)
        log = buffer.getvalue()
    links: list[dict[str, Any]] = []
    if view.links is not None:
        from ..formats.tables import present

        for table in present(view.links).tables:
            links.append(
                {
                    "title": table.title,
                    "columns": [*table.columns, _("Review")],
                    "rows": [
                        [
                            *row,
                            _("suspect: re-read the motivering")
                            if (str(row[0]), str(row[1])) in view.suspect
                            else "",
                        ]
                        for row in table.rows
                    ],
                }
            )
    return Body(
        f"{first.id} {first.label}",
        _render(
            "item",
            item=first,
            parts=view.entries[1:],
            links=links,
            group=_worded_group(view.followup["group"]) if view.followup else None,
            indicators=[_worded_indicator(i) for i in view.indicators],
            history=markdown_html(log) if log else None,
            history_problem=history_problem,
            words={
                "text": _("Text"),
                "field": _("Field"),
                "value": _("Value"),
                "parts": _("Parts"),
                "links": _("Links"),
                "no_links": _("No links: only work streams, milestones, areas and subareas link."),
                "followup": _("Follow-up"),
                "no_followup": _("No förvaltning reports on this item."),
                "gaps": _("Not reported by:"),
                "indicators": _("Indicators"),
                "history": _("History"),
                "target": _("target"),
                "document": _("In the document"),
            },
        ),
    )


def _worded_group(group: dict[str, Any]) -> dict[str, Any]:
    from ..formats.words import light_label

    reported = [
        {
            **r,
            "status": [
                {**s, "light_label": light_label(s["light"]) if s["light"] else ""}
                for s in r["status"]
            ],
        }
        for r in group["reported"]
    ]
    return {**group, "reported": reported}


def _worded_indicator(indicator: dict[str, Any]) -> dict[str, Any]:
    from ..formats.words import decimal, light_label

    readings = [
        {
            **r,
            "outcome_text": decimal(r["outcome"]) if r["outcome"] is not None else "",
            "target_text": decimal(r["target"]) if r["target"] is not None else "",
            "light_label": light_label(r["light"]) if r["light"] else "",
        }
        for r in indicator["readings"]
    ]
    return {**indicator, "readings": readings}
