"""Bring the Swedish catalogue up to the code: `python tests/catalogue.py`.

Extracts every `_("…")` and `ngettext(…)` from src/omstallning, keeps each translation that
omst.po already has, adds the new messages untranslated, drops those no longer in the code,
and compiles omst.mo. It prints the messages still waiting for a Swedish translation;
tests/test_i18n.py fails until there are none. After a merge conflict in omst.po, keep both
sides' entries and run this again: it rewrites the compiled catalogue (never merge the .mo).

The header stays as written, so the files change only when a message does.
"""

from __future__ import annotations

import ast
import io
import json
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

PACKAGE = Path(__file__).resolve().parent.parent / "src" / "omstallning"
SCHEMAS = PACKAGE.parent.parent / "schemas"  # the English source; schemas/sv/ is made from it
PO = PACKAGE / "locale" / "sv" / "LC_MESSAGES" / "omst.po"
MO = PO.with_suffix(".mo")
KEYWORDS = {"_": None, "ngettext": (1, 2), "N_": None}


def catalog() -> Catalog:
    with PO.open("rb") as handle:
        return read_po(handle, locale="sv")


def key(message: object) -> str | tuple[str, ...]:
    return tuple(message) if isinstance(message, (list, tuple)) else str(message)


def in_code() -> dict[str | tuple[str, ...], list[str]]:
    """Every message in the code, with the python-format flags babel gives it."""
    found: dict[str | tuple[str, ...], list[str]] = {}
    for _file, _line, message, _comments, _context in extract_from_dir(
        PACKAGE, method_map=[("**.py", "python")], keywords=KEYWORDS
    ):
        found.setdefault(key(message), [])
    for doc in command_docstrings():
        found.setdefault(doc, [])
    for text in schema_words():
        found.setdefault(text, [])
    return found


def schema_words() -> list[str]:
    """Each `description` and `title` of the schemas: the hover texts an editor shows."""
    texts: list[str] = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            for name, value in node.items():
                if name in ("description", "title") and isinstance(value, str):
                    texts.append(value)
                else:
                    walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    for path in sorted(SCHEMAS.glob("*.schema.json")):
        walk(json.loads(path.read_text(encoding="utf-8")))
    return texts


def command_docstrings() -> list[str]:
    """The help of each command and of the app: the docstring under `@app.command(…)` or
    `@app.callback()`, as typer reads it (inspect.getdoc)."""
    docs = []
    for path in sorted((PACKAGE / "cli").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef) and any(
                isinstance(d, ast.Call)
                and isinstance(d.func, ast.Attribute)
                and d.func.attr in ("command", "callback")
                for d in node.decorator_list
            ):
                doc = ast.get_docstring(node, clean=True)
                if doc:
                    docs.append(doc)
    return docs


def _header() -> bytes:
    """The header as it stands in git (babel would rewrite it with placeholders)."""
    text = PO.read_bytes()
    return text[: text.index(b"\n\n") + 1]


def compiled(source: Catalog) -> bytes:
    out = io.BytesIO()
    write_mo(out, source)
    return out.getvalue()


def update() -> list[str]:
    old = catalog()
    new = Catalog(locale="sv", domain="omst", fuzzy=False)
    waiting = []
    for msgid in in_code():
        kept = old.get(msgid if isinstance(msgid, str) else msgid[0])
        empty: str | tuple[str, ...] = "" if isinstance(msgid, str) else ("", "")
        string = kept.string if kept is not None and kept.string else empty
        if not (string if isinstance(string, str) else all(string)):
            waiting.append(msgid if isinstance(msgid, str) else msgid[0])
        new.add(msgid, string)
    out = io.BytesIO()
    write_po(out, new, sort_output=True, omit_header=True, no_location=True)
    PO.write_bytes(_header() + b"\n" + out.getvalue())
    MO.write_bytes(compiled(catalog()))
    return waiting


if __name__ == "__main__":
    left = update()
    for message in left:
        print(f"to translate: {message!r}")
    print(f"{PO}: {len(left)} message(s) to translate", file=sys.stderr)
