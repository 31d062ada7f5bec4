"""Every output omst writes. One dict per report kind maps a `--format` name to the writer
`module:function` in this package: the keys are the CLI's choices, the values its dispatch,
and a writer's module (with rich, jinja2 …) is imported only when that format is asked for.

A writer is `write(report, out)`: it writes the report to the text stream `out`.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from pathlib import Path
from typing import Any, TextIO

Writer = Callable[[Any, TextIO], None]
FileWriter = Callable[[Any, Path], None]

FINDINGS = {
    "text": "findings:text",
    "json": "findings:json_list",
    "github": "findings:github",
    "sarif": "ci:sarif",
    "gitlab": "ci:gitlab",
    "junit": "ci:junit",
}

TABLES = {
    "table": "tables:terminal",
    "markdown": "tables:markdown",
    "json": "tables:json_payload",
    "csv": "tables:csv_first",
}

DIFF = {
    "text": "diff:terminal",
    "markdown": "diff:markdown",
    "json": "diff:json_payload",
}

LOG = {
    "text": "history:text",
    "markdown": "history:markdown",
    "json": "history:json_payload",
}

# Files rather than streams: the writer is `write(report, path)`.
EXPORT = {
    "xlsx": "workbook:xlsx",
}


def writer(registry: dict[str, str], name: str) -> Writer:
    found: Writer = _resolve(registry[name])
    return found


def file_writer(registry: dict[str, str], name: str) -> FileWriter:
    found: FileWriter = _resolve(registry[name])
    return found


def _resolve(target: str) -> Any:
    module, _, function = target.partition(":")
    return getattr(importlib.import_module(f"{__name__}.{module}"), function)
