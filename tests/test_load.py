"""Reading plan files (OMST002–OMST009): every problem is a finding at the place to look,
never a traceback, and YAML's surprises are read as the text that was written."""

from __future__ import annotations

import os

import pytest

from helpers import GP, VP, PlanCopy, expect_exit, omst
from omstallning.reading import yamlfile as load

# OMST002: not a text file


def test_nul_byte_is_reported_as_a_binary_file(plans: PlanCopy) -> None:
    plans.write(GP, b"plan: genomforandeplan\nid: G\0P\n")
    result = plans.validate()
    assert result.findings == [f"{GP}:2:6: error OMST002"]  # the NUL after "id: G"
    assert "binary file (NUL byte)" in result.messages[0]
    expect_exit(result, 1)


def test_non_utf8_byte_is_reported_with_its_value(plans: PlanCopy) -> None:
    plans.write(GP, "plan: genomforandeplan\nnamn: Genomförandeplan\n".encode("latin-1"))
    result = plans.validate()
    assert result.findings == [f"{GP}:2:13: error OMST002"]  # the Latin-1 "ö"
    assert "not UTF-8 text (byte 0xf6)" in result.messages[0]
    expect_exit(result, 1)


def test_non_utf8_byte_after_a_non_ascii_character_is_placed_by_character(plans: PlanCopy) -> None:
    plans.write(GP, "plan: genomforandeplan\nnamn: Plan för år ".encode() + b"\xff\n")
    result = plans.validate()
    assert result.findings == [f"{GP}:2:19: error OMST002"]  # "ö" and "å" are one column each
    expect_exit(result, 1)


def test_non_utf8_byte_after_a_byte_order_mark_is_reported_where_it_stands(plans: PlanCopy) -> None:
    plans.write(GP, b"\xef\xbb\xbfplan: genomforandeplan\nnamn: \xff\n")
    result = plans.validate()
    assert result.findings == [f"{GP}:2:7: error OMST002"]
    assert "(byte 0xff)" in result.messages[0]


def test_utf8_byte_order_mark_is_accepted(plans: PlanCopy) -> None:
    plans.write(GP, b"\xef\xbb\xbf" + plans.path(GP).read_bytes())
    result = plans.validate()
    assert result.stdout == ""
    expect_exit(result, 0)


# OMST003: no document


def test_empty_file_is_reported(plans: PlanCopy) -> None:
    plans.write(GP, b"")
    result = plans.validate()
    assert result.findings == [f"{GP}:1:1: error OMST003"]
    assert "file is empty" in result.messages[0]
    expect_exit(result, 1)


def test_file_of_only_comments_is_reported_as_empty(plans: PlanCopy) -> None:
    plans.write(
        GP,
        "# yaml-language-server: $schema=../schemas/genomforandeplan.schema.json\n"
        "# Planen skrivs senare.\n",
    )
    result = plans.validate()
    assert result.findings == [f"{GP}:1:1: error OMST003"]
    expect_exit(result, 1)


@pytest.mark.parametrize("text", ["~\n", "null\n"])
def test_file_holding_only_null_is_reported(plans: PlanCopy, text: str) -> None:
    plans.write(GP, text)
    result = plans.validate()
    assert result.findings in ([f"{GP}:1:1: error OMST003"], [f"{GP}:1:1: error OMST103"])
    expect_exit(result, 1)


# OMST004: not YAML


def test_unclosed_flow_sequence_is_reported_where_the_parser_gives_up(plans: PlanCopy) -> None:
    plans.write(
        GP,
        'plan: genomforandeplan\nid: GP\nperioder: ["2023", "2024-2025"\nnamn: Genomförandeplan\n',
    )
    result = plans.validate()
    assert result.findings == [f"{GP}:4:1: error OMST004"]  # the next key, not a "," or "]"
    assert "expected ',' or ']'" in result.messages[0]
    expect_exit(result, 1)


def test_tab_in_indentation_is_reported_as_such(plans: PlanCopy) -> None:
    plans.write(GP, 'plan: genomforandeplan\nmetadata:\n\tversion: "1.0"\n')
    result = plans.validate()
    assert result.findings == [f"{GP}:3:1: error OMST004"]
    assert "a tab in indentation" in result.messages[0]
    expect_exit(result, 1)


def test_control_character_is_reported_where_it_stands(plans: PlanCopy) -> None:
    plans.write(GP, "plan: genomforandeplan\nnamn: Plan\x07\n")
    result = plans.validate()
    assert result.findings == [f"{GP}:2:11: error OMST004"]
    assert result.messages == ["control character U+0007 is not allowed in YAML"]
    expect_exit(result, 1)


def test_control_character_after_non_ascii_text_is_reported_where_it_stands(
    plans: PlanCopy,
) -> None:
    plans.write(GP, "plan: genomforandeplan\nnamn: Plan för år\x07\n")
    result = plans.validate()
    assert result.findings == [f"{GP}:2:18: error OMST004"]  # "ö" and "å" are one column each


def test_value_with_an_invalid_explicit_tag_is_reported(plans: PlanCopy) -> None:
    plans.write(GP, "plan: genomforandeplan\nid: !!int GP\n")
    result = plans.validate()
    assert result.findings == [f"{GP}:2:5: error OMST004"]
    assert "'GP' is not a valid !!int" in result.messages[0]
    expect_exit(result, 1)


def test_list_as_a_mapping_key_is_reported(plans: PlanCopy) -> None:
    plans.write(GP, "plan: genomforandeplan\n[id]: GP\n")
    result = plans.validate()
    assert result.findings == [f"{GP}:2:1: error OMST004"]
    expect_exit(result, 1)


# OMST005: duplicate key


def test_duplicate_key_is_reported_at_second_occurrence(plans: PlanCopy) -> None:
    plans.replace(GP, '  version: "1.0"\n', '  version: "1.0"\n  version: "2.0"\n')
    result = plans.validate()
    assert result.findings == [f"{GP}:12:3: error OMST005"]  # the second `version`
    assert result.messages == [
        "duplicate key 'version' (first at line 11); YAML would silently keep only the last one"
    ]
    expect_exit(result, 1)


def test_duplicate_key_keeps_the_first_value() -> None:
    doc = load.parse("plan.yaml", 'version: "1.0"\nversion: "2.0"\n')
    assert doc.data == {"version": "1.0"}


# OMST006: tags that are not plain data


def test_python_tag_is_refused_and_nothing_executes(
    plans: PlanCopy, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[str] = []
    monkeypatch.setattr(os, "system", lambda command: calls.append(command) or 0)
    plans.write(GP, 'plan: genomforandeplan\nid: !!python/object/apply:os.system ["touch pwned"]\n')
    result = plans.validate()
    assert result.findings == [f"{GP}:2:5: error OMST006"]
    assert "the tag !!python/object/apply:os.system is not allowed" in result.messages[0]
    assert calls == []
    assert not (plans.root / "pwned").exists()
    expect_exit(result, 1)


def test_merge_key_is_refused(plans: PlanCopy) -> None:
    plans.write(GP, "plan: genomforandeplan\nbas: &bas {id: GP}\nmetadata:\n  <<: *bas\n")
    result = plans.validate()
    assert result.findings == [f"{GP}:4:3: error OMST006"]
    assert "merge keys (<<) are not supported" in result.messages[0]
    expect_exit(result, 1)


def test_python_tag_on_a_key_is_refused(plans: PlanCopy) -> None:
    plans.replace(GP, "  handlingstyp: Plan\n", "  !!python/str handlingstyp: Plan\n")
    result = plans.validate()
    assert result.findings == [f"{GP}:9:3: error OMST006"]
    expect_exit(result, 1)


# OMST007: limits


BILLION_LAUGHS = """\
plan: genomforandeplan
a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]
b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]
e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]
f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]
g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]
h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g]
i: &i [*h, *h, *h, *h, *h, *h, *h, *h, *h]
"""


def test_alias_bomb_is_stopped(plans: PlanCopy) -> None:
    plans.write(GP, BILLION_LAUGHS)
    result = plans.validate()
    # Where the alias budget ran out: at the 8th "lol" of the list the aliases repeat.
    assert result.findings == [f"{GP}:2:57: error OMST007"]
    assert "aliases expand to more than 10000 nodes (an alias bomb?)" in result.messages[0]
    expect_exit(result, 1)


def test_recursive_alias_is_stopped(plans: PlanCopy) -> None:
    plans.write(GP, "plan: genomforandeplan\nperioder: &a [*a]\n")
    result = plans.validate()
    assert result.findings == [f"{GP}:2:11: error OMST007"]  # the list that holds itself
    assert "(a recursive alias)" in result.messages[0]
    expect_exit(result, 1)


def test_a_few_aliases_are_fine() -> None:
    doc = load.parse("plan.yaml", "a: &text Samma text\nb: *text\n")
    assert doc.findings == []
    assert doc.data == {"a": "Samma text", "b": "Samma text"}


def test_nesting_deeper_than_64_levels_is_reported_at_the_65th(plans: PlanCopy) -> None:
    plans.write(GP, "[" * 100 + "]" * 100 + "\n")
    result = plans.validate()
    assert result.findings == [f"{GP}:1:66: error OMST007"]
    expect_exit(result, 1)


def test_nesting_too_deep_for_the_parser_is_a_limit(plans: PlanCopy) -> None:
    plans.write(GP, "[" * 100_000 + "]" * 100_000 + "\n")
    result = plans.validate()
    # libyaml stops at the 1001st "[", PyYAML's pure parser runs out of stack.
    assert result.findings in ([f"{GP}:1:1001: error OMST007"], [f"{GP}:1:1: error OMST007"])
    expect_exit(result, 1)


def test_nesting_too_deep_for_the_parser_is_an_error_without_traceback(plans: PlanCopy) -> None:
    plans.write(GP, "[" * 100_000 + "]" * 100_000 + "\n")
    result = plans.validate()
    assert len(result.findings) == 1
    assert result.findings[0].startswith(f"{GP}:1:")
    expect_exit(result, 1)


def test_file_larger_than_the_limit_is_not_read(plans: PlanCopy) -> None:
    plans.write(GP, b"#" * (1024 * 1024 + 1))
    result = plans.validate(env={"OMST_MAX_FILE_SIZE": "1M"})
    assert result.findings == [f"{GP}:1:1: error OMST007"]
    assert "file is larger than 1 MiB (1 048 577 bytes)" in result.messages[0]
    assert "--max-file-size" in result.messages[0]
    expect_exit(result, 1)


def test_max_file_size_raises_the_limit(plans: PlanCopy) -> None:
    plans.write(GP, plans.text(GP) + "#" * (1024 * 1024) + "\n")
    expect_exit(omst("--max-file-size", "2M", "validate", "--plan-dir", "plan"), 0)
    assert "OMST007" in plans.validate(env={"OMST_MAX_FILE_SIZE": "1M"}).stdout


def test_the_default_limit_reads_a_file_of_more_than_20_mib(plans: PlanCopy) -> None:
    plans.write(GP, plans.text(GP) + ("#" * 1023 + "\n") * (21 * 1024))
    expect_exit(plans.validate(), 0)


def test_max_file_size_reaches_both_sides_of_a_diff(plans: PlanCopy) -> None:
    result = omst("--max-file-size", "1K", "diff", "plan", "plan")
    expect_exit(result, 1)
    assert "file is larger than 1 KiB" in result.stderr


def test_the_limit_is_passed_to_the_reader_and_else_taken_from_the_environment(
    plans: PlanCopy, monkeypatch: pytest.MonkeyPatch
) -> None:
    from omstallning.reading.plandir import read_file

    size = plans.path(GP).stat().st_size
    assert read_file(plans.path(GP), max_file_size=size).findings == []
    assert [f.code for f in read_file(plans.path(GP), max_file_size=size - 1).findings] == [
        "OMST007"
    ]
    monkeypatch.setenv("OMST_MAX_FILE_SIZE", str(size - 1))
    assert [f.code for f in read_file(plans.path(GP)).findings] == ["OMST007"]
    assert read_file(plans.path(GP), max_file_size=size).findings == []


@pytest.mark.parametrize("size", ["0", "lots", "12T", "-5"])
def test_a_size_that_is_not_one_is_a_usage_error(plans: PlanCopy, size: str) -> None:
    result = omst("--max-file-size", size, "validate", "--plan-dir", "plan")
    expect_exit(result, 2)
    assert "is not a size" in result.stderr


# OMST008: one document per file


def test_second_document_is_reported_at_its_separator(plans: PlanCopy) -> None:
    plans.write(GP, "plan: genomforandeplan\n---\nplan: verksamhetsplan\n")
    result = plans.validate()
    assert result.findings == [f"{GP}:2:1: error OMST008"]
    assert "a second YAML document ('---')" in result.messages[0]
    expect_exit(result, 1)


def test_document_start_marker_alone_is_fine(plans: PlanCopy) -> None:
    plans.write(GP, "---\n" + plans.text(GP))
    result = plans.validate()
    assert result.stdout == ""
    expect_exit(result, 0)


# OMST009: what YAML 1.1 would read as something else


@pytest.mark.parametrize(
    ("file", "line", "edited", "position", "kind"),
    [
        (GP, "  handlingstyp: Plan", "  handlingstyp: no", "9:17", "a boolean"),
        (GP, "  dokument_id: TEST-0001", "  dokument_id: on", "10:16", "a boolean"),
        (VP, '  beslutad: "2023-06-21"', "  beslutad: 2024-05-31", "10:13", "a date"),
        (GP, '  version: "1.0"', "  version: 1.10", "11:12", "a number"),
    ],
)
def test_yaml11_plain_value_is_kept_as_text_with_a_warning(
    plans: PlanCopy, file: str, line: str, edited: str, position: str, kind: str
) -> None:
    plans.replace(file, line, edited)
    result = plans.validate()
    # Only the warning: the schema, which wants text there, got text.
    assert result.findings == [f"{file}:{position}: warning OMST009"]
    value = edited.split(": ")[1]
    assert result.messages == [
        f"value '{value}' is read as text here, but YAML 1.1 tools read "
        f'it as {kind}: quote it ("{value}")'
    ]
    expect_exit(result, 0)


def test_yaml11_plain_values_are_read_as_written() -> None:
    doc = load.parse("plan.yaml", "a: no\nb: on\nc: 2024-05-31\nd: 1.10\n")
    assert doc.data == {"a": "no", "b": "on", "c": "2024-05-31", "d": "1.10"}
    assert [(f.line, f.column, f.code) for f in doc.findings] == [
        (1, 4, "OMST009"),
        (2, 4, "OMST009"),
        (3, 4, "OMST009"),
        (4, 4, "OMST009"),
    ]


def test_yaml11_plain_key_is_kept_as_text_with_a_warning(plans: PlanCopy) -> None:
    plans.replace(
        GP,
        '              "2023": Det finns en gemensam målbild',
        "              2023: Det finns en gemensam målbild",
    )
    result = plans.validate()
    assert result.findings == [f"{GP}:45:15: warning OMST009"]
    assert result.messages[0].startswith("key '2023' is read as text here")
    expect_exit(result, 0)


def test_quoted_values_and_yaml12_booleans_give_no_warning() -> None:
    doc = load.parse("plan.yaml", 'a: "no"\nb: true\nc: 2023\nd: ~\ne: |\n  on\n')
    assert doc.findings == []
    assert doc.data == {"a": "no", "b": True, "c": 2023, "d": None, "e": "on\n"}


# Where things stand


def test_every_value_and_key_has_its_position() -> None:
    doc = load.parse("plan.yaml", "omraden:\n  - id: NV\n    namn: Nära vård\n")
    assert doc.pos(("omraden", 0, "namn")) == load.Pos(3, 11)
    assert doc.key_pos(("omraden", 0, "namn")) == load.Pos(3, 5)
    assert doc.pos(("omraden", 0)) == load.Pos(2, 5)


def test_position_of_a_missing_node_is_its_nearest_ancestors() -> None:
    doc = load.parse("plan.yaml", "omraden:\n  - id: NV\n")
    assert doc.pos(("omraden", 0, "delomraden", 3)) == load.Pos(2, 5)


# The event builder (files without anchors) and the node builder find the same things


def _variants() -> list[str]:
    from helpers import MINI, REPO

    texts = [
        (MINI / name).read_text(encoding="utf-8")
        for name in ("genomforandeplan.yaml", "verksamhetsplan.yaml")
    ]
    texts += [(REPO / "plan" / "genomforandeplan.yaml").read_text(encoding="utf-8")]
    base = texts[0]
    variants = list(texts)
    variants += [base[:cut] for cut in range(0, len(base), 97)]  # cut anywhere
    for token in (
        "!!python/object:os.system x",
        "[",
        "{",
        "\t",
        "'",
        '"',
        ": ",
        "- ",
        "---\n",
        "\u202e",
        "? ",
        "!!int x",
        "!!str 5",
        "!custom x",
        "a: b: c",
        "<<: x",
        "--- |\n x",
    ):
        for at in range(0, len(base), 211):
            variants.append(base[:at] + token + base[at:])
    lines = base.splitlines(keepends=True)
    variants += [
        "".join(lines[:i] + lines[i : i + 1] * 2 + lines[i + 1 :]) for i in range(0, len(lines), 3)
    ]  # a line twice: duplicate keys
    variants += [
        "",
        "---\n",
        "# nothing\n",
        "~\n",
        "a: 1\n---\nb: 2\n",
        "[a]\n",
        "x\n",
        "a:\n  - [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]"
        "]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]\n",
        "a: !!python/object:x 1\nb: [\n",
    ]
    return variants


def test_the_event_builder_finds_what_the_node_builder_finds() -> None:
    compared = 0
    for text in _variants():
        for floats in (False, True):
            try:
                fast = load._parse_events("plan.yaml", text, floats)
            except load.Aliases:
                continue
            slow = load._parse_nodes("plan.yaml", text, floats)
            assert (fast.data, fast.findings) == (slow.data, slow.findings), text[:200]
            if fast.data is not None:
                assert (fast.values, fast.keys, fast.texts) == (slow.values, slow.keys, slow.texts)
            compared += 1
    assert compared > 500
