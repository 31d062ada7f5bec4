"""The JSON Schemas of the plan files, for editors and schema catalogs."""

from __future__ import annotations

from ..reading.errors import UsageError
from ..reading.kinds import DOCUMENT_KINDS
from ..reading.resources import resource_dir

SCHEMA_NAMES = DOCUMENT_KINDS  # a schema for each kind of document, named after it


def schemas(name: str | None) -> dict[str, str]:
    """File name → text of the schema called `name`, or of all three."""
    if name is not None and name not in SCHEMA_NAMES:
        raise UsageError(f"no schema is called {name!r} (there are: {', '.join(SCHEMA_NAMES)})")
    folder = resource_dir("schemas")
    return {
        f"{chosen}.schema.json": (folder / f"{chosen}.schema.json").read_text(encoding="utf-8")
        for chosen in ([name] if name else SCHEMA_NAMES)
    }
