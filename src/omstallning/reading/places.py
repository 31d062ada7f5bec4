"""Where a value stands, in the words of a plan author: the items with an ID around it
("in subarea NV.1, effect-goal row NV.1.E1") rather than a path of list indexes; and every
ID of the plans, for what a mistyped one may have meant. Read from the data as it was read,
before any model is built: schema findings and checks of the plain text both need it."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ..i18n import _
from .document import Document, PathKey, path_text


# What each list of the plans holds, by its key: an item of it named in a message.
def _item_words() -> dict[str, str]:
    return {
        "inledning": _("note {id}"),
        "genomgaende": _("cross-cutting perspective {id}"),
        "omraden": _("area {id}"),
        "delomraden": _("subarea {id}"),
        "effektmal": _("effect-goal row {id}"),
        "aktiviteter": _("activity {id}"),
        "indikatorer": _("indicator {id}"),
        "perioder": _("period {id}"),
        "teman": _("theme {id}"),
        "arbetsstrommar": _("work stream {id}"),
        "milstolpar": _("milestone {id}"),
        "arbetssatt": _("way of working {id}"),
        "status": _("status entry {id}"),
        "mal": _("goal {id}"),
        "program": _("programme {id}"),
        "tabeller": _("table {id}"),
    }


def where(data: Any, path: PathKey) -> str:
    """The place of `path` as a plan author knows it: the innermost items with an ID around
    it ("in subarea NV.1, effect-goal row NV.1.E1"), then the keys below them; where no item
    has an ID, the path itself ("at metadata")."""
    if not path:
        return ""
    items: list[tuple[str, str]] = []  # (list key, ID)
    rest_from = 0
    node, list_key = data, ""
    for index, part in enumerate(path):
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            break
        if isinstance(part, str):
            list_key = part
        elif isinstance(node, dict) and isinstance(node.get("id"), str):
            items.append((list_key, node["id"]))
            rest_from = index + 1
    if not items:
        return _("at {path}").format(path=path_text(path))
    words = _item_words()
    named = ", ".join(words.get(key, "{id}").format(id=item_id) for key, item_id in items[-2:])
    rest = path_text(path[rest_from:])
    if rest:
        return _("in {items} ({keys})").format(items=named, keys=rest)
    return _("in {items}").format(items=named)


def known_ids(docs: Iterable[Document]) -> dict[str, str]:
    """Every ID of the documents' items, with the key of the list it stands in
    ("NV.1" → "delomraden"): what a value not in the expected form may have meant."""
    found: dict[str, str] = {}
    for doc in docs:
        stack: list[tuple[str, Any]] = [("", doc.data)]
        while stack:
            key, node = stack.pop()
            if isinstance(node, dict):
                if isinstance(node.get("id"), str):
                    found.setdefault(node["id"], key)
                stack.extend((str(k), v) for k, v in reversed(node.items()))
            elif isinstance(node, list):
                stack.extend((key, v) for v in reversed(node))
    return found
