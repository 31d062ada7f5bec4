"""The JSON Schemas of the plan files, for editors and schema catalogs, in the user's language.

The files in schemas/ are the English source, and what validation reads. Each `description`
and `title` in them is a msgid of the catalogue (tests/catalogue.py extracts them), so an
editor's hover text can be Swedish: `omst schema` prints a schema in the user's language, and
schemas/sv/ holds the Swedish copies the plan files' modelines point at
(`OMST_LANG=sv omst schema --out schemas/sv` writes them; tests/test_schema_words.py holds
them current)."""

from __future__ import annotations

import json
from typing import Any

from ..i18n import _
from ..reading.errors import UsageError
from ..reading.kinds import DOCUMENT_KINDS
from ..reading.resources import resource_dir

SCHEMA_NAMES = DOCUMENT_KINDS  # a schema for each kind of document, named after it
WORDS = ("description", "title")  # the keywords whose text a person reads


def schemas(name: str | None) -> dict[str, str]:
    """File name → text of the schema called `name`, or of all three."""
    if name is not None and name not in SCHEMA_NAMES:
        raise UsageError(
            _("no schema is called {name} (there are: {names})").format(
                name=repr(name), names=", ".join(SCHEMA_NAMES)
            )
        )
    folder = resource_dir("schemas")
    return {
        f"{chosen}.schema.json": translated(
            (folder / f"{chosen}.schema.json").read_text(encoding="utf-8")
        )
        for chosen in ([name] if name else SCHEMA_NAMES)
    }


def translated(text: str) -> str:
    """A schema with its descriptions and titles in the user's language: in English the file
    as it is, byte for byte."""
    schema = json.loads(text)
    if not _words(schema):
        return text
    if isinstance(schema.get("$id"), str):  # a copy of its own, apart from the English one
        schema["$id"] = schema["$id"].replace("/schemas/", "/schemas/sv/")
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"


def _words(node: Any) -> bool:
    """Translate `node`'s descriptions and titles in place; True if any changed."""
    changed = False
    if isinstance(node, dict):
        for key, value in node.items():
            if key in WORDS and isinstance(value, str):
                node[key] = _(value)
                changed |= node[key] != value
            else:
                changed |= _words(value)
    elif isinstance(node, list):
        for value in node:
            changed |= _words(value)
    return changed
