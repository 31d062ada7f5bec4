"""`omst validate` as a user meets it: exit codes, output formats, finding the plans."""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import pytest

from helpers import GP, MINI, VP, PlanCopy, Result, expect_exit, omst
from omstallning import checks, i18n
from omstallning.checks import CHECKS, READ_CODES

# One warning (a placeholder) in the verksamhetsplan, line 40, column 15.
PLACEHOLDER = (
    "        text: De digitala tjänsterna är införda.\n",
    "        text: Xx % av tjänsterna är införda.\n",
)
PLACEHOLDER_LINE = (
    f"{VP}:40:15: warning OMST209 placeholder 'Xx' in text: \"Xx % av tjänsterna är införda.\""
)

# One error (a link to a subarea that does not exist) in the verksamhetsplan.
BROKEN_LINK = ("      - till: NV.2\n", "      - till: NV.2\n      - till: NV.9\n")


# Exit codes


def test_mini_plans_are_valid_with_no_findings(plans: PlanCopy) -> None:
    result = plans.validate()
    assert result.stdout == ""
    assert result.stderr == "2 plan files valid, no findings.\n"
    expect_exit(result, 0)


def test_warnings_alone_exit_0(plans: PlanCopy) -> None:
    plans.replace(VP, *PLACEHOLDER)
    result = plans.validate()
    assert result.lines == [PLACEHOLDER_LINE]
    expect_exit(result, 0)


def test_strict_makes_warnings_errors_and_exits_1(plans: PlanCopy) -> None:
    plans.replace(VP, *PLACEHOLDER)
    result = plans.validate("--strict")
    assert result.findings == [f"{VP}:40:15: error OMST209"]
    assert result.stderr == "1 error(s), 0 warning(s) in 2 plan files.\n"
    expect_exit(result, 1)


def test_strict_on_valid_plans_exits_0(plans: PlanCopy) -> None:
    result = plans.validate("--strict")
    assert result.stdout == ""
    expect_exit(result, 0)


def test_an_error_exits_1(plans: PlanCopy) -> None:
    plans.replace(VP, *BROKEN_LINK)
    result = plans.validate()
    assert result.findings == [f"{VP}:34:15: error OMST203"]
    expect_exit(result, 1)


def test_missing_plan_dir_is_a_usage_error(plans: PlanCopy) -> None:
    result = omst("validate", "--plan-dir", "planer")
    assert result.stdout == ""
    assert result.stderr == (
        "omst: error: plan directory planer does not exist or is not a directory\n"
    )
    expect_exit(result, 2)


def test_plan_dir_without_a_plan_file_is_a_usage_error(plans: PlanCopy) -> None:
    plans.path(VP).unlink()
    result = plans.validate()
    assert result.stdout == ""
    assert result.stderr == (
        f"omst: error: {VP}: plan file not found (the plan directory must "
        "hold genomforandeplan.yaml and verksamhetsplan.yaml)\n"
    )
    expect_exit(result, 2)


def test_unreadable_plan_file_is_a_usage_error(plans: PlanCopy) -> None:
    path = plans.path(GP)
    path.chmod(0)
    try:
        if os.access(path, os.R_OK):
            pytest.skip("this user (root?) can read a file with mode 000")
        result = plans.validate()
    finally:
        path.chmod(0o644)
    assert result.stdout == ""
    assert result.stderr == f"omst: error: {GP}: cannot read: Permission denied\n"
    expect_exit(result, 2)


def test_plan_file_that_is_a_directory_is_a_usage_error(plans: PlanCopy) -> None:
    plans.path(GP).unlink()
    plans.path(GP).mkdir()
    result = plans.validate()
    assert result.stdout == ""
    assert result.stderr == f"omst: error: {GP}: cannot read: Is a directory\n"
    expect_exit(result, 2)


def test_unknown_option_is_a_usage_error(plans: PlanCopy) -> None:
    result = plans.validate("--bogus")
    assert result.stdout == ""
    assert "No such option: --bogus" in result.stderr
    expect_exit(result, 2)


def test_unknown_format_is_a_usage_error(plans: PlanCopy) -> None:
    result = plans.validate("--format", "xml")
    assert "'xml' is not one of 'text', 'json', 'github'" in result.stderr
    expect_exit(result, 2)


def _crash(*args: object, **kwargs: object) -> None:
    raise RuntimeError("boom")


def test_unexpected_exception_exits_3_and_points_to_omst_debug(
    plans: PlanCopy, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(checks, "check_docs", _crash)
    result = plans.validate()
    assert result.stdout == ""
    assert "an unexpected error occurred (RuntimeError: boom)" in result.stderr
    assert "OMST_DEBUG=1" in result.stderr
    expect_exit(result, 3)


def test_omst_debug_shows_the_traceback_of_an_unexpected_exception(
    plans: PlanCopy, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(checks, "check_docs", _crash)
    result = plans.validate(env={"OMST_DEBUG": "1"})
    assert result.stderr.startswith("Traceback (most recent call last):")
    assert result.stderr.endswith("RuntimeError: boom\n")
    assert result.exit_code == 3


# Output formats


LINE_FORMAT = re.compile(
    r"^(?P<file>[^:]+):(?P<line>\d+):(?P<column>\d+): "
    r"(?P<severity>error|warning) (?P<code>OMST\d{3}) (?P<message>.+)$"
)


def test_text_format_is_file_line_col_severity_code_message(plans: PlanCopy) -> None:
    plans.replace(VP, *PLACEHOLDER)
    plans.replace(VP, *BROKEN_LINK)
    result = plans.validate("--format", "text")
    assert result.stdout == (
        f"{VP}:34:15: error OMST203 VP.1 links to NV.9, which is not in "
        "the genomförandeplan (existing: NV.1, NV.2)\n"
        f"{VP}:41:15: warning OMST209 placeholder 'Xx' in text: "
        '"Xx % av tjänsterna är införda."\n'
    )
    assert all(LINE_FORMAT.match(line) for line in result.lines)


def test_text_format_keeps_each_finding_on_one_line(plans: PlanCopy) -> None:
    plans.replace(GP, "  handlingstyp: Plan\n", '  "hand\\nlingstyp": Plan\n')
    result = plans.validate()
    assert result.findings == [f"{GP}:9:3: error OMST101"]
    assert all(LINE_FORMAT.match(line) for line in result.lines)


def test_json_format_is_a_list_of_findings_with_six_fields(plans: PlanCopy) -> None:
    plans.replace(VP, *PLACEHOLDER)
    plans.replace(VP, *BROKEN_LINK)
    result = plans.validate("--format", "json")
    assert json.loads(result.stdout) == [
        {
            "file": VP,
            "line": 34,
            "column": 15,
            "severity": "error",
            "code": "OMST203",
            "message": "VP.1 links to NV.9, which is not in the genomförandeplan (existing: "
            "NV.1, NV.2)",
        },
        {
            "file": VP,
            "line": 41,
            "column": 15,
            "severity": "warning",
            "code": "OMST209",
            "message": "placeholder 'Xx' in text: \"Xx % av tjänsterna är införda.\"",
        },
    ]
    expect_exit(result, 1)


def test_json_format_of_valid_plans_is_an_empty_list(plans: PlanCopy) -> None:
    result = plans.validate("-f", "json")
    assert json.loads(result.stdout) == []
    expect_exit(result, 0)


def test_github_format_gives_annotations_then_the_plain_list(plans: PlanCopy) -> None:
    plans.replace(VP, *PLACEHOLDER)
    plans.replace(VP, *BROKEN_LINK)
    result = plans.validate("--format", "github")
    text = plans.validate("--format", "text").stdout
    assert result.stdout == (
        f"::error file={VP},line=34,col=15,title=OMST203::VP.1 links to NV.9, which is not in "
        "the genomförandeplan (existing: NV.1, NV.2)\n"
        f"::warning file={VP},line=41,col=15,title=OMST209::placeholder 'Xx' in text: "
        '"Xx %25 av tjänsterna är införda."\n' + text
    )
    expect_exit(result, 1)


def test_github_format_escapes_percent_newline_colon_and_comma_in_properties(
    plans: PlanCopy,
) -> None:
    odd = "a%b,c:d\ne"
    shutil.copytree(plans.dir, plans.root / odd)
    (plans.root / odd / "verksamhetsplan.yaml").write_text(
        plans.text(VP).replace(*PLACEHOLDER), encoding="utf-8"
    )
    result = omst("validate", "--plan-dir", odd, "--format", "github")
    assert result.lines[0] == (
        "::warning file=a%25b%2Cc%3Ad%0Ae/verksamhetsplan.yaml,line=40,"
        "col=15,title=OMST209::placeholder 'Xx' in text: "
        '"Xx %25 av tjänsterna är införda."'
    )


def test_github_format_escapes_a_newline_in_the_message(plans: PlanCopy) -> None:
    plans.replace(GP, "  handlingstyp: Plan\n", '  "hand\\nlingstyp": Plan\n')
    result = plans.validate("--format", "github")
    assert result.lines[0].startswith(
        f"::error file={GP},line=9,col=3,title=OMST101::at metadata: unknown key 'hand%0Alingstyp'"
    )


def test_github_format_is_the_default_on_github_actions(plans: PlanCopy) -> None:
    plans.replace(VP, *PLACEHOLDER)
    result = plans.validate(env={"GITHUB_ACTIONS": "true"})
    assert result.lines[0].startswith(f"::warning file={VP},line=40,col=15,title=OMST209::")
    assert result.lines[1] == PLACEHOLDER_LINE


def test_format_option_wins_over_github_actions(plans: PlanCopy) -> None:
    plans.replace(VP, *PLACEHOLDER)
    result = plans.validate("--format", "text", env={"GITHUB_ACTIONS": "true"})
    assert result.lines == [PLACEHOLDER_LINE]


def test_findings_are_sorted_by_file_and_position_and_stable(plans: PlanCopy) -> None:
    plans.replace(VP, *PLACEHOLDER)  # VP 40
    plans.replace(VP, *BROKEN_LINK)  # VP 34, and the placeholder moves to 41
    plans.replace(GP, "      - id: PR.A1\n", "      - id: NV.A3\n")  # GP 89
    plans.replace(GP, "          - id: NV.2.E2\n", "          - id: NV.1.E2\n")  # GP 56
    first, second = plans.validate(), plans.validate()
    assert first.findings == [
        f"{GP}:56:13: warning OMST202",
        f"{GP}:89:9: warning OMST202",
        f"{VP}:34:15: error OMST203",
        f"{VP}:41:15: warning OMST209",
    ]
    assert second.stdout == first.stdout


def test_findings_at_one_place_are_sorted_by_severity_then_code(plans: PlanCopy) -> None:
    plans.replace(VP, "    vision: true\n", "    vision: on\n")
    result = plans.validate()
    assert result.findings == [f"{VP}:19:13: error OMST103", f"{VP}:19:13: warning OMST009"]


def test_summary_goes_to_stderr(plans: PlanCopy) -> None:
    plans.replace(VP, *PLACEHOLDER)
    plans.replace(VP, *BROKEN_LINK)
    result = plans.validate("--format", "json")
    json.loads(result.stdout)  # nothing but the findings on stdout
    assert result.stderr == "1 error(s), 1 warning(s) in 2 plan files.\n"


def test_markup_in_plan_text_is_printed_literally(plans: PlanCopy) -> None:
    plans.replace(
        VP,
        "        text: De digitala tjänsterna är införda.\n",
        "        text: '[bold]TBD[/bold] :100: klart'\n",
    )
    result = plans.validate()
    assert result.lines == [
        f"{VP}:40:15: warning OMST209 placeholder 'TBD' in text: \"[bold]TBD[/bold] :100: klart\""
    ]


def test_markup_in_a_key_is_printed_literally(plans: PlanCopy) -> None:
    plans.replace(GP, "  handlingstyp: Plan\n", '  "[red]typ[/red]": Plan\n')
    result = plans.validate()
    assert result.findings == [f"{GP}:9:3: error OMST101"]
    assert result.messages[0].startswith("at metadata: unknown key '[red]typ[/red]'")


# Finding the plans


def _other_copy(root: Path) -> Path:
    """A second copy of the mini plans, with one warning, to tell it from the first."""
    other = root / "andra" / "plan"
    shutil.copytree(MINI, other)
    path = other / "verksamhetsplan.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(*PLACEHOLDER), encoding="utf-8")
    return other


def test_plan_dir_option_is_used(plans: PlanCopy) -> None:
    _other_copy(plans.root)
    result = omst("validate", "-p", "andra/plan")
    assert result.findings == ["andra/plan/verksamhetsplan.yaml:40:15: warning OMST209"]


def test_omst_plan_dir_is_used_before_plan_here(plans: PlanCopy) -> None:
    _other_copy(plans.root)
    result = omst("validate", env={"OMST_PLAN_DIR": "andra/plan"})
    assert result.findings == ["andra/plan/verksamhetsplan.yaml:40:15: warning OMST209"]


def test_plan_dir_option_is_used_before_omst_plan_dir(plans: PlanCopy) -> None:
    _other_copy(plans.root)
    result = omst("validate", "--plan-dir", "plan", env={"OMST_PLAN_DIR": "andra/plan"})
    assert result.stdout == ""
    expect_exit(result, 0)


def test_omst_plan_dir_that_does_not_exist_is_a_usage_error(plans: PlanCopy) -> None:
    result = omst("validate", env={"OMST_PLAN_DIR": "planer"})
    assert result.stderr == (
        "omst: error: plan directory planer does not exist or is not a directory\n"
    )
    expect_exit(result, 2)


def test_plan_here_is_used(plans: PlanCopy) -> None:
    plans.replace(VP, *PLACEHOLDER)
    result = omst("validate")
    assert result.lines == [PLACEHOLDER_LINE]


def test_plan_at_the_git_root_is_used_from_a_subdirectory(
    plans: PlanCopy, monkeypatch: pytest.MonkeyPatch
) -> None:
    plans.replace(VP, *PLACEHOLDER)
    (plans.root / ".git").mkdir()
    deep = plans.root / "docs" / "kapitel"
    deep.mkdir(parents=True)
    monkeypatch.chdir(deep)
    result = omst("validate")
    # Relative to where the user stands, so that editors and terminals can open it.
    assert result.findings == [f"../../{VP}:40:15: warning OMST209"]


def test_no_plan_dir_anywhere_is_a_usage_error_that_says_what_to_do(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / ".git").mkdir()  # the git root: omst looks no further up
    (tmp_path / "src").mkdir()
    monkeypatch.chdir(tmp_path / "src")
    result = omst("validate")
    assert result.stdout == ""
    assert result.stderr == (
        "omst: error: no plan/ directory here or at the git root; run omst "
        "in the plans' repository, or give --plan-dir PATH (or set "
        "OMST_PLAN_DIR)\n"
    )
    expect_exit(result, 2)


# --list-checks


def test_list_checks_lists_every_code_with_its_severity(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # no plans needed
    result = omst("validate", "--list-checks")
    listed = {line.split()[0]: line.split()[1] for line in result.lines if line.startswith("OMST")}
    expected = {code: severity for code, (severity, _) in READ_CODES.items()}
    expected |= {code: check.severity for code, check in CHECKS.items()}
    assert listed == expected
    expect_exit(result, 0)


def test_list_checks_shows_each_checks_fail_example(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = omst("validate", "--list-checks")
    assert (
        'OMST209 warning No placeholder is left in a text: "Xx %", "XX", "TBD", '
        '"TODO", "???", "[...]".'
    ) in result.lines
    assert (" " * 16 + "FAIL: `text: Xx % av resurs är omställd till nära vård.`") in result.lines


def _what_each_code_finds(result: Result) -> dict[str, str]:
    return {line[:7]: line[16:] for line in result.lines if line.startswith("OMST")}


def test_list_checks_in_swedish_leaves_no_codes_description_in_english(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    english = _what_each_code_finds(omst("validate", "--list-checks"))
    i18n.use("sv")  # the autouse fixture speaks English again after the test
    swedish = _what_each_code_finds(omst("validate", "--list-checks"))
    assert set(swedish) == set(english) == {*READ_CODES, *CHECKS}
    untranslated = sorted(code for code in english if swedish[code] == english[code])
    assert untranslated == []


def _each_checks_fail_example(result: Result, fail: str) -> dict[str, str]:
    """Code → its example, the lines under the code joined, from the word for FAIL: on."""
    below: dict[str, list[str]] = {}
    for line in result.lines:
        if line.startswith("OMST"):
            code = line[:7]
        elif line.startswith(" " * 16):
            below.setdefault(code, []).append(line.strip())
    return {
        code: " ".join(" ".join(lines).split(fail, 1)[1].split())
        for code, lines in below.items()
        if fail in " ".join(lines)
    }


def test_list_checks_in_swedish_leaves_no_fail_example_in_english(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    english = _each_checks_fail_example(omst("validate", "--list-checks"), "FAIL:")
    i18n.use("sv")  # the autouse fixture speaks English again after the test
    swedish = _each_checks_fail_example(omst("validate", "--list-checks"), "FEL:")
    assert set(swedish) == set(english) == set(CHECKS)
    untranslated = sorted(code for code in english if swedish[code] == english[code])
    assert untranslated == []


def test_a_long_placeholder_is_quoted_clipped(plans: PlanCopy) -> None:
    plans.replace(
        VP,
        "        text: De digitala tjänsterna är införda.\n",
        f"        text: Andel {'x' * 400} klar.\n",
    )
    result = plans.validate()
    assert result.findings == [f"{VP}:40:15: warning OMST209"]
    assert result.messages == [f"placeholder '{'x' * 19}…' in text: \"Andel {'x' * 53}…\""]
    expect_exit(result, 0)
