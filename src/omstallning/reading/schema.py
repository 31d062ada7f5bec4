"""JSON Schema validation of a plan document, each error a finding at the offending node."""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterator
from functools import cache
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

from .findings import Finding
from .resources import resource_dir
from .yamlfile import Document, PathKey, path_text


@cache
def schema(kind: str) -> dict[str, Any]:
    path = resource_dir("schemas") / f"{kind}.schema.json"
    result: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return result


@cache
def _validator(kind: str) -> Draft202012Validator:
    return Draft202012Validator(schema(kind))


def validate_document(doc: Document, kind: str) -> list[Finding]:
    """All schema errors of one document, located at the node (or key) they concern."""
    if not isinstance(doc.data, dict):
        pos = doc.pos(())
        return [doc.finding(pos, "error", "OMST103",
                            f"a plan file holds a YAML mapping, found {_describe(doc.data)}")]
    findings: list[Finding] = []
    for error in _validator(kind).iter_errors(doc.data):
        findings.extend(_findings(doc, error))
    return sorted(set(findings))


def _findings(doc: Document, error: ValidationError) -> Iterator[Finding]:
    path: PathKey = tuple(error.absolute_path)
    where = _where(path)
    kind = error.validator
    subschema: dict[str, Any] = error.schema if isinstance(error.schema, dict) else {}
    if kind == "additionalProperties" and isinstance(error.instance, dict):
        allowed = list(subschema.get("properties", {}))
        for key in error.instance:
            if key not in allowed:
                close = difflib.get_close_matches(key, allowed, n=1)
                suggestion = f"; did you mean '{close[0]}'?" if close else ""
                yield doc.finding(doc.key_pos((*path, key)), "error", "OMST101",
                                  f"unknown key '{key}'{where} (allowed: {', '.join(allowed)})"
                                  f"{suggestion}")
        return
    if kind == "required":
        missing = str(error.message).split("'")[1] if "'" in error.message else error.message
        yield doc.finding(doc.pos(path), "error", "OMST102",
                          f"missing required key '{missing}'{where}")
        return
    if kind == "type":
        expected = _type_name(error.validator_value)
        hint = ""
        if error.validator_value == "string" and isinstance(error.instance, (int, bool)):
            value = str(error.instance).lower() if isinstance(error.instance, bool) \
                else str(error.instance)
            hint = f': quote it ("{value}")'
        elif error.validator_value == "string" and error.instance is None:
            hint = ": write the text after the colon"
        yield doc.finding(doc.pos(path), "error", "OMST103",
                          f"expected {expected}{where}, found {_describe(error.instance)}{hint}")
        return
    if kind == "pattern":
        description = subschema.get("description") or _parent_description(error)
        about = f" ({description})" if description else ""
        pos = doc.key_pos((*path, str(error.instance))) if _is_key_error(error) \
            else doc.pos(path)
        yield doc.finding(pos, "error", "OMST104",
                          f"'{error.instance}'{where} is not in the expected form{about}")
        return
    if kind == "const":
        yield doc.finding(doc.pos(path), "error", "OMST100",
                          f"expected '{error.validator_value}'{where}, found "
                          f"{_describe(error.instance)}")
        return
    yield doc.finding(doc.pos(path), "error", "OMST100", f"{error.message}{where}")


def _is_key_error(error: ValidationError) -> bool:
    return any(part == "propertyNames" for part in error.absolute_schema_path)


def _parent_description(error: ValidationError) -> str | None:
    parent = error.parent
    return parent.schema.get("description") if parent is not None and isinstance(
        parent.schema, dict) else None


def _where(path: PathKey) -> str:
    return f" at {path_text(path)}" if path else ""


def _type_name(value: Any) -> str:
    names = {"string": "text", "object": "a mapping", "array": "a list", "boolean":
             "true or false", "integer": "a whole number", "null": "nothing"}
    if isinstance(value, list):
        return " or ".join(names.get(v, str(v)) for v in value)
    return names.get(value, str(value))


def _describe(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, int):
        return f"the number {value}"
    if isinstance(value, str):
        return f"the text '{value}'" if len(value) < 40 else "a text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__
