"""The catalogue: every message in the code has a Swedish translation with the same
placeholders, the compiled catalogue that ships is compiled from the one in git, and the
language follows the environment as GNU gettext reads it."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

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


# Raised with a message a person reads: UsageError's family, and the sandbox's SecurityError
# (its text becomes a template error's reason); the writer's `cannot` makes a WriteProblem.
_USER_ERRORS = {"UsageError", "SecurityError"}
_MAKERS = {"cannot"}
_TRANSLATORS = {"_", "ngettext"}


def _name(node: ast.expr) -> str:
    if isinstance(node, ast.Name):
        return node.id
    return node.attr if isinstance(node, ast.Attribute) else ""


def _is_translated(node: ast.expr) -> bool:
    """_(…), ngettext(…), or either .format(…)ed."""
    if not isinstance(node, ast.Call):
        return False
    if _name(node.func) in _TRANSLATORS:
        return True
    func = node.func
    return isinstance(func, ast.Attribute) and func.attr == "format" and _is_translated(func.value)


def _has_words(text: str) -> bool:
    return any(c.isalpha() for c in text)


def _untranslated(node: ast.expr) -> bool:
    """Words written in the code, not looked up: a str literal, or an f-string whose own
    text has a letter (f"{path}: " + _(…) only joins a location with translated words)."""
    if _is_translated(node):
        return False
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str) and _has_words(node.value)
    if isinstance(node, ast.JoinedStr):
        return any(
            isinstance(part, ast.Constant) and _has_words(str(part.value)) for part in node.values
        )
    if isinstance(node, ast.BinOp):
        return _untranslated(node.left) or _untranslated(node.right)
    if isinstance(node, ast.IfExp):
        return _untranslated(node.body) or _untranslated(node.orelse)
    return False


def _user_errors(trees: dict[Path, ast.Module]) -> set[str]:
    """UsageError and every class deriving from it, however far down."""
    found = set(_USER_ERRORS)
    while True:
        more = {
            node.name
            for tree in trees.values()
            for node in ast.walk(tree)
            if isinstance(node, ast.ClassDef) and any(_name(b) in found for b in node.bases)
        }
        if more <= found:
            return found
        found |= more


def untranslated_errors(trees: dict[Path, ast.Module]) -> list[str]:
    errors = _user_errors(trees)
    return [
        f"{path}:{node.lineno}: {ast.unparse(node)[:100]}"
        for path, tree in trees.items()
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and _name(node.func) in errors | _MAKERS
        and any(_untranslated(arg) for arg in node.args)
    ]


def test_every_error_a_person_reads_goes_through_the_catalogue() -> None:
    trees = {p: ast.parse(p.read_text(encoding="utf-8")) for p in catalogue.PACKAGE.rglob("*.py")}
    assert {"GitError", "ReviewProblem", "TemplateProblem"} <= _user_errors(trees)
    assert untranslated_errors(trees) == []


@pytest.mark.parametrize(
    ("code", "flagged"),
    [
        ("raise GitError(f\"'{rev}' is not a revision\")", True),
        ('raise UsageError("no plans")', True),
        ('raise cannot(path, f"it is {kind}")', True),
        ('raise GitError(f"{path}: cannot read " + reason)', True),
        ("raise GitError(_(\"'{rev}' is not a revision\").format(rev=rev))", False),
        ('raise GitError(f"{path}:{line}: " + _("no link"))', False),
        ('raise UsageError(f"{raw.file}: {raw.message}")', False),
        ('raise TypeError(f"not an item: {kind}")', False),  # a bug in omst, for its developers
    ],
)
def test_the_check_of_errors_tells_written_words_from_looked_up_ones(
    code: str, flagged: bool
) -> None:
    tree = ast.parse("class GitError(UsageError): ...\n" + code)
    assert bool(untranslated_errors({Path("x.py"): tree})) is flagged


def test_an_error_of_gits_own_output_reads_in_swedish(swedish: None) -> None:
    from omstallning.reading import git

    assert str(git._unreadable(b"xyz")) == "git log gav utdata som omst inte kan läsa, vid b'xyz'"


def test_an_install_without_its_folders_is_explained_in_swedish(
    swedish: None, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from omstallning.reading import resources

    monkeypatch.setattr(resources, "_PACKAGE", tmp_path / "src" / "omstallning")
    with pytest.raises(FileNotFoundError, match="omst är installerat utan sin mapp schemas/"):
        resources.resource_dir("schemas")
