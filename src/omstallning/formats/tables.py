"""Tables of `stats`, `link` and `status` for a terminal, Markdown, CSV and JSON.

A writer takes a report's data as the analysis returns it; `present` turns it into tables for
people and a payload for JSON, by the report family's own module (formats.stats, .links,
.status), which is where its titles, headings and legends are written.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cached_property, singledispatch
from typing import Any, TextIO

from .markdown import md_escape
from .safe import csv_cell, visible

Cell = str | int | float


@dataclass
class Table:
    title: str
    columns: list[str]
    rows: list[list[Cell]] = field(default_factory=list)
    footer: list[Cell] | None = None
    notes: list[str] = field(default_factory=list)

    def numeric(self, index: int) -> bool:
        """A column of numbers only, right-aligned wherever it is shown."""
        return bool(self.rows) and all(
            isinstance(row[index], int | float) and not isinstance(row[index], bool)
            for row in self.rows
        )


class TableReport:
    """Tables for people (terminal, Markdown; CSV holds the first) and `payload` for JSON,
    which has a shape of its own. Each is made when a format asks for it: a grid of work
    streams × subareas is quadratic in the plans, and JSON does not need it."""

    def __init__(
        self,
        tables: list[Table] | Callable[[], list[Table]],
        payload: dict[str, Any] | Callable[[], dict[str, Any]],
    ) -> None:
        self._tables, self._payload = tables, payload

    @cached_property
    def tables(self) -> list[Table]:
        return self._tables() if callable(self._tables) else self._tables

    @cached_property
    def payload(self) -> dict[str, Any]:
        return self._payload() if callable(self._payload) else self._payload


@singledispatch
def _presenter(report: object) -> TableReport:
    raise TypeError(f"no tables for a {type(report).__name__}")


@_presenter.register
def _as_is(report: TableReport) -> TableReport:
    return report


def present(report: object) -> TableReport:
    """A report's data as tables and a JSON payload, by its family's module."""
    from . import links, stats, status  # noqa: F401  (each registers its presenter)

    return _presenter(report)


register = _presenter.register


def markdown(report: object, out: TextIO) -> None:
    lines = []
    for table in present(report).tables:
        lines.append(f"### {md_escape(table.title)}\n")
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
        lines.extend(["", *(f"{md_escape(note)}\n" for note in table.notes)])
    out.write("\n".join(lines).rstrip("\n") + "\n")


def _md_cell(value: Cell) -> str:
    return md_escape(value)


def csv_first(report: object, out: TextIO) -> None:
    """The first table: the one a spreadsheet wants (stats: per area; link: the matrix).
    No text cell is a formula there: see safe.csv_cell."""
    table = present(report).tables[0]
    writer = csv.writer(out, lineterminator="\n")
    rows: list[Sequence[Cell]] = [table.columns, *table.rows]
    if table.footer:
        rows.append(table.footer)
    writer.writerows([csv_cell(cell) for cell in row] for row in rows)


def json_payload(report: object, out: TextIO) -> None:
    write_json(present(report).payload, out)


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


def terminal(report: object, out: TextIO) -> None:
    from rich.table import Table as RichTable

    screen = console(out)
    for table in present(report).tables:
        rich_table = RichTable(
            title=visible(table.title), show_footer=bool(table.footer), title_justify="left"
        )
        for i, column in enumerate(table.columns):
            footer = visible(str(table.footer[i])) if table.footer else ""
            rich_table.add_column(
                visible(column), footer=footer, justify="right" if table.numeric(i) else "left"
            )
        for row in table.rows:
            rich_table.add_row(*(visible(str(c)) for c in row))
        screen.print(rich_table)
        for note in table.notes:
            # a legend is not cut in the middle of a word
            screen.print(visible(note), soft_wrap=True)
