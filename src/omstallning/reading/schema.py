"""JSON Schema validation of a plan document, each error a finding at the offending node.

Two engines give the same findings: jsonschema-rs, compiled, the fast path; and Python
jsonschema, the reference (tests/test_schema_engines.py holds them to each other).
"""

from __future__ import annotations

import importlib.util
import json
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

from .document import Document, PathKey, path_text
from .findings import Finding, Severity
from .resources import resource_dir

# The codes of schema violations, each raised in _findings below.
SCHEMA_CODES: dict[str, tuple[Severity, str]] = {
    "OMST100": ("error", "Schema violation (other than the ones below)."),
    "OMST101": ("error", "Unknown key (the schemas are strict)."),
    "OMST102": ("error", "Missing required key."),
    "OMST103": ("error", "Wrong type, e.g. an unquoted number where text is meant."),
    "OMST104": ("error", "Value not in the expected form, e.g. an ID or period pattern."),
}


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
    doc: Document, kind: str, engine_name: str | None = None
) -> tuple[list[Finding], list[SchemaError] | None]:
    """The findings, and the errors they come from (None: the document is no mapping)."""
    if not isinstance(doc.data, dict):
        pos = doc.pos(())
        return [
            doc.finding(
                pos,
                "error",
                "OMST103",
                f"a plan file holds a YAML mapping, found {_describe(doc.data)}",
            )
        ], None
    errors = _ENGINES[engine_name or engine()](kind, doc.data)
    return sorted({finding for error in errors for finding in _findings(doc, error)}), errors


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


def _findings(doc: Document, error: SchemaError) -> Iterator[Finding]:
    path = error.path
    where = _where(path)
    kind = error.keyword
    subschema = error.subschema
    if kind == "additionalProperties" and isinstance(error.instance, dict):
        allowed = list(subschema.get("properties", {}))
        for key in error.instance:
            if key not in allowed:
                import difflib  # only for an unknown key: a clean run never loads it

                close = difflib.get_close_matches(key, allowed, n=1)
                suggestion = f"; did you mean '{close[0]}'?" if close else ""
                yield doc.finding(
                    doc.key_pos((*path, key)),
                    "error",
                    "OMST101",
                    f"unknown key '{key}'{where} (allowed: {', '.join(allowed)}){suggestion}",
                )
        return
    if error.is_key and kind == "enum":
        # A key the schema allows only under a condition (propertyNames): the key is what to
        # change, so that is where the finding stands.
        description = subschema.get("description")
        keys = ", ".join(str(v) for v in subschema.get("enum") or [])
        about = f": {description}" if description else f" (allowed: {keys})"
        yield doc.finding(
            doc.key_pos((*path, str(error.instance))),
            "error",
            "OMST100",
            f"key '{error.instance}'{where} is not allowed{about}",
        )
        return
    if kind == "required":
        yield doc.finding(
            doc.pos(path), "error", "OMST102", f"missing required key '{error.missing}'{where}"
        )
        return
    if kind == "type":
        expected_type = subschema.get("type")
        expected = _type_name(expected_type)
        hint = ""
        if expected_type == "string" and isinstance(error.instance, (int, bool)):
            value = (
                str(error.instance).lower()
                if isinstance(error.instance, bool)
                else str(error.instance)
            )
            hint = f': quote it ("{value}")'
        elif expected_type == "string" and error.instance is None:
            hint = ": write the text after the colon"
        yield doc.finding(
            doc.pos(path),
            "error",
            "OMST103",
            f"expected {expected}{where}, found {_describe(error.instance)}{hint}",
        )
        return
    if kind == "pattern":
        description = subschema.get("description")
        about = f" ({description})" if description else ""
        pos = doc.key_pos((*path, str(error.instance))) if error.is_key else doc.pos(path)
        yield doc.finding(
            pos, "error", "OMST104", f"'{error.instance}'{where} is not in the expected form{about}"
        )
        return
    if kind in _BOUNDS:
        yield doc.finding(
            doc.pos(path),
            "error",
            "OMST100",
            f"expected a number {_BOUNDS[kind]} {_number(subschema.get(kind))}{where}, "
            f"found {_describe(error.instance)}",
        )
        return
    if kind == "const":
        yield doc.finding(
            doc.pos(path),
            "error",
            "OMST100",
            f"expected '{subschema.get('const')}'{where}, found {_describe(error.instance)}",
        )
        return
    yield doc.finding(doc.pos(path), "error", "OMST100", f"{_message(error)}{where}")


def _message(error: SchemaError) -> str:
    """Our words for the other keywords, so that both engines say the same."""
    value = error.subschema.get(error.keyword)
    if error.keyword == "minItems":
        return f"expected at least {value} item(s), found {_count(error.instance)}"
    if error.keyword == "minProperties":
        return f"expected at least {value} key(s), found {_count(error.instance)}"
    if error.keyword == "minLength":
        return f"expected at least {value} character(s), found {_describe(error.instance)}"
    if error.keyword == "enum":
        return (
            f"expected one of {', '.join(repr(v) for v in value or [])}, found "
            f"{_describe(error.instance)}"
        )
    return f"{_describe(error.instance)} does not satisfy the schema's '{error.keyword}'"


_BOUNDS = {
    "minimum": "at least",
    "maximum": "at most",
    "exclusiveMinimum": "above",
    "exclusiveMaximum": "below",
}


def _number(value: Any) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def _count(value: Any) -> int:
    return len(value) if isinstance(value, list | dict) else 0


def _where(path: PathKey) -> str:
    return f" at {path_text(path)}" if path else ""


def _type_name(value: Any) -> str:
    names = {
        "string": "text",
        "object": "a mapping",
        "array": "a list",
        "boolean": "true or false",
        "integer": "a whole number",
        "null": "nothing",
    }
    if isinstance(value, list):
        return " or ".join(names.get(v, str(v)) for v in value)
    return names.get(value, str(value))


def _describe(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, int):
        digits = len(str(abs(value)))
        return f"the number {value}" if digits <= 20 else f"a number of {digits} digits"
    if isinstance(value, float):
        return f"the number {value!r}"
    if isinstance(value, str):
        return f"the text '{value}'" if len(value) < 40 else "a text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__
