"""The workbook as sheets of rows, and as an .xlsx file (xlsxwriter, imported only by
`omst export`).

Header rows frozen, filters on, widths from the content, IDs as text, and the same plans
give the same bytes: the document properties carry a fixed date, not the time of writing.
The first sheet says which commit of the plans and which day the workbook shows. A traffic
light stands in the region's words (the tertial form's dropdown), its code beside it for a
program or a filter.

Headers, sheet names and omst's words are in the reader's language (the catalogue); the
plans' texts as they are written, and codes (IDs, `uppnas`, `saknas`) as the plan files keep
them, in every language.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import __version__
from ..analyses.status import Cell as StatusCell
from ..analyses.status import Status
from ..analyses.workbook import Workbook
from ..i18n import _
from ..model.followup import StatusEntry
from ..model.walk import Kind
from ..reading.writer import staged_all
from .books import HEADER, xlsx_bytes
from .names import kind_name
from .stats import area_table
from .status import label
from .tables import Cell
from .words import assessment


@dataclass
class Sheet:
    name: str  # at most 31 characters, as Excel allows
    columns: list[str]
    rows: list[list[Cell | None]] = field(default_factory=list)


_MAX_WIDTH = 80


def xlsx(book: Workbook, path: Path) -> None:
    def fill(workbook: Any) -> None:
        header = workbook.add_format(HEADER)
        wrap = workbook.add_format({"text_wrap": True, "valign": "top"})
        for sheet in sheets(book):
            _write_sheet(workbook, sheet, header, wrap)

    with staged_all([path]) as (file,):
        file.binary.write(xlsx_bytes(_("omst: plans and follow-up"), fill))


def _write_sheet(workbook: object, sheet: Sheet, header: object, wrap: object) -> None:
    ws = workbook.add_worksheet(sheet.name[:31])  # type: ignore[attr-defined]
    ws.write_row(0, 0, sheet.columns, header)
    for r, row in enumerate(sheet.rows, 1):
        for c, value in enumerate(row):
            if value is None:
                continue
            if isinstance(value, bool) or not isinstance(value, int | float):
                ws.write_string(r, c, str(value), wrap)  # IDs and periods stay text
            else:
                ws.write_number(r, c, value)
    ws.freeze_panes(1, 0)
    ws.autofilter(0, 0, max(len(sheet.rows), 1), len(sheet.columns) - 1)
    for c, name in enumerate(sheet.columns):
        longest = max([len(name), *(len(str(row[c])) for row in sheet.rows if row[c] is not None)])
        ws.set_column(c, c, min(max(longest, 6) + 2, _MAX_WIDTH))


# A light's code → the region's words for it, as the tertial form's dropdown has them (in
# the reader's language: formats.words.assessment).
def light_word(light: str | None) -> str | None:
    return assessment(light) if light else None


def entry_word(entry: StatusEntry) -> str:
    """A status entry's assessment: a light in words, not assessed, or not answered."""
    if entry.missing:
        return _("Missing (asked for, not answered)")
    return assessment(entry.light)


def cell_word(cell: StatusCell) -> str | None:
    if not cell.status:
        return None
    return entry_word(cell.status[0]) if cell.missing else assessment(cell.light)


def span(period: str) -> str:
    """A period span as the plans write it in prose: 2024–2025, with an en dash."""
    return period.replace("-", "–")


def about(book: Workbook) -> Sheet:
    """The first sheet: what the workbook was made from, and when."""
    rev = book.revision
    sheet = Sheet(_("About the workbook"), [_("Item"), _("Value")])
    changed = _("yes: the files have changed since the commit") if rev and rev.dirty else _("no")
    sheet.rows = [
        [
            _("Contents"),
            _("The genomförandeplan, the verksamhetsplan and the förvaltningar's follow-up"),
        ],
        [_("Plan folder"), book.plan_dir or None],
        [_("Commit"), rev.commit if rev else _("(the plans are not in git)")],
        [_("Commit date"), rev.date[:10] if rev else None],
        [_("Changes after the commit"), changed if rev else None],
        [_("Follow-up as of"), book.status.as_of.isoformat()],
        [_("Tertial"), str(book.status.tertial)],
        [_("Made with"), f"omst {__version__}"],
    ]
    return sheet


def sheets(book: Workbook) -> list[Sheet]:
    gp, vp, status = book.gp, book.vp, book.status
    periods = [p.id for p in gp.periods]
    goals = Sheet(
        _("Subareas and effect goals"),
        [
            _("Area"),
            _("Subarea"),
            _("Name"),
            _("Effect-goal row"),
            *(_("Effect goal {period}").format(period=span(p)) for p in periods),
        ],
    )
    activities = Sheet(_("Activities"), [_("Area"), "ID", _("Period"), _("Activity")])
    indicators = Sheet(_("Indicators"), [_("Area"), "ID", _("Indicator")])
    for area in gp.areas:
        for sub in area.subareas:
            for goal in sub.goals or ():
                goals.rows.append(
                    [area.id, sub.id, sub.namn, goal.id, *(goal.text(p) for p in periods)]
                )
            if not sub.goals:
                goals.rows.append([area.id, sub.id, sub.namn, None, *(None for _ in periods)])
        activities.rows += [[area.id, a.id, a.period, a.text] for a in area.activities]
        indicators.rows += [[area.id, i.id, i.text] for i in area.indicators]
    streams = Sheet(
        _("Work streams and milestones"),
        [_("Work stream"), _("Name"), _("Milestone"), _("Period"), _("Text")],
    )
    for stream in vp.streams:
        streams.rows.append([stream.id, stream.namn, None, None, stream.beskrivning])
        streams.rows += [
            [stream.id, stream.namn, m.id, m.period, m.text] for m in stream.milestones
        ]
    links = Sheet(
        _("Links"), [_("From"), _("Work stream"), _("To subarea"), _("Area"), _("Reason")]
    )
    links.rows = [[row.source, row.stream, row.target, row.area, row.reason] for row in book.links]
    counts_table = area_table(book.areas)
    counts = Sheet(_("Counts per area"), counts_table.columns)
    counts.rows = [list(row) for row in counts_table.rows]
    if counts_table.footer:
        counts.rows.append(list(counts_table.footer))
    followup = Sheet(
        _("Status per förvaltning"),
        [
            _("Förvaltning"),
            _("Name"),
            _("Reports"),
            _("Concerns"),
            _("Concerns, name"),
            _("State"),
            _("Tertial"),
            _("Assessment"),
            _("Assessment (code)"),
            _("Status entries"),
            _("Local goals"),
            _("Indicators"),
        ],
    )
    for forv in status.forvaltningar:
        for col in status.columns:
            cell = status.cells[forv.id, col.id]
            followup.rows.append(
                [
                    forv.id,
                    forv.namn,
                    _("yes") if forv.rapporterat else _("no"),
                    col.id,
                    col.namn,
                    label(cell),
                    str(cell.period) if cell.period else None,
                    cell_word(cell),
                    "saknas" if cell.missing else cell.light,
                    len(cell.status),
                    cell.goals,
                    cell.indicators,
                ]
            )
    series = Sheet(
        _("Indicator series"),
        [
            _("Förvaltning"),
            "ID",
            _("Indicator"),
            _("Concerns"),
            _("Unit"),
            _("Period"),
            _("Outcome"),
            _("Target"),
            _("Assessment"),
            _("Assessment (code)"),
        ],
    )
    for forv in status.forvaltningar:
        for ind in forv.indicators:
            series.rows += [
                [
                    forv.id,
                    ind.id,
                    ind.namn,
                    ind.avser,
                    ind.enhet,
                    str(r.period),
                    r.outcome,
                    r.target,
                    light_word(r.light),
                    r.light,
                ]
                for r in ind.readings
            ]
    return [
        about(book),
        goals,
        activities,
        indicators,
        streams,
        links,
        counts,
        followup,
        series,
        entries(status),
    ]


def entries(status: Status) -> Sheet:
    """Every follow-up entry of every förvaltning as one row: status, local goals, how it
    works with the plans, its programmes and its transcribed tables."""
    sheet = Sheet(
        _("Entries per förvaltning"),
        [
            _("Förvaltning"),
            _("Kind"),
            "ID",
            _("Concerns"),
            _("Period"),
            _("Assessment"),
            _("Assessment (code)"),
            _("Heading"),
            _("Text"),
        ],
    )
    for f in status.forvaltningar:
        sheet.rows += [
            [
                f.id,
                kind_name(Kind.STATUS),
                s.id,
                s.avser,
                str(s.period),
                entry_word(s),
                "saknas" if s.missing else s.light,
                None,
                "\n".join(s.punkter),
            ]
            for s in f.status
        ]
        sheet.rows += [
            [
                f.id,
                g.typ,
                g.id,
                g.avser,
                g.period,
                None,
                None,
                g.namn,
                g.text + (f"\n{g.motivering}" if g.motivering else ""),
            ]
            for g in f.goals
        ]
        sheet.rows += [
            [f.id, kind_name(Kind.WORK), w.id, ", ".join(w.avser), None, None, None, None, w.text]
            for w in f.work
        ]
        sheet.rows += [
            [
                f.id,
                kind_name(Kind.PROGRAMME),
                p.id,
                ", ".join(p.avser),
                None,
                None,
                None,
                p.namn,
                "\n".join(p.punkter),
            ]
            for p in f.programmes
        ]
        sheet.rows += [
            [
                f.id,
                kind_name(Kind.TABLE),
                t.id,
                None,
                None,
                None,
                None,
                t.rubrik,
                "\n".join(
                    [
                        " | ".join(t.kolumner),
                        *(" | ".join(str(c) for c in row) for row in t.rader),
                        *t.fotnoter,
                    ]
                ),
            ]
            for t in f.tables
        ]
        if f.kommentar:
            sheet.rows.append([f.id, _("comment"), f.id, None, None, None, None, None, f.kommentar])
    return sheet
