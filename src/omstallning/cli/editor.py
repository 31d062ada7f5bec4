"""For editors: the JSON Schemas of the plan files."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from ..i18n import N_, _
from .app import app, err, handled


@app.command(
    "schema",
    example=(
        "omst schema --out .schemas",
        N_("writes the three schemas into the folder .schemas, for your editor's settings"),
    ),
)
@handled
def schema(
    name: Annotated[
        str | None,
        typer.Argument(
            metavar=N_("NAME"),
            help=N_(
                "genomforandeplan, verksamhetsplan or forvaltning; without it, "
                "--out writes all three and otherwise their names are listed."
            ),
            show_default=False,
        ),
    ] = None,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            "-o",
            metavar=N_("FOLDER"),
            help=N_(
                "Folder to write NAME.schema.json into (for an "
                "editor's settings or a schema catalog)."
            ),
            show_default=False,
        ),
    ] = None,
) -> None:
    """Print or write the JSON Schemas of the plan files, with the descriptions editors show
    on hover."""
    from ..core.schemas import SCHEMA_NAMES, schemas
    from ..reading.writer import write_atomic

    found = schemas(name)
    if out is None:
        listing = "".join(f"{n}\n" for n in SCHEMA_NAMES)
        sys.stdout.write(listing if name is None else next(iter(found.values())))
        return
    for file, text in found.items():
        write_atomic(out / file, text)
        err(_("wrote {path}").format(path=out / file))
