"""Numbers in plan files are bounded: an integer of thousands of digits, a target of 10⁴⁰⁰,
1.0e+400 and .nan each end in one located finding, the same on both schema engines, and
never in a traceback from validate, status, export or render."""

from __future__ import annotations

import shutil

import pytest

from helpers import GP, REPO, PlanCopy, expect_exit, omst

FOLLOWUP = REPO / "tests" / "fixtures" / "followup"
AA = "plan/forvaltningar/aa.yaml"
ENGINES = ["rust", "python"]


@pytest.fixture
def fu(plans: PlanCopy) -> PlanCopy:
    shutil.copytree(FOLLOWUP, plans.dir / "forvaltningar")
    return plans


def _lines(plans: PlanCopy, name: str) -> int:
    return plans.text(name).count("\n")


# Digits: Python refuses to read an integer of more than 4300 digits at all.


def test_an_integer_of_5000_digits_in_a_plan_is_a_located_limit(plans: PlanCopy) -> None:
    line = _lines(plans, GP) + 1
    plans.write(GP, plans.text(GP) + "xx: " + "9" * 5000 + "\n")
    result = plans.validate()
    assert result.findings == [f"{GP}:{line}:5: error OMST007"]
    assert result.messages == ["a number of 5000 digits: omst reads numbers of at most 100 digits"]
    expect_exit(result, 1)


def test_an_outcome_of_5000_digits_is_a_located_limit(fu: PlanCopy) -> None:
    fu.replace(AA, "utfall: 57", "utfall: " + "9" * 5000)
    result = fu.validate()
    assert result.findings == [f"{AA}:39:17: error OMST007"]
    expect_exit(result, 1)


def test_a_negative_integer_of_101_digits_is_a_limit_and_of_100_is_read(fu: PlanCopy) -> None:
    fu.replace(AA, "utfall: 57", "utfall: -" + "9" * 101)
    assert fu.validate().findings == [f"{AA}:39:17: error OMST007"]
    fu.replace(AA, "utfall: -" + "9" * 101, "utfall: -" + "9" * 100)
    assert fu.validate().findings == [f"{AA}:39:17: error OMST100"]  # out of range, below


# Magnitude: what the schema allows, |x| ≤ 10¹⁵.


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize(
    ("value", "found", "bound"),
    [
        ("10000000000000001", "the number 10000000000000001", "at most 1e+15"),
        ("2.5e16", "the number 2.5e+16", "at most 1e+15"),
        ("-1" + "0" * 40, "a number of 41 digits", "at least -1e+15"),
    ],
)
def test_a_number_beyond_1e15_is_refused_the_same_on_both_engines(
    fu: PlanCopy, engine: str, value: str, found: str, bound: str
) -> None:
    fu.replace(AA, "malvarde: 63", f"malvarde: {value}")
    result = fu.validate(env={"OMST_SCHEMA_ENGINE": engine})
    assert result.findings == [f"{AA}:40:19: error OMST100"]
    assert result.messages == [
        f"in indicator AA.I1 (serie[0].malvarde): expected a number {bound}, found {found}"
    ]
    expect_exit(result, 1)


def test_a_table_cell_beyond_1e15_is_refused(fu: PlanCopy) -> None:
    fu.write(
        AA,
        fu.text(AA) + "tabeller:\n"
        "  - id: AA.T1\n"
        "    rubrik: Tabell\n"
        "    kolumner: [a, b]\n"
        "    rader:\n"
        "      - [x, 10000000000000001]\n",
    )
    line = _lines(fu, AA)
    result = fu.validate()
    assert result.findings == [f"{AA}:{line}:13: error OMST100"]
    expect_exit(result, 1)


@pytest.mark.parametrize("command", ["validate", "status", "export", "render"])
def test_a_target_of_401_digits_beside_a_red_light_ends_in_a_finding(
    fu: PlanCopy, command: str
) -> None:
    fu.replace(AA, "malvarde: 63", "malvarde: 1" + "0" * 400)  # line 41: bedomning: ej
    args = {"export": ["--out", "out.xlsx"], "render": ["--out", "out"]}.get(command, [])
    result = omst(command, "--plan-dir", "plan", *args)
    expect_exit(result, 1)
    assert f"{AA}:40:19: error OMST007" in result.output


@pytest.mark.parametrize("command", ["validate", "status", "export", "render"])
def test_a_target_of_1e20_beside_a_red_light_ends_in_a_finding(fu: PlanCopy, command: str) -> None:
    fu.replace(AA, "malvarde: 63", "malvarde: 1" + "0" * 20)
    args = {"export": ["--out", "out.xlsx"], "render": ["--out", "out"]}.get(command, [])
    result = omst(command, "--plan-dir", "plan", *args)
    expect_exit(result, 1)
    assert f"{AA}:40:19: error OMST100" in result.output


# Not a number at all: NaN and the infinities.


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize(
    "value", [".nan", ".NaN", ".inf", "-.inf", "+.Inf", "1.0e+400", "-9.9e999"]
)
def test_nan_and_infinity_are_refused_with_one_message(
    fu: PlanCopy, engine: str, value: str
) -> None:
    fu.replace(AA, "utfall: 57", f"utfall: {value}")
    result = fu.validate(env={"OMST_SCHEMA_ENGINE": engine})
    assert result.findings == [f"{AA}:39:17: error OMST007"]
    assert result.messages == [
        f"'{value}' is not a finite number: NaN and infinity are not allowed; write a "
        "number such as 16.3 (or quote it, if text is meant)"
    ]
    expect_exit(result, 1)


def test_infinity_in_a_plan_where_no_number_is_meant_stays_text(plans: PlanCopy) -> None:
    plans.replace(GP, "  handlingstyp: Plan", "  handlingstyp: 1.0e+400")
    result = plans.validate()
    assert [line.split(" ")[2] for line in result.findings] == ["OMST009"]  # quote it
    expect_exit(result, 0)


@pytest.mark.parametrize("command", ["status", "export"])
def test_an_outcome_of_infinity_never_reaches_a_report(fu: PlanCopy, command: str) -> None:
    fu.replace(AA, "utfall: 16.3", "utfall: 1.0e+400")
    args = ["--out", "out.xlsx"] if command == "export" else []
    result = omst(command, "--plan-dir", "plan", *args)
    expect_exit(result, 1)
    assert "OMST007" in result.output
