"""Report data in rows: what `stats` and `link` hand to their formats."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

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
        return bool(self.rows) and all(isinstance(row[index], int | float)
                                       and not isinstance(row[index], bool)
                                       for row in self.rows)


@dataclass
class TableReport:
    """Tables for people (terminal, Markdown; CSV holds the first) and `payload` for JSON,
    which has a shape of its own."""

    tables: list[Table]
    payload: dict[str, Any]
