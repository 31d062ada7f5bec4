"""The YAML parsers' own words for what is wrong with a file reach the plan author in the
author's language: every problem and context text PyYAML's scanner, parser and composer can
raise (read from the installed PyYAML's source) and libyaml's (read from the installed
module) has our message, and a small broken file for each gives a finding with no English
left under sv and our English under en, whichever parser reads it."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
import yaml

from omstallning import i18n
from omstallning.reading import yamlfile, yamlwords
from omstallning.reading.yamlwords import CONTEXTS, HANDLED, PROBLEMS, context_words

PYYAML = Path(yaml.__file__).parent
ERRORS = ("ScannerError", "ParserError", "ComposerError")


def _template(node: ast.expr) -> str | None:
    """The text of an error's argument as its source writes it: "found %r …" % ch → "found
    %r …"; None for None or a text made at run time."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod):
        return _template(node.left)
    return None


def pyyaml_texts() -> tuple[set[str], set[str], list[str]]:
    """(problems, contexts, what is made at run time) of every error PyYAML's pure parser
    raises while composing."""
    problems: set[str] = set()
    contexts: set[str] = set()
    made: list[str] = []
    for module in ("scanner.py", "parser.py", "composer.py"):
        for node in ast.walk(ast.parse((PYYAML / module).read_text(encoding="utf-8"))):
            if not (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in ERRORS
            ):
                continue
            context, _mark, problem, *_rest = node.args
            for arg, into in ((context, contexts), (problem, problems)):
                text = _template(arg)
                if text is not None:
                    into.add(text)
                elif not (isinstance(arg, ast.Constant) and arg.value is None):
                    made.append(f"{module}:{node.lineno}: {ast.unparse(arg)}")
    return problems, contexts, made


def _known_context(template: str) -> bool:
    """A context PyYAML fills in with `%s` ("while scanning a %s") is known through each
    text it becomes ("while scanning a tag")."""
    if template in CONTEXTS or template in HANDLED:
        return True
    pattern = re.escape(template).replace("%s", "[a-z ]+").replace("%r", ".+")
    return any(re.fullmatch(pattern, known) for known in CONTEXTS)


def test_every_problem_pyyaml_raises_while_composing_has_our_words() -> None:
    problems, _contexts, _made = pyyaml_texts()
    assert len(problems) > 30, "PyYAML's errors were not found: the reading is broken"
    assert sorted(problems - set(PROBLEMS) - HANDLED) == []


def test_every_context_pyyaml_names_while_composing_has_our_words() -> None:
    _problems, contexts, _made = pyyaml_texts()
    assert sorted(c for c in contexts if not _known_context(c)) == []


def test_pyyaml_makes_only_the_tags_decoding_error_at_run_time_and_it_has_our_words() -> None:
    _problems, _contexts, made = pyyaml_texts()
    assert [m.split(": ", 1)[1] for m in made] == ["str(exc)"], made
    try:
        b"\xff".decode("utf-8")
    except UnicodeDecodeError as exc:
        assert yamlwords.problem_words(str(exc)) == "the '%' escapes in a tag are not UTF-8"


# libyaml's texts in the installed module, found by how each begins; reader errors are the
# ReaderError yaml_error reports as a control character (omst checked the bytes as UTF-8
# before, so only that one can occur), and the rest cannot occur reading a plan.
_LIBYAML_BEGINNINGS = (
    "while ",
    "found ",
    "did not find ",
    "could not find ",
    "block sequence entries ",
    "mapping keys ",
    "mapping values ",
    "exceeded maximum ",
    "Maximum nesting ",
)
_READER = frozenset(
    {
        "control characters are not allowed",
        "invalid leading UTF-8 octet",
        "invalid trailing UTF-8 octet",
        "invalid length of a UTF-8 sequence",
        "incomplete UTF-8 octet sequence",
        "invalid Unicode character",
    }
)
_CANNOT_OCCUR = frozenset(
    {
        "did not find expected <stream-start>",  # libyaml's own first token, always there
        "invalid vtable found for imported type",  # Cython's, not YAML's
    }
)


def libyaml_texts() -> list[str]:
    module = next(PYYAML.glob("_yaml*"), None)
    if module is None or not yaml.__with_libyaml__:
        pytest.skip("PyYAML is installed without libyaml")
    strings = {s.decode("ascii") for s in re.findall(rb"[\x20-\x7e]{6,}", module.read_bytes())}
    return sorted(s for s in strings if s.startswith(_LIBYAML_BEGINNINGS))


def test_every_problem_and_context_libyaml_gives_has_our_words() -> None:
    texts = libyaml_texts()
    assert len(texts) > 50, "libyaml's texts were not found: the reading is broken"
    unknown = [
        text
        for text in texts
        if text not in PROBLEMS
        and text not in CONTEXTS
        and text not in HANDLED
        and text not in _READER
        and text not in _CANNOT_OCCUR
    ]
    assert unknown == []


# One small broken file for each problem a plan can meet, as the author might write it.
BROKEN = {
    "percent-first": "namn: %Andel digitala besök\n",
    "at-first": "namn: @region\n",
    "long-key": "id: GP\n" + "b" * 1100 + ": x\n",
    "key-without-colon": "id: GP\nnamn: Plan\nen rad utan kolon\n",
    "dash-after-value": "namn: - punkt\n",
    "question-mark-after-key": "namn: ? varför\n",
    "colon-after-quoted-key": '"namn": Plan: utkast\n',
    "colon-in-flow": "perioder: [2023:]\n",
    "anchor-without-name": "namn: &\n",
    "alias-without-name": "namn: *\n",
    "alias-of-nothing": "namn: *viktigt\n",
    "anchor-twice": "a: &x 1\nb: &x 2\n",
    "directive-version": "%YAML 1x\n---\nid: GP\n",
    "directive-version-space": "%YAML 1.1x\n---\nid: GP\n",
    "directive-version-digit": "%YAML x\n---\nid: GP\n",
    "directive-version-long": "%YAML 1.12345678901234567890\n---\nid: GP\n",
    "directive-name": "% mål\n---\nid: GP\n",
    "directive-letter": "%Y@ML 1.1\n---\nid: GP\n",
    "directive-unknown": "%MAL 2024\n---\nid: GP\n",
    "directive-trailing": "%YAML 1.1 x\n---\nid: GP\n",
    "directive-twice": "%YAML 1.1\n%YAML 1.1\n---\nid: GP\n",
    "directive-version-2": "%YAML 2.0\n---\nid: GP\n",
    "directive-no-document": "%YAML 1.1\nid: GP\n",
    "tag-directive-space": "%TAG !a!x\n---\nid: GP\n",
    "tag-directive-handle": "%TAG a! x\n---\nid: GP\n",
    "tag-directive-bang": "%TAG !a x\n---\nid: GP\n",
    "tag-directive-uri": "%TAG !a! {\n---\nid: GP\n",
    "tag-directive-twice": "%TAG !a! x\n%TAG !a! y\n---\nid: GP\n",
    "tag-unclosed": "namn: !<x\n",
    "tag-no-space": "namn: !<x>y\n",
    "tag-empty": "namn: !<>\n",
    "tag-escape": "namn: !x%zz\n",
    "tag-not-utf8": "namn: !x%ff y\n",
    "tag-not-utf8-trailing": "namn: !x%c3%28 y\n",
    "tag-undeclared": "namn: !h!viktigt text\n",
    "block-text-zero": "text: |0\n  rad\n",
    "block-text-letter": "text: |x\n  rad\n",
    "block-text-trailing": "text: | rad\n  rad\n",
    "unknown-escape": 'namn: "C:\\mappar"\n',
    "short-hex-escape": 'namn: "a\\x4"\n',
    "surrogate-escape": 'namn: "\\uD800"\n',
    "quote-at-end": 'namn: "Plan\n',
    "quote-over-document-line": 'namn: "Plan\n---\n"\n',
    "dash-under-key": "id: GP\n- punkt\n",
    "indent-one-too-few": "a:\n  b: 1\n c: 2\n",
    "list-then-key": "- a\n- b\nc: d\n",
    "text-after-quote": 'namn: "Plan" 2024\n',
    "flow-list-unclosed": "perioder: [2023, 2024\nnamn: Plan\n",
    "flow-map-unclosed": "metadata: {version: 1\nnamn: Plan\n",
    "flow-value-missing": "a: {b: c, d e f: ]\n",
    "value-missing": "namn: ]\n",
    "deep": "[" * 1001 + "]" * 1001 + "\n",
}

COMPOSERS = {"pure": yamlfile.PurePythonComposer}
if yamlfile.Composer is not yamlfile.PurePythonComposer:
    COMPOSERS["libyaml"] = yamlfile.Composer


def raised(composer: type, text: str) -> yaml.MarkedYAMLError | None:
    try:
        composer(text).get_single_node()
    except yaml.MarkedYAMLError as exc:
        return exc
    except RecursionError:  # the pure parser on "deep": OMST007, not a YAML text
        return None
    return None


def _matches(text: str, known: dict[str, str] | frozenset[str]) -> str | None:
    for template in known:
        pattern = re.escape(template).replace("%r", ".+").replace("%s", ".+")
        if re.fullmatch(pattern.replace("%d", r"\d+"), text):
            return template
    return None


def test_the_broken_files_raise_every_problem_and_context_we_have_words_for() -> None:
    problems: set[str] = set()
    contexts: set[str] = set()
    for text in BROKEN.values():
        for composer in COMPOSERS.values():
            exc = raised(composer, text)
            if exc is None:
                continue
            problems.add(_matches(exc.problem or "", PROBLEMS) or exc.problem or "")
            contexts.add(_matches(exc.context or "", CONTEXTS) or exc.context or "")
    libyaml_only = {t for t in PROBLEMS if "%" not in t} if "libyaml" not in COMPOSERS else set()
    assert sorted(set(PROBLEMS) - problems - libyaml_only) == []
    assert sorted(set(CONTEXTS) - contexts - libyaml_only) == []


# Each file with each parser that refuses it (the pure parser reads a few that libyaml does
# not: an unknown directive, a long version, a lone surrogate, a colon in [ ]).
CASES = [
    (composer, name)
    for composer in sorted(COMPOSERS)
    for name in sorted(BROKEN)
    if name == "deep" or raised(COMPOSERS[composer], BROKEN[name]) is not None
]


def finding_of(composer: str, text: str, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setattr(yamlfile, "Composer", COMPOSERS[composer])
    findings = yamlfile.parse("plan.yaml", text).findings
    assert len(findings) == 1, findings
    return findings[0].message


# Words that are English and not Swedish ("text" is both), and the parsers' own.
_ENGLISH = re.compile(
    r"\b(the|expected|found|while|scanning|parsing|allowed|cannot|character|value|key|"
    r"line|quotes?|double|write|indentation|an|of|is|must|here|stands|above|with|"
    r"after|not|token|mapping|scalar|directive|anchor|alias|tag|octet|escape|stream)\b"
)


@pytest.mark.parametrize(("composer", "name"), CASES)
def test_a_broken_file_reads_in_swedish_with_no_english_left(
    composer: str, name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    i18n.use("sv")
    message = finding_of(composer, BROKEN[name], monkeypatch)
    # what the plan author wrote may stand in it: take out the file's own words
    shown = message
    for word in re.findall(r"\w+", BROKEN[name]):
        shown = shown.replace(word, "")
    assert not _ENGLISH.search(shown), message


@pytest.mark.parametrize(("composer", "name"), CASES)
def test_a_broken_file_reads_in_our_english_not_the_parsers(
    composer: str, name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    exc = raised(COMPOSERS[composer], BROKEN[name])
    message = finding_of(composer, BROKEN[name], monkeypatch)
    if exc is not None and exc.problem:
        assert exc.problem not in message, message
    if exc is not None and exc.context and context_words(exc.context, 1):
        assert exc.context not in message, message


def test_a_text_the_parsers_do_not_know_stands_as_they_wrote_it() -> None:
    assert yamlwords.problem_words("found a new kind of trouble") is None
    assert yamlwords.context_words("while doing something new", 3) is None
