"""The schemas' descriptions, the hover texts of an editor, in the user's language: schemas/ is
the English source, `omst schema` prints a schema in the user's language, and schemas/sv/ holds
the Swedish copies the plan files' modelines point at, current with the source."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

import pytest

from helpers import REPO, expect_exit, omst
from omstallning import i18n
from omstallning.core.schemas import SCHEMA_NAMES, WORDS

SOURCE = REPO / "schemas"
SWEDISH = SOURCE / "sv"
REGENERATE = "run OMST_LANG=sv omst schema --out schemas/sv (README)"


def printed(name: str, language: str) -> str:
    i18n.use(language)
    try:
        result = omst("schema", name)
    finally:
        i18n.use("en")
    expect_exit(result, 0)
    return result.stdout


def words(node: Any, path: str = "") -> Iterator[tuple[str, str]]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key in WORDS and isinstance(value, str):
                yield f"{path}/{key}", value
            else:
                yield from words(value, f"{path}/{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from words(value, f"{path}/{index}")


def without_words(node: Any) -> Any:
    if isinstance(node, dict):
        return {
            k: without_words(v)
            for k, v in node.items()
            if not (k in WORDS and isinstance(v, str)) and k != "$id"
        }
    if isinstance(node, list):
        return [without_words(v) for v in node]
    return node


@pytest.mark.parametrize("name", SCHEMA_NAMES)
def test_the_swedish_copy_is_what_omst_schema_prints_in_swedish(name: str) -> None:
    copy = SWEDISH / f"{name}.schema.json"
    assert copy.is_file(), REGENERATE
    assert printed(name, "sv") == copy.read_text(encoding="utf-8"), REGENERATE


@pytest.mark.parametrize("name", SCHEMA_NAMES)
def test_in_english_omst_schema_prints_the_source_byte_for_byte(name: str) -> None:
    assert printed(name, "en") == (SOURCE / f"{name}.schema.json").read_text(encoding="utf-8")


@pytest.mark.parametrize("name", SCHEMA_NAMES)
def test_every_description_and_title_reads_in_swedish_and_nothing_else_changes(name: str) -> None:
    english = json.loads((SOURCE / f"{name}.schema.json").read_text(encoding="utf-8"))
    swedish = json.loads(printed(name, "sv"))
    assert without_words(swedish) == without_words(english)  # validation reads the same
    pairs = dict(words(english)), dict(words(swedish))
    assert pairs[0].keys() == pairs[1].keys()
    # A text may stay as it is only where it is the plans' own Swedish (a title, a role).
    english_words = re.compile(r"\b(?:the|a|an|of|and|or|is|to|for|with)\b", re.IGNORECASE)
    untranslated = [p for p, text in pairs[0].items() if pairs[1][p] == text]
    assert [p for p in untranslated if english_words.search(pairs[0][p])] == []
    assert swedish["$id"].endswith(f"/schemas/sv/{name}.schema.json")


def test_the_plan_files_point_the_editor_at_the_swedish_schemas() -> None:
    files = [*(REPO / "plan").glob("*.yaml"), *(REPO / "plan" / "forvaltningar").glob("*.yaml")]
    assert len(files) > 2
    for path in files:
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema="), path
        target = (path.parent / first.split("=", 1)[1]).resolve()
        assert target.parent == SWEDISH.resolve(), path
        assert target.is_file(), path
