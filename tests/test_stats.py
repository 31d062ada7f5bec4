"""`omst stats` on the mini plans: the counts per area and work stream, in every format.

The mini genomförandeplan has, per area (subareas, effect goals = goal texts, activities,
indicators): NV 2, 4+2+2, 2, 1 and PR 2, 2+1, 1, 2. The mini verksamhetsplan has VP.1 with
one milestone a period serving NV.1, NV.2 and PR.2, and VP.2 with milestones in 2023 and
2025 serving PR.1.
"""

from __future__ import annotations

import json

import pytest

from helpers import GP, VP, PlanCopy, Result, expect_exit

WIDE = {"COLUMNS": "200"}  # a terminal wide enough that no cell is cut


def _cells(result: Result) -> list[list[str]]:
    """The rows of the tables `--format table` draws, as stripped cell texts."""
    return [
        [cell.strip() for cell in line.strip().strip("│").split("│")]
        for line in result.lines
        if line.startswith("│")
    ]


@pytest.mark.usefixtures("swedish")
def test_table_counts_per_area_with_totals(plans: PlanCopy) -> None:
    result = plans.stats(env=WIDE)
    assert result.lines[0].rstrip() == "Genomförandeplan: antal per område"
    rows = _cells(result)
    assert rows[:3] == [
        ["NV", "Nära vård", "2", "8", "2", "1", "13"],
        ["PR", "Prioritering", "2", "3", "1", "2", "8"],
        ["", "Totalsumma", "4", "11", "3", "3", "21"],
    ]
    expect_exit(result, 0)


@pytest.mark.usefixtures("swedish")
def test_table_counts_milestones_per_work_stream_and_period(plans: PlanCopy) -> None:
    result = plans.stats(env=WIDE)
    assert "Verksamhetsplan: milstolpar per arbetsström" in result.stdout
    assert "Önskad målbild 2025" in result.stdout  # the periods' names head the columns
    assert _cells(result)[3:] == [
        ["VP.1", "Nära invånaren", "1", "1", "1", "3"],
        ["VP.2", "Kunskapsstyrning", "1", "0", "1", "1"],
        ["", "Totalsumma", "2", "1", "2", ""],
    ]


def test_table_is_the_default_format(plans: PlanCopy) -> None:
    assert plans.stats(env=WIDE).stdout == plans.stats("--format", "table", env=WIDE).stdout


@pytest.mark.usefixtures("swedish")
def test_markdown(plans: PlanCopy) -> None:
    result = plans.stats("--format", "markdown")
    assert (
        result.stdout
        == """\
### Genomförandeplan: antal per område

| ID | Område | Delområden | Effektmål | Aktiviteter | Indikatorer | Totalsumma |
|---|---|---:|---:|---:|---:|---:|
| NV | Nära vård | 2 | 8 | 2 | 1 | 13 |
| PR | Prioritering | 2 | 3 | 1 | 2 | 8 |
|  | **Totalsumma** | **4** | **11** | **3** | **3** | **21** |

### Verksamhetsplan: milstolpar per arbetsström

| ID | Arbetsström | Viktiga milstolpar 2023 | Viktiga milstolpar 2024 | Önskad målbild 2025 \
| Tjänar delområden |
|---|---|---:|---:|---:|---:|
| VP.1 | Nära invånaren | 1 | 1 | 1 | 3 |
| VP.2 | Kunskapsstyrning | 1 | 0 | 1 | 1 |
|  | **Totalsumma** | **2** | **1** | **2** |  |
"""
    )
    expect_exit(result, 0)


def test_json(plans: PlanCopy) -> None:
    result = plans.stats("--format", "json")
    assert json.loads(result.stdout) == {
        "omraden": [
            {
                "id": "NV",
                "namn": "Nära vård",
                "delomraden": 2,
                "effektmal": 8,
                "aktiviteter": 2,
                "indikatorer": 1,
                "totalt": 13,
            },
            {
                "id": "PR",
                "namn": "Prioritering",
                "delomraden": 2,
                "effektmal": 3,
                "aktiviteter": 1,
                "indikatorer": 2,
                "totalt": 8,
            },
        ],
        "totalt": {
            "delomraden": 4,
            "effektmal": 11,
            "aktiviteter": 3,
            "indikatorer": 3,
            "totalt": 21,
        },
        "arbetsstrommar": [
            {
                "id": "VP.1",
                "namn": "Nära invånaren",
                "milstolpar": {"2023": 1, "2024": 1, "2025": 1},
                "tjanar": ["NV.1", "NV.2", "PR.2"],
            },
            {
                "id": "VP.2",
                "namn": "Kunskapsstyrning",
                "milstolpar": {"2023": 1, "2024": 0, "2025": 1},
                "tjanar": ["PR.1"],
            },
        ],
    }
    expect_exit(result, 0)


@pytest.mark.usefixtures("swedish")
def test_csv_is_the_area_table(plans: PlanCopy) -> None:
    result = plans.stats("--format", "csv")
    assert result.stdout == (
        "ID,Område,Delområden,Effektmål,Aktiviteter,Indikatorer,Totalsumma\n"
        "NV,Nära vård,2,8,2,1,13\n"
        "PR,Prioritering,2,3,1,2,8\n"
        ",Totalsumma,4,11,3,3,21\n"
    )
    expect_exit(result, 0)


def test_csv_quotes_a_name_with_a_comma(plans: PlanCopy) -> None:
    plans.replace(GP, "    namn: Prioritering\n", "    namn: Prioritering, ordnad\n")
    result = plans.stats("-f", "csv")
    assert result.lines[2] == 'PR,"Prioritering, ordnad",2,3,1,2,8'


def test_markdown_escapes_a_pipe_in_a_name(plans: PlanCopy) -> None:
    plans.replace(GP, "    namn: Prioritering\n", "    namn: Prioritering | ordning\n")
    result = plans.stats("-f", "markdown")
    assert "| PR | Prioritering \\| ordning | 2 | 3 | 1 | 2 | 8 |" in result.lines


def test_markup_in_a_name_is_printed_literally_in_the_table(plans: PlanCopy) -> None:
    plans.replace(GP, "    namn: Prioritering\n", "    namn: '[bold]Prioritering[/bold] :100:'\n")
    result = plans.stats(env=WIDE)
    assert ["PR", "[bold]Prioritering[/bold] :100:", "2", "3", "1", "2", "8"] in _cells(result)


def test_warnings_do_not_stop_stats(plans: PlanCopy) -> None:
    plans.replace(VP, "      - till: NV.2\n", "")  # NV.2 served by nothing: a warning
    result = plans.stats("-f", "csv")
    assert result.lines[1] == "NV,Nära vård,2,8,2,1,13"
    assert result.stderr == ""
    expect_exit(result, 0)


def test_stats_on_invalid_plans_exits_1_with_the_errors_on_stderr(plans: PlanCopy) -> None:
    plans.replace(GP, '        period: "2024-2025"\n', '        period: "2025-2026"\n')
    plans.replace(VP, "      - till: NV.2\n", "")  # a warning: not shown
    result = plans.stats()
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        f"{GP}:65:17: error OMST205 activity NV.A2 uses period 2025-2026, which the plan does "
        "not declare (declared: 2023, 2024-2025, 2026-2027, 2028)",
        "omst: the plans have 1 error(s); fix them first (omst validate)",
    ]
    expect_exit(result, 1)


def test_stats_on_unreadable_yaml_exits_1(plans: PlanCopy) -> None:
    plans.write(VP, "plan: [verksamhetsplan\n")
    result = plans.stats("-f", "json")
    assert result.stdout == ""
    assert result.stderr.splitlines()[0].startswith(f"{VP}:2:1: error OMST004")
    expect_exit(result, 1)


def test_stats_without_plans_is_a_usage_error(plans: PlanCopy) -> None:
    plans.path(GP).unlink()
    result = plans.stats()
    assert result.stderr.startswith(f"omst: error: {GP}: plan file not found")
    expect_exit(result, 2)
