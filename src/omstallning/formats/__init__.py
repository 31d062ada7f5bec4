"""Every output omst writes. One dict per report kind maps a `--format` name to the writer
`module:function` in this package: the keys are the CLI's choices, the values its dispatch,
and a writer's module (with rich, jinja2 …) is imported only when that format is asked for.

A writer is `write(report, out)`: it writes the report to the text stream `out`. Each
registry is keyed by a StrEnum of its own, which Typer offers and checks `--format` against
(a StrEnum member is its name as a string, so a plain "json" looks the writer up too).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from enum import StrEnum
from pathlib import Path
from typing import Any, TextIO, TypeVar

Writer = Callable[[Any, TextIO], None]
FileWriter = Callable[[Any, Path], None]


class FindingFormat(StrEnum):
    text = "text"
    json = "json"
    github = "github"
    sarif = "sarif"
    gitlab = "gitlab"
    junit = "junit"


class TableFormat(StrEnum):
    table = "table"
    markdown = "markdown"
    json = "json"
    csv = "csv"


class DiffFormat(StrEnum):
    text = "text"
    markdown = "markdown"
    json = "json"


LogFormat = DiffFormat  # the same three: a terminal, a pull request, a program


class ExportFormat(StrEnum):
    xlsx = "xlsx"


FINDINGS: dict[FindingFormat, str] = {
    FindingFormat.text: "findings:text",
    FindingFormat.json: "findings:json_list",
    FindingFormat.github: "findings:github",
    FindingFormat.sarif: "ci:sarif",
    FindingFormat.gitlab: "ci:gitlab",
    FindingFormat.junit: "ci:junit",
}

TABLES: dict[TableFormat, str] = {
    TableFormat.table: "tables:terminal",
    TableFormat.markdown: "tables:markdown",
    TableFormat.json: "tables:json_payload",
    TableFormat.csv: "tables:csv_first",
}

# status has a terminal layout of its own (a round overview, then one block per förvaltning,
# never wrapped when piped); its other formats are the tables'.
STATUS: dict[TableFormat, str] = {
    **TABLES,
    TableFormat.table: "status:terminal",
    TableFormat.csv: "status:csv_rows",
}

DIFF: dict[DiffFormat, str] = {
    DiffFormat.text: "diff:terminal",
    DiffFormat.markdown: "diff:markdown",
    DiffFormat.json: "diff:json_payload",
}

LOG: dict[DiffFormat, str] = {
    DiffFormat.text: "history:text",
    DiffFormat.markdown: "history:markdown",
    DiffFormat.json: "history:json_payload",
}

# Files rather than streams: the writer is `write(report, path)`.
EXPORT: dict[ExportFormat, str] = {
    ExportFormat.xlsx: "workbook:xlsx",
}


# A registry's own format enum, so that a name from one registry cannot look up another's.
Name = TypeVar("Name", bound=str)


def writer(registry: Mapping[Name, str], name: Name) -> Writer:
    found: Writer = _resolve(registry[name])
    return found


def file_writer(registry: Mapping[Name, str], name: Name) -> FileWriter:
    found: FileWriter = _resolve(registry[name])
    return found


def _resolve(target: str) -> Any:
    module, _, function = target.partition(":")
    return getattr(importlib.import_module(f"{__name__}.{module}"), function)
