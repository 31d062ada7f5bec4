"""Plain tables, and the formats `stats` and `link` print them in."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

Cell = str | int


@dataclass
class Table:
    title: str
    columns: list[str]
    rows: list[list[Cell]] = field(default_factory=list)
    footer: list[Cell] | None = None
    notes: list[str] = field(default_factory=list)


def clip(text: str, width: int) -> str:
    """One line of at most `width` characters, for table cells."""
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _md_cell(value: Cell) -> str:
    from .render import md_escape

    return md_escape(value)


def to_markdown(tables: Sequence[Table]) -> str:
    out = []
    for table in tables:
        out.append(f"### {table.title}\n")
        out.append("| " + " | ".join(table.columns) + " |")
        out.append("|" + "|".join("---:" if _numeric(table, i) else "---"
                                  for i in range(len(table.columns))) + "|")
        for row in table.rows:
            out.append("| " + " | ".join(_md_cell(c) for c in row) + " |")
        if table.footer:
            out.append("| " + " | ".join(f"**{_md_cell(c)}**" if c != "" else ""
                                         for c in table.footer) + " |")
        out.extend(["", *(f"{note}\n" for note in table.notes)])
    return "\n".join(out).rstrip("\n") + "\n"


def _numeric(table: Table, index: int) -> bool:
    return bool(table.rows) and all(isinstance(row[index], int) for row in table.rows)


def to_csv(table: Table) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(table.columns)
    writer.writerows(table.rows)
    if table.footer:
        writer.writerow(table.footer)
    return buffer.getvalue()


def to_json(payload: Any) -> str:
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"


def console() -> Any:
    """A rich console for plan text, which is not markup: "[...]" and ":emoji:" stay as
    written. Piped, it is wide enough that names are not cut at 80 columns."""
    from rich.console import Console

    plain = Console(emoji=False, markup=False, highlight=False)
    if plain.is_terminal:
        return plain
    return Console(emoji=False, markup=False, highlight=False, width=160)


def print_rich(tables: Sequence[Table]) -> None:
    from rich.table import Table as RichTable

    out = console()
    for table in tables:
        rich_table = RichTable(title=table.title, show_footer=bool(table.footer),
                               title_justify="left")
        for i, column in enumerate(table.columns):
            footer = str(table.footer[i]) if table.footer else ""
            rich_table.add_column(column, footer=footer,
                                  justify="right" if _numeric(table, i) else "left")
        for row in table.rows:
            rich_table.add_row(*(str(c) for c in row))
        out.print(rich_table)
        for note in table.notes:
            out.print(note)
