"""The findings writers (text, JSON, GitHub annotations, SARIF, GitLab, JUnit), the job
summary and the catalogue of codes, on findings built by hand: no CLI in between."""

from __future__ import annotations

import io
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from omstallning import i18n
from omstallning.checks import CHECKS, READ_CODES
from omstallning.checks.catalogue import (
    CodeDoc,
    catalogue,
    descriptions,
    examples,
    fail_example,
    what_it_finds,
)
from omstallning.formats import FINDINGS, writer
from omstallning.formats.catalogue import text as catalogue_text
from omstallning.formats.ci import rules
from omstallning.formats.findings import step_summary
from omstallning.reading.findings import Finding, FindingsReport

GP = "plan/genomforandeplan.yaml"
VP = "plan/verksamhetsplan.yaml"
REPORT = FindingsReport(
    [
        Finding(GP, 34, 5, "error", "OMST201", "duplicate ID 'NV' (first at line 20)"),
        Finding(VP, 9, 3, "warning", "OMST009", "plain value 'no' is read as a boolean"),
    ],
    [GP, VP],
)


def written(fmt: str, report: FindingsReport = REPORT) -> str:
    out = io.StringIO()
    writer(FINDINGS, fmt)(report, out)
    return out.getvalue()


@pytest.fixture(autouse=True)
def _outside_a_repository(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # paths relative to the current folder, not omst's repo


def test_text_is_one_finding_a_line_with_its_place() -> None:
    assert written("text").splitlines() == [
        f"{GP}:34:5: error OMST201 duplicate ID 'NV' (first at line 20)",
        f"{VP}:9:3: warning OMST009 plain value 'no' is read as a boolean",
    ]


def test_json_lists_every_field_of_each_finding() -> None:
    assert json.loads(written("json"))[0] == {
        "file": GP,
        "line": 34,
        "column": 5,
        "severity": "error",
        "code": "OMST201",
        "message": "duplicate ID 'NV' (first at line 20)",
    }


def test_github_annotates_then_lists_the_findings_plainly() -> None:
    lines = written("github").splitlines()
    assert lines[0] == (
        f"::error file={GP},line=34,col=5,title=OMST201::duplicate ID 'NV' (first at line 20)"
    )
    assert lines[1].startswith(f"::warning file={VP},line=9,col=3,title=OMST009::")
    assert lines[2] == f"{GP}:34:5: error OMST201 duplicate ID 'NV' (first at line 20)"


def test_sarif_has_a_rule_per_code_and_a_result_per_finding() -> None:
    run = json.loads(written("sarif"))["runs"][0]
    rule_ids = [rule["id"] for rule in run["tool"]["driver"]["rules"]]
    assert rule_ids == [doc.code for doc in catalogue()]
    first = run["results"][0]
    assert rule_ids[first["ruleIndex"]] == "OMST201"
    assert first["level"] == "error"
    location = first["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == GP
    assert location["region"] == {"startLine": 34, "startColumn": 5}


def test_gitlab_is_a_list_of_issues_with_a_path_and_a_line() -> None:
    issues = json.loads(written("gitlab"))
    assert [(i["check_name"], i["severity"], i["location"]) for i in issues] == [
        ("OMST201", "major", {"path": GP, "lines": {"begin": 34}}),
        ("OMST009", "minor", {"path": VP, "lines": {"begin": 9}}),
    ]


def test_junit_fails_a_case_per_error_and_reports_a_warning_as_output() -> None:
    root = ET.fromstring(written("junit"))
    assert root.get("failures") == "1"
    failure = root.find(".//failure")
    assert failure is not None and failure.get("type") == "OMST201"
    assert "OMST009" in "".join(e.text or "" for e in root.iter("system-out"))


def test_the_job_summary_counts_findings_per_code() -> None:
    summary = step_summary(REPORT)
    assert "| OMST201 | error | 1 |" in summary
    assert f"| `{GP}:34:5` | error OMST201" in summary


def test_the_catalogue_prints_a_code_a_line_and_a_checks_example_indented() -> None:
    out = io.StringIO()
    catalogue_text(
        [
            CodeDoc("OMST004", "error", "Invalid YAML.", ()),
            CodeDoc("OMST201", "error", "Every ID is unique.", ("FAIL: two items NV.",)),
        ],
        out,
    )
    assert out.getvalue() == (
        "OMST004 error   Invalid YAML.\n"
        "OMST201 error   Every ID is unique.\n"
        "                FAIL: two items NV.\n"
    )


def test_sarif_rules_and_list_checks_read_one_catalogue() -> None:
    codes = catalogue()
    assert list(rules()) == [doc.code for doc in codes]
    check = next(doc for doc in codes if doc.code == "OMST201")
    assert rules()["OMST201"] == (check.severity, check.summary, check.full)
    assert check.full.startswith(check.summary + " ")


def test_each_description_in_the_catalogue_is_the_one_its_code_documents() -> None:
    described = descriptions()
    assert set(CHECKS) <= set(described)
    for code, text in described.items():
        documented = READ_CODES[code][1] if code in READ_CODES else what_it_finds(CHECKS[code].doc)
        assert text == documented, code


def test_each_fail_example_in_the_catalogue_is_the_one_its_check_documents() -> None:
    exemplified = examples()
    assert set(exemplified) == {code for code, check in CHECKS.items() if fail_example(check.doc)}
    for code, text in exemplified.items():
        assert text == fail_example(CHECKS[code].doc), code


def test_a_fail_example_in_swedish_keeps_its_yaml_and_ids_in_backticks_as_written() -> None:
    english = examples()
    i18n.use("sv")
    try:
        swedish = examples()
    finally:
        i18n.use("en")
    for code, text in english.items():
        assert re.findall(r"`[^`]*`", swedish[code]) == re.findall(r"`[^`]*`", text), code


def test_the_catalogue_of_codes_reads_in_swedish_with_its_examples_translated() -> None:
    i18n.use("sv")
    try:
        codes = {doc.code: doc for doc in catalogue()}
        sarif_help = rules()["OMST206"][2]
    finally:
        i18n.use("en")
    assert codes["OMST102"].summary == "En nyckel som måste finnas saknas."
    assert codes["OMST201"].summary == "Varje ID finns bara en gång i de båda planerna."
    assert codes["OMST201"].details == (
        "FEL: två delområden med `id: NV.3`, eller en arbetsström `VP.1` som också finns i "
        "genomförandeplanen.",
    )
    assert sarif_help.endswith(
        'FEL: perioderna 2024–2025 och sedan 2023; en aktivitet med `period: "2028"` (visionen).'
    )
