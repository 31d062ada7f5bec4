"""A read plan file: its data, where each node stands, and what went wrong reading it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, NamedTuple

from .findings import Finding, Severity

PathKey = tuple[str | int, ...]


class Pos(NamedTuple):
    line: int
    column: int


@dataclass
class Document:
    """One plan file: its data, where each node stands, and what went wrong reading it."""

    path: str
    data: Any = None
    # (line, column) per path: plain tuples, many thousands of them, made as cheaply as can be.
    values: dict[PathKey, tuple[int, int]] = field(default_factory=dict)
    keys: dict[PathKey, tuple[int, int]] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)
    # Every text value with its path, gathered while building: the text checks read these
    # instead of walking the data again.
    texts: list[tuple[PathKey, str]] = field(default_factory=list)
    # Keys read twice whose second value was not built (OMST005): what the data lacks, so
    # that a check can tell whether its items may be missing.
    dropped: list[PathKey] = field(default_factory=list)

    def pos(self, path: PathKey) -> Pos:
        """Where the value at `path` starts, or its nearest ancestor that exists."""
        while path not in self.values and path:
            path = path[:-1]
        return Pos(*self.values.get(path, (1, 1)))

    def key_pos(self, path: PathKey) -> Pos:
        """Where the key of the mapping entry at `path` stands (its value's place otherwise)."""
        found = self.keys.get(path)
        return Pos(*found) if found else self.pos(path)

    def finding(self, pos: Pos, severity: Severity, code: str, message: str) -> Finding:
        return Finding(self.path, pos.line, pos.column, severity, code, message)


def path_text(path: PathKey) -> str:
    """("omraden", 1, "namn") → "omraden[1].namn", as messages show a place in the data."""
    return "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path).lstrip(".")
