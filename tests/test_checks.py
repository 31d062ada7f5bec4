"""Semantic checks (OMST201–OMST211): for each, an edit of the mini plans that it must
report, at the item to fix and with its severity, and a near miss it must let pass."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import GP, MINI, VP, PlanCopy, expect_exit
from omstallning.checks import CHECKS, check_dir


def test_checks_are_omst201_to_omst212_and_omst301_to_omst305() -> None:
    assert sorted(CHECKS) == [
        *(f"OMST2{n:02d}" for n in range(1, 13)),
        *(f"OMST3{n:02d}" for n in range(1, 6)),
    ]


def test_every_check_has_a_test_that_provokes_it_with_its_severity() -> None:
    here = Path(__file__).parent
    tests = "".join(path.read_text(encoding="utf-8") for path in here.glob("test_*.py"))
    for code, check in CHECKS.items():
        assert f'{check.severity} {code}"' in tests, f"no test expects {code} here"


@pytest.mark.parametrize("code", list(CHECKS))
def test_check_finds_nothing_in_the_mini_plans(code: str) -> None:
    checked = check_dir(MINI)
    assert checked.plans.gp is not None and checked.plans.vp is not None
    assert list(CHECKS[code].fn(checked.plans)) == []


# OMST201: unique IDs


def test_duplicate_id_in_one_plan_is_reported_at_the_second(plans: PlanCopy) -> None:
    plans.replace(GP, "  - id: DIG\n", "  - id: NV\n")  # the layer takes the area's ID
    result = plans.validate()
    assert result.findings == [f"{GP}:34:5: error OMST201"]  # area NV, after the layer
    assert result.messages == ["duplicate ID NV (first at line 28)"]
    expect_exit(result, 1)


def test_duplicate_id_across_the_plans_names_the_other_file(plans: PlanCopy) -> None:
    plans.replace(VP, "  - id: VP.2\n", "  - id: NV.1\n")
    result = plans.validate()
    assert result.findings == [
        f"{VP}:47:5: error OMST201",
        f"{VP}:47:5: warning OMST202",  # NV.1 under VP
        f"{VP}:53:9: warning OMST202",  # VP.2.M1 under NV.1
        f"{VP}:56:9: warning OMST202",  # VP.2.M2 under NV.1
    ]
    assert result.messages[0] == f"duplicate ID NV.1 (first at {GP}:40)"
    expect_exit(result, 1)


def test_ids_that_only_share_a_prefix_are_not_duplicates(plans: PlanCopy) -> None:
    plans.replace(GP, "      - id: PR.I2\n", "      - id: PR.I10\n")
    result = plans.validate()
    assert result.stdout == ""
    expect_exit(result, 0)


# OMST202: an ID begins with its parent's


def test_goal_row_under_another_subarea_is_a_warning(plans: PlanCopy) -> None:
    plans.replace(GP, "          - id: NV.2.E2\n", "          - id: NV.1.E2\n")
    result = plans.validate()
    assert result.findings == [f"{GP}:56:13: warning OMST202"]
    assert result.messages == ["ID NV.1.E2 does not begin with its parent's ID NV.2."]
    expect_exit(result, 0)


def test_activity_under_another_area_is_a_warning(plans: PlanCopy) -> None:
    plans.replace(GP, "      - id: PR.A1\n", "      - id: NV.A3\n")
    result = plans.validate()
    assert result.findings == [f"{GP}:89:9: warning OMST202"]
    assert result.messages == ["ID NV.A3 does not begin with its parent's ID PR."]
    expect_exit(result, 0)


def test_subarea_number_that_merely_starts_like_the_parent_is_a_warning(plans: PlanCopy) -> None:
    plans.replace(GP, "          - id: NV.2.E1\n", "          - id: NV.20.E1\n")
    result = plans.validate()
    assert result.findings == [f"{GP}:52:13: warning OMST202"]  # NV.20.E1 is not under NV.2
    expect_exit(result, 0)


def test_id_prefix_warning_is_an_error_with_strict(plans: PlanCopy) -> None:
    plans.replace(GP, "      - id: PR.A1\n", "      - id: NV.A3\n")
    result = plans.validate("--strict")
    assert result.findings == [f"{GP}:89:9: error OMST202"]
    expect_exit(result, 1)


# OMST203: links resolve to subareas

# The last line of the one link with a motivering (VP.1.M2's to PR.2, line 42–43).
MOTIVERING = "            motivering: Digitala tjänster gör vårdförloppen tillgängliga.\n"


def test_link_to_an_unknown_subarea_is_reported_with_the_ones_that_exist(plans: PlanCopy) -> None:
    plans.replace(VP, "      - till: NV.2\n", "      - till: NV.2\n      - till: NV.9\n")
    result = plans.validate()
    assert result.findings == [f"{VP}:34:15: error OMST203"]
    assert result.messages == [
        "VP.1 links to NV.9, which is not in the genomförandeplan (existing: NV.1, NV.2)"
    ]
    expect_exit(result, 1)


def test_a_key_read_twice_far_from_any_subarea_keeps_the_link_checks(plans: PlanCopy) -> None:
    # An activity's text twice loses no subarea: the dangling link is still reported.
    plans.replace(
        GP,
        "        text: Ta fram en målbild för delaktighet.\n",
        "        text: Ta fram en målbild för delaktighet.\n        text: En gång till.\n",
    )
    plans.replace(VP, "      - till: NV.2\n", "      - till: NV.2\n      - till: NV.9\n")
    assert plans.validate().findings == [f"{GP}:64:9: error OMST005", f"{VP}:34:15: error OMST203"]


def test_a_subarea_id_read_twice_makes_no_link_to_it_dangle(plans: PlanCopy) -> None:
    # The second `id` is dropped, so which subarea stands there is in doubt: its error alone.
    plans.replace(GP, "      - id: NV.2\n", "      - id: NV.2\n        id: NV.7\n")
    plans.replace(VP, "      - till: NV.2\n", "      - till: NV.2\n      - till: NV.7\n")
    assert plans.validate().findings == [f"{GP}:50:9: error OMST005"]


def test_milestone_link_to_an_unknown_area_is_reported(plans: PlanCopy) -> None:
    plans.replace(VP, MOTIVERING, MOTIVERING + "          - till: KV.1\n")
    result = plans.validate()
    assert result.findings == [f"{VP}:44:19: error OMST203"]
    assert result.messages == ["VP.1.M2 links to KV.1, which is not in the genomförandeplan"]
    expect_exit(result, 1)


def test_link_to_a_work_stream_is_not_a_link_to_a_subarea(plans: PlanCopy) -> None:
    plans.replace(VP, "      - till: NV.2\n", "      - till: NV.2\n      - till: VP.2\n")
    result = plans.validate()
    assert result.findings == [f"{VP}:34:15: error OMST203"]
    assert result.messages == [
        "VP.1 links to VP.2, which is not a subarea; links name "
        "genomförandeplan subareas such as NV.4"
    ]
    expect_exit(result, 1)


def test_link_to_a_subarea_of_another_area_resolves(plans: PlanCopy) -> None:
    plans.replace(VP, "      - till: PR.1\n", "      - till: PR.1\n      - till: NV.1\n")
    result = plans.validate()
    assert result.stdout == ""
    expect_exit(result, 0)


# OMST204: links not repeated


def test_stream_linking_a_subarea_twice_is_a_warning(plans: PlanCopy) -> None:
    plans.replace(VP, "      - till: NV.2\n", "      - till: NV.2\n      - till: NV.2\n")
    result = plans.validate()
    assert result.findings == [f"{VP}:34:15: warning OMST204"]  # the second link
    assert result.messages == ["VP.1 links to NV.2 twice"]
    expect_exit(result, 0)


def test_milestone_linking_a_subarea_twice_is_a_warning(plans: PlanCopy) -> None:
    plans.replace(VP, MOTIVERING, MOTIVERING + "          - till: PR.2\n")
    result = plans.validate()
    assert result.findings == [f"{VP}:44:19: warning OMST204"]
    assert result.messages == ["VP.1.M2 links to PR.2 twice"]
    expect_exit(result, 0)


def test_milestone_repeating_its_streams_link_is_a_warning(plans: PlanCopy) -> None:
    plans.replace(VP, MOTIVERING, MOTIVERING + "          - till: NV.1\n")
    result = plans.validate()
    assert result.findings == [f"{VP}:44:19: warning OMST204"]
    assert result.messages == ["VP.1.M2 repeats its stream's link to NV.1; keep one of them"]
    expect_exit(result, 0)


def test_two_milestones_may_link_the_same_subarea(plans: PlanCopy) -> None:
    plans.replace(
        VP,
        "        text: Nära vård är invånarens ingång till vården.\n",
        "        text: Nära vård är invånarens ingång till vården.\n"
        "        lankar:\n          - till: PR.2\n",
    )
    result = plans.validate()
    assert result.stdout == ""
    expect_exit(result, 0)


# OMST205: periods declared


def test_activity_in_an_undeclared_period_is_reported_at_its_period(plans: PlanCopy) -> None:
    plans.replace(GP, '        period: "2024-2025"\n', '        period: "2025-2026"\n')
    result = plans.validate()
    assert result.findings == [f"{GP}:65:17: error OMST205"]
    assert result.messages == [
        "activity NV.A2 uses period 2025-2026, which the plan does not "
        "declare (declared: 2023, 2024-2025, 2026-2027, 2028)"
    ]
    expect_exit(result, 1)


def test_milestone_in_an_undeclared_period_is_reported(plans: PlanCopy) -> None:
    plans.replace(VP, '        period: "2024"\n', '        period: "2026"\n')
    result = plans.validate()
    assert result.findings == [f"{VP}:39:17: error OMST205"]
    assert result.messages == [
        "milestone VP.1.M2 uses period 2026, which the plan does not "
        "declare (declared: 2023, 2024, 2025)"
    ]
    expect_exit(result, 1)


def test_goal_text_for_an_undeclared_period_is_reported_at_its_period_key(plans: PlanCopy) -> None:
    plans.replace(
        GP,
        '              "2024-2025": Riktlinjerna följs',
        '              "2025": Riktlinjerna följs',
    )
    result = plans.validate()
    assert result.findings == [f"{GP}:81:15: error OMST205"]
    assert result.messages[0].startswith("goal row PR.1.E1 uses period 2025,")
    expect_exit(result, 1)


def test_each_plan_has_its_own_periods(plans: PlanCopy) -> None:
    # "2024" is a period of the verksamhetsplan only: a genomförandeplan activity may not use it.
    plans.replace(GP, '        period: "2024-2025"\n', '        period: "2024"\n')
    result = plans.validate()
    assert result.findings == [f"{GP}:65:17: error OMST205"]
    expect_exit(result, 1)


# OMST206: periods consistent


def test_activity_in_the_vision_is_reported(plans: PlanCopy) -> None:
    plans.replace(GP, '        period: "2024-2025"\n', '        period: "2028"\n')
    result = plans.validate()
    assert result.findings == [f"{GP}:65:17: error OMST206"]
    assert result.messages == [
        "activity NV.A2 is planned in the vision 2028; activities belong to the plan's periods"
    ]
    expect_exit(result, 1)


def test_period_that_ends_before_it_begins_is_reported(plans: PlanCopy) -> None:
    plans.replace(VP, '  - id: "2024"\n', '  - id: "2024-2023"\n')
    plans.replace(VP, '        period: "2024"\n', '        period: "2024-2023"\n')
    result = plans.validate()
    assert result.findings == [f"{VP}:15:9: error OMST206"]
    assert result.messages == ["period 2024-2023 ends before it begins"]
    expect_exit(result, 1)


def test_period_that_does_not_come_after_the_previous_is_reported(plans: PlanCopy) -> None:
    plans.replace(VP, '  - id: "2024"\n', '  - id: "2023"\n')
    plans.replace(VP, '        period: "2024"\n', '        period: "2023"\n')
    result = plans.validate()
    assert result.findings == [f"{VP}:15:9: error OMST206"]
    assert result.messages == [
        "period 2023 does not come after 2023: periods run forward without overlap"
    ]
    expect_exit(result, 1)


def test_period_after_the_vision_is_reported(plans: PlanCopy) -> None:
    plans.replace(
        VP,
        "    namn: Viktiga milstolpar 2024\n",
        "    namn: Viktiga milstolpar 2024\n    vision: true\n",
    )
    plans.replace(
        VP, "    namn: Önskad målbild 2025\n    vision: true\n", "    namn: Önskad målbild 2025\n"
    )
    result = plans.validate()
    assert result.findings == [f"{VP}:18:9: error OMST206"]
    assert result.messages == [
        "period 2025 comes after the vision 2024; the vision is the last period"
    ]
    expect_exit(result, 1)


def test_period_outside_the_plans_validity_is_reported(plans: PlanCopy) -> None:
    plans.replace(GP, '  giltig_till: "2027-12-31"', '  giltig_till: "2025-12-31"')
    result = plans.validate()
    assert result.findings == [f"{GP}:19:9: error OMST206"]
    assert result.messages == [
        "period 2026-2027 lies outside the plan's validity 2023-01-01 – 2025-12-31"
    ]
    expect_exit(result, 1)


def test_goal_texts_out_of_period_order_are_reported_at_the_goal_row(plans: PlanCopy) -> None:
    plans.replace(
        GP,
        '              "2023": Det finns en plan för digitalt stöd.\n'
        '              "2028": Digitalt stöd är en självklar del av vården.\n',
        '              "2028": Digitalt stöd är en självklar del av vården.\n'
        '              "2023": Det finns en plan för digitalt stöd.\n',
    )
    result = plans.validate()
    assert result.findings == [f"{GP}:56:13: error OMST206"]
    assert result.messages == ["goal row NV.2.E2 lists its periods out of order (2028, 2023)"]
    expect_exit(result, 1)


def test_activity_in_the_last_period_before_the_vision_is_fine(plans: PlanCopy) -> None:
    plans.replace(GP, '        period: "2024-2025"\n', '        period: "2026-2027"\n')
    result = plans.validate()
    assert result.stdout == ""
    expect_exit(result, 0)


# OMST207: no empty text


@pytest.mark.parametrize("empty", ['""', '" "', "'\t'"])
def test_empty_text_is_reported(plans: PlanCopy, empty: str) -> None:
    plans.replace(GP, "        text: Andel följda riktlinjer.\n", f"        text: {empty}\n")
    result = plans.validate()
    assert result.findings == [f"{GP}:94:15: error OMST207"]
    assert result.messages == ["in area PR, indicator PR.I1 (text): the text is empty"]
    expect_exit(result, 1)


def test_empty_goal_text_is_reported(plans: PlanCopy) -> None:
    plans.replace(
        GP, '              "2023": Vårdförloppen är prioriterade.\n', '              "2023": " "\n'
    )
    result = plans.validate()
    assert result.findings == [f"{GP}:87:23: error OMST207"]
    expect_exit(result, 1)


def test_text_of_one_character_is_not_empty(plans: PlanCopy) -> None:
    plans.replace(GP, "    kommentar: Området följs upp en gång om året.\n", '    kommentar: "-"\n')
    result = plans.validate()
    assert result.stdout == ""
    expect_exit(result, 0)


# OMST208: the same item twice


def test_indicator_repeating_another_is_a_warning_whatever_its_case_and_spaces(
    plans: PlanCopy,
) -> None:
    plans.replace(
        GP,
        "        text: Antal införda vårdförlopp.\n",
        "        text: andel  följda RIKTLINJER.\n",
    )
    result = plans.validate()
    assert result.findings == [f"{GP}:95:9: warning OMST208"]  # the second indicator
    assert result.messages == ["PR.I2 repeats the text of PR.I1 (indicator)"]
    expect_exit(result, 0)


def test_milestone_repeating_another_streams_is_a_warning(plans: PlanCopy) -> None:
    plans.replace(
        VP,
        "        text: Alla beslut följer riktlinjerna.\n",
        "        text: Nära vård är invånarens ingång till vården.\n",
    )
    result = plans.validate()
    assert result.findings == [f"{VP}:56:9: warning OMST208"]
    assert result.messages == ["VP.2.M2 repeats the text of VP.1.M3 (milestone)"]
    expect_exit(result, 0)


def test_subarea_name_repeated_in_its_area_is_a_warning(plans: PlanCopy) -> None:
    plans.replace(GP, "        namn: Samverkan\n", "        namn: Delaktighet\n")
    result = plans.validate()
    assert result.findings == [f"{GP}:49:9: warning OMST208"]
    assert result.messages == ["NV.2 repeats the text of NV.1 (subarea name)"]
    expect_exit(result, 0)


def test_activity_repeating_another_in_the_same_period_is_a_warning(plans: PlanCopy) -> None:
    plans.replace(
        GP,
        '        period: "2024-2025"\n        text: Inför patientkontrakt i primärvården.\n',
        '        period: "2023"\n        text: Ta fram en målbild för delaktighet.\n',
    )
    result = plans.validate()
    assert result.findings == [f"{GP}:64:9: warning OMST208"]
    assert result.messages == ["NV.A2 repeats the text of NV.A1 (activity in 2023)"]


def test_activity_repeated_in_another_period_is_fine(plans: PlanCopy) -> None:
    plans.replace(
        GP,
        "        text: Inför patientkontrakt i primärvården.\n",
        "        text: Ta fram en målbild för delaktighet.\n",
    )
    result = plans.validate()
    assert result.stdout == ""
    expect_exit(result, 0)


def test_goal_text_kept_over_two_periods_is_fine(plans: PlanCopy) -> None:
    plans.replace(
        GP,
        '              "2024-2025": Riktlinjerna följs i alla förvaltningar.\n',
        '              "2024-2025": Riktlinjerna är kända i alla förvaltningar.\n',
    )
    result = plans.validate()
    assert result.stdout == ""
    expect_exit(result, 0)


def test_same_indicator_in_two_areas_is_fine(plans: PlanCopy) -> None:
    plans.replace(
        GP,
        "        text: Antal införda vårdförlopp.\n",
        "        text: Andel patienter med patientkontrakt.\n",
    )
    result = plans.validate()
    assert result.stdout == ""
    expect_exit(result, 0)


# OMST209: placeholders


@pytest.mark.parametrize(
    ("text", "placeholder"),
    [
        ("Xx % av tjänsterna är införda.", "Xx"),
        ("Tjänsterna är införda TBD.", "TBD"),
        ("TODO: skriv milstolpen", "TODO"),
        ("Tjänsterna är införda ???", "???"),
        ("Tjänsterna är införda [...]", "[...]"),
    ],
)
def test_placeholder_left_in_a_text_is_a_warning(
    plans: PlanCopy, text: str, placeholder: str
) -> None:
    plans.replace(
        VP, "        text: De digitala tjänsterna är införda.\n", f'        text: "{text}"\n'
    )
    result = plans.validate()
    assert result.findings == [f"{VP}:40:15: warning OMST209"]
    assert result.messages == [f"placeholder '{placeholder}' in text: \"{text}\""]
    expect_exit(result, 0)


def test_a_real_percentage_is_not_a_placeholder(plans: PlanCopy) -> None:
    plans.replace(
        VP,
        "        text: De digitala tjänsterna är införda.\n",
        "        text: 30 % av kontakterna är digitala och TODOS-listan är tom.\n",
    )
    result = plans.validate()
    assert result.stdout == ""
    expect_exit(result, 0)


# OMST210: every subarea served


def test_subarea_no_link_names_is_a_warning(plans: PlanCopy) -> None:
    plans.replace(VP, "      - till: NV.2\n", "")
    result = plans.validate()
    assert result.findings == [f"{GP}:49:9: warning OMST210"]
    assert result.messages == [
        "subarea NV.2 (Samverkan) is served by no work stream of the verksamhetsplan"
    ]
    expect_exit(result, 0)


def test_subarea_served_only_by_a_milestone_is_served(plans: PlanCopy) -> None:
    plans.replace(VP, "      - till: NV.2\n", "")
    plans.replace(
        VP,
        "        text: Samordningsråden har tydliga uppdrag.\n",
        "        text: Samordningsråden har tydliga uppdrag.\n"
        "        lankar:\n          - till: NV.2\n",
    )
    result = plans.validate()
    assert result.stdout == ""
    expect_exit(result, 0)


# OMST211: every work stream serves


def test_work_stream_without_links_is_a_warning(plans: PlanCopy) -> None:
    plans.replace(VP, "      - till: NV.2\n", "      - till: NV.2\n      - till: PR.1\n")
    plans.replace(VP, "    lankar:\n      - till: PR.1\n", "")
    result = plans.validate()
    assert result.findings == [f"{VP}:48:5: warning OMST211"]  # VP.2
    assert result.messages == [
        "work stream VP.2 (Kunskapsstyrning) serves no subarea of the "
        "genomförandeplan: add `lankar`"
    ]
    expect_exit(result, 0)


def test_work_stream_serving_only_through_a_milestone_serves(plans: PlanCopy) -> None:
    plans.replace(VP, "    lankar:\n      - till: PR.1\n", "")
    plans.replace(
        VP,
        "        text: Alla beslut följer riktlinjerna.\n",
        "        text: Alla beslut följer riktlinjerna.\n        lankar:\n          - till: PR.1\n",
    )
    result = plans.validate()
    assert result.stdout == ""
    expect_exit(result, 0)
