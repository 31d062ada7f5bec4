"""For editors and shells: the JSON Schemas of the plan files, and completion of item IDs."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from ..reading.errors import UsageError
from .app import app, err, handled

SCHEMA_NAMES = ("genomforandeplan", "verksamhetsplan", "forvaltning")


@app.command()
@handled
def schema(
    name: Annotated[
        str | None,
        typer.Argument(help="genomforandeplan, verksamhetsplan or forvaltning; without it, "
                       "--out writes all three and otherwise their names are listed.",
                       show_default=False),
    ] = None,
    out: Annotated[
        Path | None,
        typer.Option("--out", "-o", help="Folder to write NAME.schema.json into (for an "
                     "editor's settings or a schema catalog).", show_default=False),
    ] = None,
) -> None:
    """Print or write the JSON Schemas of the plan files, with the descriptions editors show
    on hover."""
    from ..formats.output import WriteProblem, write_atomic
    from ..reading.resources import resource_dir

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


def complete_ids(incomplete: str) -> list[tuple[str, str]]:
    """Item IDs of the plans here that begin with what was typed, with their names; nothing
    (rather than an error) where there are no readable plans."""
    from ..reading.plandir import find_plan_dir, read_dir

    try:
        docs = read_dir(find_plan_dir(None))
    except (UsageError, OSError):
        return []
    found: list[tuple[str, str]] = []
    for key in ("genomforandeplan", "verksamhetsplan"):
        _collect(docs[key].data, incomplete, found)
    return found


def _collect(data: object, prefix: str, found: list[tuple[str, str]]) -> None:
    if isinstance(data, dict):
        item = data.get("id")
        if isinstance(item, str) and item.startswith(prefix):
            label = data.get("namn") or data.get("text") or ""
            found.append((item, " ".join(str(label).split())[:60]))
        for value in data.values():
            _collect(value, prefix, found)
    elif isinstance(data, list):
        for value in data:
            _collect(value, prefix, found)
