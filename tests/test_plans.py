"""The repository's own plans and schemas: valid, complete, documented, and what omst
counts in them matches what the YAML says."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Iterator
from typing import Any

import pytest
import yaml

from helpers import REPO, Result, expect_exit, omst
from omstallning.reading.resources import resource_dir

PLAN_DIR = REPO / "plan"
SCHEMA_DIR = REPO / "schemas"
PLAN_NAMES = ("genomforandeplan", "verksamhetsplan")
AREAS = ["NV", "PR", "KV", "KF", "BU"]


@pytest.fixture(scope="module")
def gp() -> dict[str, Any]:
    # The plans quote every period, date and version, so a YAML 1.1 reader reads them as
    # omst does; test_periods_are_quoted_strings makes sure of that.
    data: dict[str, Any] = yaml.safe_load((PLAN_DIR / "genomforandeplan.yaml").read_text("utf-8"))
    return data


@pytest.fixture(scope="module")
def vp() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((PLAN_DIR / "verksamhetsplan.yaml").read_text("utf-8"))
    return data


@pytest.fixture
def in_repo(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(REPO)


def _validate() -> Result:
    return omst("validate", "--plan-dir", "plan")


# Valid


def test_repo_plans_are_valid_with_warnings_only(in_repo: None) -> None:
    result = _validate()
    assert result.lines, "the plans are known to have warnings (e.g. the Xx % placeholder)"
    assert [line for line in result.lines if ": warning OMST" not in line] == []
    assert re.fullmatch(r"0 error\(s\), \d+ warning\(s\) in 11 plan files\.\n", result.stderr)
    expect_exit(result, 0)


def test_python_m_omstallning_validates_the_repo_plans() -> None:
    completed = subprocess.run(
        [sys.executable, "-m", "omstallning", "validate"],
        cwd=REPO,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    assert completed.stdout.splitlines()[0].startswith("plan/")
    assert "Traceback" not in completed.stderr
    assert completed.stderr.startswith("0 error(s), ")


def test_periods_are_quoted_strings(in_repo: None) -> None:
    codes = {line.split()[2] for line in _validate().lines}
    assert "OMST009" not in codes  # nothing YAML 1.1 would read as a number or date
    assert "OMST103" not in codes  # no unquoted period


@pytest.mark.parametrize("name", PLAN_NAMES)
def test_every_period_in_the_file_is_written_quoted(name: str) -> None:
    text = (PLAN_DIR / f"{name}.yaml").read_text(encoding="utf-8")
    periods = re.findall(r"^ *(?:- )?(?:id|period): *(\S*\d{4}\S*) *$", text, re.MULTILINE)
    periods += re.findall(r"^ *(\S*\d{4}(?:-\d{4})?\S*): ", text, re.MULTILINE)
    assert periods
    assert [p for p in periods if not re.fullmatch(r'"\d{4}(-\d{4})?"', p)] == []


# Complete: anchor facts of the source documents


def test_genomforandeplan_has_its_five_areas_in_order(gp: dict[str, Any]) -> None:
    assert [area["id"] for area in gp["omraden"]] == AREAS


def test_genomforandeplan_periods_end_in_the_vision(gp: dict[str, Any]) -> None:
    assert [p["id"] for p in gp["perioder"]] == ["2023", "2024-2025", "2026-2027", "2028"]
    assert [p.get("vision", False) for p in gp["perioder"]] == [False, False, False, True]


def test_genomforandeplan_metadata(gp: dict[str, Any]) -> None:
    assert gp["metadata"]["dokument_id"] == "SSN12937-108688567-7"
    assert gp["metadata"]["version"] == "1.0"


def test_cross_cutting_layers(gp: dict[str, Any]) -> None:
    assert [layer["id"] for layer in gp["genomgaende"]] == ["DIG", "UPF"]


def test_nv3_has_two_goal_rows(gp: dict[str, Any]) -> None:
    nv3 = next(sub for area in gp["omraden"] for sub in area["delomraden"] if sub["id"] == "NV.3")
    assert [goal["id"] for goal in nv3["effektmal"]] == ["NV.3.E1", "NV.3.E2"]


def test_kv_has_activities_in_2026_2027(gp: dict[str, Any]) -> None:
    kv = next(area for area in gp["omraden"] if area["id"] == "KV")
    assert [a["id"] for a in kv["aktiviteter"] if a["period"] == "2026-2027"] == [
        "KV.A13",
        "KV.A14",
        "KV.A15",
        "KV.A16",
    ]


def test_every_work_stream_has_milestones_in_declared_periods(vp: dict[str, Any]) -> None:
    # A property of any revision of the plan, not its current count: a strategist who adds a
    # milestone does not break the suite.
    periods = {p["id"] for p in vp["perioder"]}
    streams = vp["arbetsstrommar"]
    assert streams
    for stream in streams:
        assert stream["milstolpar"], stream["id"]
        assert {m["period"] for m in stream["milstolpar"]} <= periods, stream["id"]


def test_verksamhetsplan_periods_end_in_the_target_picture(vp: dict[str, Any]) -> None:
    assert [p["id"] for p in vp["perioder"]] == ["2023", "2024", "2025"]
    assert vp["perioder"][-1]["vision"] is True


def test_every_placeholder_warning_points_at_the_text_it_quotes(in_repo: None) -> None:
    # What OMST209 finds is tested on the mini plans (test_checks.py); on the real plans,
    # whatever it finds must point at the text it quotes, so that a fix is one click away.
    warnings = [line for line in _validate().lines if " OMST209 " in line]
    if not warnings:
        pytest.skip("the real plans have no placeholder left")
    for warning in warnings:
        file, line, column = warning.split(" ", 1)[0].rstrip(":").split(":")
        quoted = warning.split(' in text: "', 1)[1].rstrip('"')
        source = (REPO / file).read_text(encoding="utf-8").splitlines()[int(line) - 1]
        assert source[int(column) - 1 :].startswith(quoted[:30]), warning


# stats on the real plans


def _expected_area_counts(gp: dict[str, Any]) -> dict[str, list[int]]:
    counts = {}
    for area in gp["omraden"]:
        row = [
            len(area["delomraden"]),
            sum(len(goal["mal"]) for sub in area["delomraden"] for goal in sub["effektmal"]),
            len(area.get("aktiviteter", [])),
            len(area.get("indikatorer", [])),
        ]
        counts[area["id"]] = [*row, sum(row)]
    return counts


def test_stats_json_counts_match_the_yaml(
    in_repo: None, gp: dict[str, Any], vp: dict[str, Any]
) -> None:
    result = omst("stats", "--plan-dir", "plan", "--format", "json")
    stats = json.loads(result.stdout)
    keys = ["delomraden", "effektmal", "aktiviteter", "indikatorer", "totalt"]
    expected = _expected_area_counts(gp)
    assert {a["id"]: [a[k] for k in keys] for a in stats["omraden"]} == expected
    totals = [sum(column) for column in zip(*expected.values(), strict=True)]
    assert [stats["totalt"][k] for k in keys] == totals
    assert {s["id"]: sum(s["milstolpar"].values()) for s in stats["arbetsstrommar"]} == {
        s["id"]: len(s["milstolpar"]) for s in vp["arbetsstrommar"]
    }
    expect_exit(result, 0)


@pytest.mark.usefixtures("swedish")
def test_stats_csv_counts_match_the_yaml(in_repo: None, gp: dict[str, Any]) -> None:
    result = omst("stats", "--plan-dir", "plan", "--format", "csv")
    rows = [line.split(",") for line in result.lines[1:]]
    expected = _expected_area_counts(gp)
    assert {row[0]: [int(n) for n in row[2:]] for row in rows[:-1]} == expected
    totals = [str(sum(column)) for column in zip(*expected.values(), strict=True)]
    assert rows[-1][1:] == ["Totalsumma", *totals]


@pytest.mark.parametrize("fmt", ["table", "markdown", "json", "csv"])
def test_stats_shows_every_area(in_repo: None, fmt: str) -> None:
    result = omst("stats", "--plan-dir", "plan", "--format", fmt, env={"COLUMNS": "200"})
    for area in AREAS:
        assert re.search(rf"(^|[\s|│\",]){area}([\s|│\",]|$)", result.stdout, re.MULTILINE), area
    expect_exit(result, 0)


# Schemas


def _schema(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((SCHEMA_DIR / f"{name}.schema.json").read_text("utf-8"))
    return data


def _properties(node: Any, where: str) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every property of every object schema in `node`, with its JSON pointer."""
    if isinstance(node, dict):
        for name, prop in node.get("properties", {}).items():
            yield f"{where}/properties/{name}", prop
        for key, value in node.items():
            yield from _properties(value, f"{where}/{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _properties(value, f"{where}/{i}")


def _resolve(schema: dict[str, Any], ref: str) -> dict[str, Any]:
    assert ref.startswith("#/$defs/"), ref
    target: dict[str, Any] = schema["$defs"][ref.removeprefix("#/$defs/")]
    return target


@pytest.mark.parametrize("name", PLAN_NAMES)
def test_every_schema_property_has_a_description(name: str) -> None:
    schema = _schema(name)
    properties = list(_properties(schema, "#"))
    assert len(properties) > 30
    undocumented = [
        where
        for where, prop in properties
        if "description" not in prop
        and not ("$ref" in prop and "description" in _resolve(schema, prop["$ref"]))
    ]
    assert undocumented == []


@pytest.mark.parametrize("name", PLAN_NAMES)
def test_schema_is_a_valid_draft_2020_12_schema(name: str) -> None:
    from jsonschema import Draft202012Validator

    Draft202012Validator.check_schema(_schema(name))


@pytest.mark.parametrize("name", PLAN_NAMES)
def test_plan_file_starts_with_its_schema_for_the_editor(name: str) -> None:
    path = PLAN_DIR / f"{name}.yaml"
    first = path.read_text(encoding="utf-8").splitlines()[0]
    # The Swedish copy, so that plan authors hover Swedish (tests/test_schema_words.py).
    assert first == f"# yaml-language-server: $schema=../schemas/sv/{name}.schema.json"
    target = (path.parent / first.split("=", 1)[1]).resolve()
    assert target == SCHEMA_DIR / "sv" / f"{name}.schema.json"


def test_packaged_schemas_are_the_repos_schemas() -> None:
    packaged = resource_dir("schemas")
    if packaged.resolve() == SCHEMA_DIR.resolve():
        pytest.skip("omst runs from this checkout: its schemas are the repo's schemas/")
    assert sorted(p.name for p in packaged.glob("*.json")) == sorted(
        p.name for p in SCHEMA_DIR.glob("*.json")
    )
    for path in SCHEMA_DIR.glob("*.json"):
        assert (packaged / path.name).read_bytes() == path.read_bytes(), path.name
