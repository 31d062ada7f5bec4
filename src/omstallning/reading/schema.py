"""JSON Schema validation of a plan document, each error a finding at the offending node.

Two engines give the same findings: jsonschema-rs, compiled, the fast path; and Python
jsonschema, the reference (tests/test_schema_engines.py holds them to each other).
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

from ..i18n import _, ngettext, number
from .document import Document, PathKey, Pos
from .findings import Finding, Severity
from .places import where as _where
from .resources import resource_dir

# The codes of schema violations, each raised in _findings below.
SCHEMA_CODES: dict[str, tuple[Severity, str]] = {
    "OMST100": ("error", "Schema violation (other than the ones below)."),
    "OMST101": ("error", "Unknown key (the schemas are strict)."),
    "OMST102": ("error", "Missing required key."),
    "OMST103": ("error", "Wrong type, e.g. an unquoted number where text is meant."),
    "OMST104": ("error", "Value not in the expected form, e.g. an ID or period pattern."),
}


# Every ID of the plans with the key of the list it stands in, asked for only when a value is
# not in its expected form.
IdLookup = Callable[[], dict[str, str]]


@cache
def schema(kind: str) -> dict[str, Any]:
    path = resource_dir("schemas") / f"{kind}.schema.json"
    result: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return result


ENGINES = ("rust", "python")


@dataclass(frozen=True)
class SchemaError:
    """One schema violation, the same whichever engine found it."""

    path: PathKey  # where in the instance
    keyword: str  # the failing keyword: type, required, pattern …
    subschema: dict[str, Any]  # the schema object that holds the keyword
    instance: Any  # the failing value (for a key's pattern: the key)
    missing: str | None = None  # required: the missing property
    is_key: bool = False  # the error is about a mapping key (propertyNames)


def engine() -> str:
    """jsonschema-rs (compiled) where it is installed; Python jsonschema is the reference,
    chosen with OMST_SCHEMA_ENGINE=python, and the fallback."""
    wanted = os.environ.get("OMST_SCHEMA_ENGINE", "rust")
    if wanted == "rust" and importlib.util.find_spec("jsonschema_rs") is not None:
        return "rust"
    return "python"


def validate_document(doc: Document, kind: str, engine_name: str | None = None) -> list[Finding]:
    """All schema errors of one document, located at the node (or key) they concern."""
    return check_schema(doc, kind, engine_name)[0]


def check_schema(
    doc: Document, kind: str, engine_name: str | None = None, ids: IdLookup | None = None
) -> tuple[list[Finding], list[SchemaError] | None]:
    """The findings, and the errors they come from (None: the document is no mapping).
    `ids`, where given, names every ID of the plans (known_ids), so that an ID written in
    another case, or an area where a subarea belongs, gets the ID it was meant to be."""
    if not isinstance(doc.data, dict):
        pos = doc.pos(())
        return [
            doc.finding(
                pos,
                "error",
                "OMST103",
                _("a plan file holds a YAML mapping, found {found}").format(
                    found=_describe(doc.data)
                ),
            )
        ], None
    errors = _ENGINES[engine_name or engine()](kind, doc.data)
    misspelt = _misspelt(errors)
    return sorted(
        {
            finding
            for error in errors
            if (error.path, error.missing) not in misspelt
            for finding in _findings(doc, error, ids)
        }
    ), errors


def _misspelt(errors: list[SchemaError]) -> set[tuple[PathKey, str | None]]:
    """(mapping, missing key) where an unknown key of the same mapping is a misspelling of
    the missing one: the unknown key's did-you-mean says it all, so the missing key is not
    reported as well."""
    required = {(e.path, e.missing) for e in errors if e.keyword == "required"}
    if not required:
        return set()
    found = set()
    for error in errors:
        if error.keyword == "additionalProperties" and isinstance(error.instance, dict):
            allowed = list(error.subschema.get("properties", {}))
            for key in error.instance:
                if key not in allowed:
                    close = _closest(key, allowed)
                    if (error.path, close) in required:
                        found.add((error.path, close))
    return found


def _closest(word: str, allowed: list[str]) -> str | None:
    import difflib  # only for an unknown key: a clean run never loads it

    close = difflib.get_close_matches(word, allowed, n=1)
    return close[0] if close else None


def broken_items(errors: list[SchemaError]) -> frozenset[PathKey] | None:
    """The list items to leave out so that the rest of a document can still be checked:
    for each error, the innermost list item around it. None when an error lies outside any
    list item (the plan's own keys, its periods): then nothing can be built. An unknown
    key breaks nothing: the builders do not read it."""
    items = set()
    for error in errors:
        if error.keyword == "additionalProperties":
            continue
        index = max((i for i, part in enumerate(error.path) if isinstance(part, int)), default=None)
        if index is None or error.path[0] == "perioder":
            return None
        items.add(error.path[: index + 1])
    return frozenset(items)


@cache
def _rust_validator(kind: str) -> Any:
    import jsonschema_rs

    return jsonschema_rs.validator_for(schema(kind))


def _rust_errors(kind: str, data: Any) -> list[SchemaError]:
    validator = _rust_validator(kind)
    if validator.is_valid(data):  # the common case: no error objects built at all
        return []
    root = schema(kind)
    errors = []
    for error in validator.iter_errors(data):
        is_key = error.kind.name == "propertyNames"
        if is_key:
            error = error.kind.error
        schema_path = list(error.schema_path)
        keyword = str(schema_path[-1])
        subschema = _walk(root, schema_path[:-1])
        missing = error.kind.property if keyword == "required" else None
        errors.append(
            SchemaError(
                _data_path(data, error.instance_path),
                keyword,
                subschema,
                error.instance,
                missing,
                is_key,
            )
        )
    return errors


def _data_path(data: Any, parts: Any) -> PathKey:
    """jsonschema-rs gives a mapping key that looks like a number ("2023") as an int: the
    path as the data has it, keys as text and list indexes as numbers."""
    path: list[str | int] = []
    for part in parts:
        key: str | int = str(part) if isinstance(data, dict) else int(part)
        path.append(key)
        data = data[key]
    return tuple(path)


def _walk(node: Any, path: list[Any]) -> dict[str, Any]:
    for part in path:
        node = node[part]
    return node if isinstance(node, dict) else {}


@cache
def _python_validator(kind: str) -> Any:
    from jsonschema import Draft202012Validator

    return Draft202012Validator(schema(kind))


def _python_errors(kind: str, data: Any) -> list[SchemaError]:
    errors = []
    for error in _python_validator(kind).iter_errors(data):
        subschema = error.schema if isinstance(error.schema, dict) else {}
        missing = None
        if error.validator == "required":
            missing = str(error.message).split("'")[1] if "'" in error.message else error.message
        is_key = any(part == "propertyNames" for part in error.absolute_schema_path)
        if (
            error.validator == "pattern"
            and not subschema.get("description")
            and error.parent is not None
            and isinstance(error.parent.schema, dict)
        ):
            subschema = {**subschema, "description": error.parent.schema.get("description")}
        errors.append(
            SchemaError(
                tuple(error.absolute_path),
                str(error.validator),
                subschema,
                error.instance,
                missing,
                is_key,
            )
        )
    return errors


_ENGINES: dict[str, Callable[[str, Any], list[SchemaError]]] = {
    "rust": _rust_errors,
    "python": _python_errors,
}


def _findings(doc: Document, error: SchemaError, ids: IdLookup | None) -> Iterator[Finding]:
    where = _where(doc.data, error.path)
    for pos, code, message in _problems(doc, error, ids):
        yield doc.finding(pos, "error", code, f"{where}: {message}" if where else message)


def _problems(
    doc: Document, error: SchemaError, ids: IdLookup | None
) -> Iterator[tuple[Pos, str, str]]:
    """(where, code, message) of one schema error, the message without its place."""
    path = error.path
    kind = error.keyword
    subschema = error.subschema
    if kind == "additionalProperties" and isinstance(error.instance, dict):
        allowed = list(subschema.get("properties", {}))
        for key in error.instance:
            if key not in allowed:
                close = _closest(key, allowed)
                if close:
                    message = _("unknown key '{key}' (allowed: {allowed}); did you mean '{close}'?")
                else:
                    message = _("unknown key '{key}' (allowed: {allowed})")
                yield (
                    doc.key_pos((*path, key)),
                    "OMST101",
                    message.format(key=key, allowed=", ".join(allowed), close=close),
                )
        return
    if error.is_key and kind == "enum":
        # A key the schema allows only under a condition (propertyNames): the key is what to
        # change, so that is where the finding stands.
        description = subschema.get("description")
        if description:
            message = _("key '{key}' is not allowed: {description}")
        else:
            message = _("key '{key}' is not allowed (allowed: {allowed})")
        keys = ", ".join(str(v) for v in subschema.get("enum") or [])
        yield (
            doc.key_pos((*path, str(error.instance))),
            "OMST100",
            message.format(key=error.instance, description=description, allowed=keys),
        )
        return
    if kind == "required":
        yield (
            doc.pos(path),
            "OMST102",
            _("missing required key '{key}'").format(key=error.missing),
        )
        return
    if kind == "type":
        yield doc.pos(path), "OMST103", _type_message(error)
        return
    if kind == "pattern":
        pos = doc.key_pos((*path, str(error.instance))) if error.is_key else doc.pos(path)
        yield pos, "OMST104", _pattern_message(error, ids)
        return
    if kind in _BOUNDS:
        yield (
            doc.pos(path),
            "OMST100",
            _bound_message(kind).format(
                bound=_number(subschema.get(kind)), found=_describe(error.instance)
            ),
        )
        return
    if kind == "const":
        yield (
            doc.pos(path),
            "OMST100",
            _("expected '{expected}', found {found}").format(
                expected=subschema.get("const"), found=_describe(error.instance)
            ),
        )
        return
    yield doc.pos(path), "OMST100", _message(error)


def _type_message(error: SchemaError) -> str:
    expected_type = error.subschema.get("type")
    expected, found = _type_name(expected_type), _describe(error.instance)
    if expected_type == "string" and isinstance(error.instance, (int, bool)):
        value = (
            str(error.instance).lower() if isinstance(error.instance, bool) else str(error.instance)
        )
        return _('expected {expected}, found {found}: quote it ("{value}")').format(
            expected=expected, found=found, value=value
        )
    if expected_type == "string" and error.instance is None:
        return _("expected {expected}, found {found}: write the text after the colon").format(
            expected=expected, found=found
        )
    if expected_type == "string" and _one_key_of_text(error.instance):
        ((key, value),) = error.instance.items()
        text = f"{key}: {value}" if value else f"{key}:"
        escaped = text.replace("\\", "\\\\").replace('"', '\\"')
        place = error.path[-1] if error.path else None
        before = "- " if isinstance(place, int) else f"{place}: " if place else ""
        return _(
            "expected {expected}, found {found}: a colon followed by a space makes YAML read "
            "a key; quote the text, {quoted}"
        ).format(expected=expected, found=found, quoted=f'{before}"{escaped}"')
    if (
        expected_type in ("number", "integer")
        and isinstance(error.instance, str)
        and _DECIMAL_COMMA.match(error.instance)
    ):
        number = error.instance.strip().replace(",", ".")
        key = error.path[-1] if error.path and isinstance(error.path[-1], str) else None
        shown = f"{key}: {number}" if key else number
        return _(
            "expected {expected}, found {found}: a number is written with a decimal point "
            "and without quotes, {number}"
        ).format(expected=expected, found=found, number=shown)
    return _("expected {expected}, found {found}").format(expected=expected, found=found)


def _one_key_of_text(value: Any) -> bool:
    """A mapping that was meant as a text: one key, and text or nothing after its colon."""
    return (
        isinstance(value, dict)
        and len(value) == 1
        and all(isinstance(v, str) or v is None for v in value.values())
    )


_DECIMAL_COMMA = re.compile(r"^\s*[-+]?[0-9]+,[0-9]+\s*$")
_DASHES = {"\u2013": "en", "\u2014": "em", "\u2212": "minus"}


def _pattern_message(error: SchemaError, ids: IdLookup | None) -> str:
    value = str(error.instance)
    pattern = error.subschema.get("pattern")
    description = error.subschema.get("description")
    dashes = [d for d in _DASHES if d in value]
    if dashes and isinstance(pattern, str):
        fixed = value
        for dash in dashes:
            fixed = fixed.replace(dash, "-")
        if re.search(pattern, fixed):
            return _dash_message(dashes[0]).format(value=value, fixed=f'"{fixed}"')
    known = ids() if ids is not None and not error.is_key else {}
    if value in known and known[value] == "omraden":
        subareas = [
            i for i, where in known.items() if where == "delomraden" and i.startswith(value + ".")
        ]
        if subareas:
            return _("'{value}' is an area: link to one of its subareas, {subareas}").format(
                value=value, subareas=", ".join(subareas)
            )
    if value not in known:
        same = [i for i in known if i.casefold() == value.casefold()]
        if same:
            return _("'{value}' is not the ID as the plan writes it: write {id}").format(
                value=value, id=same[0]
            )
    if description:
        return _("'{value}' is not in the expected form ({description})").format(
            value=value, description=description
        )
    return _("'{value}' is not in the expected form").format(value=value)


def _dash_message(dash: str) -> str:
    if _DASHES[dash] == "en":
        return _("'{value}' has an en dash (–) where a hyphen (-) belongs: write {fixed}")
    if _DASHES[dash] == "em":
        return _("'{value}' has an em dash (—) where a hyphen (-) belongs: write {fixed}")
    return _("'{value}' has a minus sign (−) where a hyphen (-) belongs: write {fixed}")


def _bound_message(kind: str) -> str:
    if kind == "minimum":
        return _("expected a number at least {bound}, found {found}")
    if kind == "maximum":
        return _("expected a number at most {bound}, found {found}")
    if kind == "exclusiveMinimum":
        return _("expected a number above {bound}, found {found}")
    return _("expected a number below {bound}, found {found}")


def _message(error: SchemaError) -> str:
    """Our words for the other keywords, so that both engines say the same."""
    value = error.subschema.get(error.keyword)
    found = _describe(error.instance)
    if error.keyword == "minItems":
        return ngettext(
            "expected at least {count} item, found {found}",
            "expected at least {count} items, found {found}",
            int(value or 0),
        ).format(count=value, found=_count(error.instance))
    if error.keyword == "minProperties":
        return ngettext(
            "expected at least {count} key, found {found}",
            "expected at least {count} keys, found {found}",
            int(value or 0),
        ).format(count=value, found=_count(error.instance))
    if error.keyword == "minLength":
        return ngettext(
            "expected at least {count} character, found {found}",
            "expected at least {count} characters, found {found}",
            int(value or 0),
        ).format(count=value, found=found)
    if error.keyword == "enum":
        allowed = [str(v) for v in value or []]
        close = _close_value(error.instance, allowed)
        if close:
            message = _("expected one of {allowed}, found {found}; did you mean '{close}'?")
        else:
            message = _("expected one of {allowed}, found {found}")
        return message.format(
            allowed=", ".join(repr(v) for v in value or []), found=found, close=close
        )
    return _("{found} does not satisfy the schema's '{keyword}'").format(
        found=found, keyword=error.keyword
    )


def _close_value(value: Any, allowed: list[str]) -> str | None:
    """The allowed value `value` was meant to be: the same but for case and accents
    ("Delvis", "uppnås"), or one a typo away."""
    if not isinstance(value, str):
        return None
    import unicodedata

    def plain(text: str) -> str:
        decomposed = unicodedata.normalize("NFKD", text.strip().casefold())
        return "".join(c for c in decomposed if not unicodedata.combining(c))

    same = [a for a in allowed if plain(a) == plain(value)]
    if same:
        return same[0]
    return _closest(plain(value), allowed)


_BOUNDS = frozenset({"minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"})


def _number(value: Any) -> str:
    return number(value) if isinstance(value, float | int) else str(value)


def _count(value: Any) -> int:
    return len(value) if isinstance(value, list | dict) else 0


def _type_name(value: Any) -> str:
    names = {
        "string": _("text"),
        "object": _("a mapping"),
        "array": _("a list"),
        "boolean": _("true or false"),
        "integer": _("a whole number"),
        "number": _("a number"),
        "null": _("nothing"),
    }
    if isinstance(value, list):
        return _(" or ").join(names.get(v, str(v)) for v in value)
    return names.get(value, str(value))


def _describe(value: Any) -> str:
    if value is None:
        return _("nothing")
    if isinstance(value, bool):
        return _("the boolean {value}").format(value=str(value).lower())
    if isinstance(value, int):
        digits = len(str(abs(value)))
        if digits <= 20:
            return _("the number {value}").format(value=value)
        return _("a number of {digits} digits").format(digits=digits)
    if isinstance(value, float):
        return _("the number {value}").format(value=number(value))
    if isinstance(value, str):
        return _("the text '{value}'").format(value=value) if len(value) < 40 else _("a text")
    if isinstance(value, list):
        return _("a list")
    if isinstance(value, dict):
        return _("a mapping")
    return type(value).__name__
