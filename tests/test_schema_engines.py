"""The compiled schema engine (jsonschema-rs) and the reference (Python jsonschema) give the
same findings: codes, positions, messages and their number, on a corpus of bad plans made by
breaking the mini plans at every place in every way the schema forbids."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import yaml

from helpers import MINI
from omstallning.reading import schema
from omstallning.reading.yamlfile import PathKey, parse

pytest.importorskip("jsonschema_rs")


def iter_paths(data: Any, path: PathKey = ()) -> Iterator[tuple[PathKey, Any]]:
    """Every (path, value) in plain data, depth first, parents before children."""
    yield path, data
    if isinstance(data, dict):
        for key, value in data.items():
            yield from iter_paths(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from iter_paths(value, (*path, index))


BAD_VALUES: list[Any] = [7, None, [], {}, "x y", True, [{"okänd": 1}]]


def _set(data: Any, path: tuple[Any, ...], value: Any) -> Any:
    if not path:
        return value
    copy = data.copy()
    copy[path[0]] = _set(data[path[0]], path[1:], value)
    return copy


def _without(data: Any, path: tuple[Any, ...]) -> Any:
    if len(path) == 1:
        copy = data.copy()
        del copy[path[0]]
        return copy
    copy = data.copy()
    copy[path[0]] = _without(data[path[0]], path[1:])
    return copy


def corpus(kind: str) -> Iterator[tuple[str, str]]:
    """(what was broken, the broken plan's YAML) for one mini plan."""
    data = yaml.safe_load((MINI / f"{kind}.yaml").read_text(encoding="utf-8"))
    for path, value in list(iter_paths(data))[1:]:
        for bad in BAD_VALUES:
            if bad != value:
                yield (
                    f"{path}={bad!r}",
                    yaml.safe_dump(_set(data, path, bad), allow_unicode=True, sort_keys=False),
                )
        if isinstance(path[-1], str):
            yield (
                f"del {path}",
                yaml.safe_dump(_without(data, path), allow_unicode=True, sort_keys=False),
            )
        if isinstance(value, dict):
            yield (
                f"{path}+okänd",
                yaml.safe_dump(
                    _set(data, path, {**value, "okänd": "x"}), allow_unicode=True, sort_keys=False
                ),
            )


@pytest.mark.parametrize("kind", ["genomforandeplan", "verksamhetsplan"])
def test_both_engines_report_the_same_findings_on_every_broken_plan(kind: str) -> None:
    cases = 0
    with_findings = 0
    for what, text in corpus(kind):
        doc = parse(f"plan/{kind}.yaml", text)
        assert doc.data is not None, what
        rust = schema.validate_document(doc, kind, "rust")
        python = schema.validate_document(doc, kind, "python")
        assert rust == python, what
        cases += 1
        with_findings += bool(rust)
    assert cases > 300
    assert with_findings > 0.9 * cases  # the corpus is of bad plans, as it claims


def test_the_engine_is_rust_unless_the_reference_is_asked_for(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert schema.engine() == "rust"
    monkeypatch.setenv("OMST_SCHEMA_ENGINE", "python")
    assert schema.engine() == "python"
