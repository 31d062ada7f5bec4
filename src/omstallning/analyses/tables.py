"""Report data in rows: what `stats` and `link` hand to their formats."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
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
