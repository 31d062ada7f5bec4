"""For editors: the JSON Schemas of the plan files."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from ..reading.errors import UsageError
from .app import app, err, handled

SCHEMA_NAMES = ("genomforandeplan", "verksamhetsplan", "forvaltning")


@app.command("schema")
@handled
def schema(
    name: Annotated[
        str | None,
        typer.Argument(
            help="genomforandeplan, verksamhetsplan or forvaltning; without it, "
            "--out writes all three and otherwise their names are listed.",
            show_default=False,
        ),
    ] = None,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            "-o",
            help="Folder to write NAME.schema.json into (for an "
            "editor's settings or a schema catalog).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Print or write the JSON Schemas of the plan files, with the descriptions editors show
    on hover."""
    from ..reading.resources import resource_dir
    from ..reading.writer import WriteProblem, write_atomic

    if name is not None and name not in SCHEMA_NAMES:
        raise UsageError(f"no schema is called {name!r} (there are: {', '.join(SCHEMA_NAMES)})")
    folder = resource_dir("schemas")
    if out is None:
        if name is None:
            sys.stdout.write("".join(f"{n}\n" for n in SCHEMA_NAMES))
            return
        sys.stdout.write((folder / f"{name}.schema.json").read_text(encoding="utf-8"))
        return
    for chosen in [name] if name else SCHEMA_NAMES:
        target = out / f"{chosen}.schema.json"
        try:
            write_atomic(target, (folder / f"{chosen}.schema.json").read_text(encoding="utf-8"))
        except WriteProblem as exc:
            raise UsageError(str(exc)) from None
        err(f"wrote {target}")
