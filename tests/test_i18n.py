"""The catalogue: every message in the code has a Swedish translation with the same
placeholders, the compiled catalogue that ships is compiled from the one in git, and the
language follows the environment as GNU gettext reads it."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

import catalogue
from helpers import REPO, VP, PlanCopy, expect_exit, omst
from omstallning import i18n

_PLACEHOLDER = re.compile(r"\{(\w*)[^{}]*\}")


def test_every_message_in_the_code_is_in_the_catalogue_and_nothing_else() -> None:
    catalogued = {catalogue.key(m.id) for m in catalogue.catalog() if m.id}
    in_code = set(catalogue.in_code())
    assert in_code, "no message found: the extraction is broken"
    assert sorted(map(str, in_code - catalogued)) == [], "run python tests/catalogue.py (README)"
    assert sorted(map(str, catalogued - in_code)) == [], "messages no longer in the code"


def test_every_message_has_a_swedish_translation_with_the_same_placeholders() -> None:
    messages = [m for m in catalogue.catalog() if m.id]
    assert messages
    for message in messages:
        ids = [message.id] if isinstance(message.id, str) else list(message.id)
        strings = [message.string] if isinstance(message.string, str) else list(message.string)
        assert all(strings), f"no translation: {message.id!r}"
        assert not message.fuzzy, f"fuzzy translation: {message.id!r}"
        wanted = set(_PLACEHOLDER.findall(ids[-1]))
        for string in strings:
            assert set(_PLACEHOLDER.findall(string)) == wanted, (message.id, string)


def test_the_shipped_compiled_catalogue_is_compiled_from_the_one_in_git() -> None:
    compiled = catalogue.compiled(catalogue.catalog())
    assert catalogue.MO.read_bytes() == compiled, "run python tests/catalogue.py (README)"


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({}, "en"),
        ({"LANG": "sv_SE.UTF-8"}, "sv"),
        ({"LANG": "C.UTF-8"}, "en"),
        ({"LANG": "en_US.UTF-8"}, "en"),
        ({"LC_ALL": "sv_FI.UTF-8", "LANG": "en_US.UTF-8"}, "sv"),
        ({"LC_MESSAGES": "sv_SE", "LANG": "en_GB"}, "sv"),
        ({"LANGUAGE": "sv:en", "LANG": "en_US.UTF-8"}, "sv"),
        ({"LANGUAGE": "sv", "LC_ALL": "C"}, "en"),  # GNU gettext: C wins over LANGUAGE
        ({"LANGUAGE": "de:sv", "LANG": "de_DE.UTF-8"}, "sv"),
        ({"OMST_LANG": "en", "LANG": "sv_SE.UTF-8"}, "en"),
        ({"OMST_LANG": "sv", "LANG": "C"}, "sv"),
        ({"OMST_LANG": "fi", "LANG": "sv_SE.UTF-8"}, "en"),
    ],
)
def test_the_language_follows_the_environment(environ: dict[str, str], expected: str) -> None:
    assert i18n.language(environ) == expected


@pytest.fixture
def swedish() -> Iterator[None]:
    i18n.use("sv")
    yield
    i18n.use("en")


def test_a_message_reads_in_swedish_where_the_user_reads_swedish(swedish: None) -> None:
    run = omst("link", "NV.33", "--plan-dir", REPO / "plan")
    expect_exit(run, 2)
    assert "menade du NV.3" in run.stderr
    assert "NV.33" in run.stderr  # IDs stay as they are


def test_the_summary_counts_in_swedish_with_singular_and_plural(
    swedish: None, plans: PlanCopy
) -> None:
    assert plans.validate().stderr == "2 planfiler är giltiga, inga fynd.\n"
    plans.replace(VP, "      - till: NV.2\n", "")  # one subarea no stream serves: a warning
    result = plans.validate()
    expect_exit(result, 0)
    assert result.stderr == "0 fel, 1 varning i 2 planfiler.\n"


@pytest.mark.parametrize(
    ("value", "sv", "en"),
    [
        (16.3, "16,3", "16.3"),
        (74.0, "74", "74"),
        (74, "74", "74"),
        (-0.5, "-0,5", "-0.5"),
        (1234567.5, "1234567,5", "1234567.5"),  # never 1.23457e+06
        (1e14, "100000000000000", "100000000000000"),
        (1e15, "1e+15", "1e+15"),  # the bound the schemas set, as they write it
        (0.1 + 0.2, "0,3", "0.3"),
        ("47.5", "47,5", "47.5"),  # a number as a file holds it
        (None, "", ""),
    ],
)
def test_a_number_is_written_as_the_language_writes_it(
    value: float | str | None, sv: str, en: str
) -> None:
    assert i18n.number(value, "sv") == sv
    assert i18n.number(value, "en") == en
    i18n.use("sv")
    assert i18n.number(value) == sv


def test_the_documents_numbers_are_the_catalogues_numbers_in_swedish() -> None:
    from omstallning.formats.words import decimal

    for value in (16.3, 74.0, 1234567.5, None):
        assert decimal(value) == i18n.number(value, "sv")
