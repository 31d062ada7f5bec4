"""Tables of `stats` and `link` for a terminal, Markdown, CSV and JSON."""

from __future__ import annotations

import csv
import json
from typing import Any, TextIO

from ..analyses.tables import Cell, TableReport
from .markdown import md_escape


def markdown(report: TableReport, out: TextIO) -> None:
    lines = []
    for table in report.tables:
        lines.append(f"### {table.title}\n")
        lines.append("| " + " | ".join(table.columns) + " |")
        lines.append(
            "|"
            + "|".join("---:" if table.numeric(i) else "---" for i in range(len(table.columns)))
            + "|"
        )
        for row in table.rows:
            lines.append("| " + " | ".join(_md_cell(c) for c in row) + " |")
        if table.footer:
            lines.append(
                "| "
                + " | ".join(f"**{_md_cell(c)}**" if c != "" else "" for c in table.footer)
                + " |"
            )
        lines.extend(["", *(f"{note}\n" for note in table.notes)])
    out.write("\n".join(lines).rstrip("\n") + "\n")


def _md_cell(value: Cell) -> str:
    return md_escape(value)


def csv_first(report: TableReport, out: TextIO) -> None:
    """The first table: the one a spreadsheet wants (stats: per area; link: the matrix)."""
    table = report.tables[0]
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(table.columns)
    writer.writerows(table.rows)
    if table.footer:
        writer.writerow(table.footer)


def json_payload(report: TableReport, out: TextIO) -> None:
    write_json(report.payload, out)


def write_json(payload: Any, out: TextIO) -> None:
    out.write(json.dumps(payload, ensure_ascii=False, indent=2) + "\n")


def console(out: TextIO | None = None) -> Any:
    """A rich console for plan text, which is not markup: "[...]" and ":emoji:" stay as
    written. Piped, it is wide enough that names are not cut at 80 columns."""
    from rich.console import Console

    plain = Console(file=out, emoji=False, markup=False, highlight=False)
    if plain.is_terminal:
        return plain
    return Console(file=out, emoji=False, markup=False, highlight=False, width=160)


def terminal(report: TableReport, out: TextIO) -> None:
    from rich.table import Table as RichTable

    screen = console(out)
    for table in report.tables:
        rich_table = RichTable(
            title=table.title, show_footer=bool(table.footer), title_justify="left"
        )
        for i, column in enumerate(table.columns):
            footer = str(table.footer[i]) if table.footer else ""
            rich_table.add_column(
                column, footer=footer, justify="right" if table.numeric(i) else "left"
            )
        for row in table.rows:
            rich_table.add_row(*(str(c) for c in row))
        screen.print(rich_table)
        for note in table.notes:
            screen.print(note, soft_wrap=True)  # a legend is not cut in the middle of a word
