"""Schema findings (OMST100–OMST104): each at the key or value to fix, in words a plan
author understands, never a traceback."""

from __future__ import annotations

import shutil

import pytest

from helpers import GP, REPO, VP, PlanCopy, expect_exit, omst

# OMST101: unknown key


def test_unknown_key_is_reported_with_a_did_you_mean_hint(plans: PlanCopy) -> None:
    plans.replace(GP, "  handlingstyp: Plan\n", "  handlingstyp: Plan\n  godkand: Nämnden\n")
    result = plans.validate()
    assert result.findings == [f"{GP}:10:3: error OMST101"]  # the key, not its value
    assert result.messages == [
        "at metadata: unknown key 'godkand' (allowed: handlingstyp, galler_for, dokument_id, "
        "version, giltig_fran, giltig_till, godkand_av, innehallsansvar); "
        "did you mean 'godkand_av'?"
    ]
    expect_exit(result, 1)


def test_unknown_key_unlike_any_allowed_one_has_no_hint(plans: PlanCopy) -> None:
    plans.replace(VP, '    nummer: "2"\n', '    nummer: "2"\n    färg: blå\n')
    result = plans.validate()
    assert result.findings == [f"{VP}:49:5: error OMST101"]
    assert result.messages[0].startswith("in work stream VP.2: unknown key 'färg'")
    assert "did you mean" not in result.messages[0]
    expect_exit(result, 1)


def test_misspelt_key_is_one_unknown_key_with_the_missing_one_as_its_hint(
    plans: PlanCopy,
) -> None:
    plans.replace(GP, "  dokument_id: TEST-0001", "  dokument_ib: TEST-0001")
    result = plans.validate()
    # dokument_ib is not a key of metadata; that metadata then lacks dokument_id is its hint
    assert result.findings == [f"{GP}:10:3: error OMST101"]
    assert result.messages[0].endswith("did you mean 'dokument_id'?")
    expect_exit(result, 1)


# OMST102: missing key


def test_missing_key_is_reported_at_the_mapping_that_lacks_it(plans: PlanCopy) -> None:
    plans.replace(GP, "        namn: Delaktighet\n", "")
    result = plans.validate()
    assert result.findings == [f"{GP}:40:9: error OMST102"]  # subarea NV.1 starts at `id`
    assert result.messages == ["in area NV, subarea NV.1: missing required key 'namn'"]
    expect_exit(result, 1)


def test_missing_top_level_key_is_reported_at_the_start(plans: PlanCopy) -> None:
    plans.replace(VP, "namn: Verksamhetsplan för testregionen\n", "")
    result = plans.validate()
    assert result.findings == [f"{VP}:4:1: error OMST102"]
    assert result.messages == ["missing required key 'namn'"]
    expect_exit(result, 1)


# OMST103: wrong type


def test_unquoted_period_is_a_number_and_the_message_says_to_quote_it(plans: PlanCopy) -> None:
    plans.replace(
        GP,
        '        period: "2023"\n        text: Ta fram',
        "        period: 2023\n        text: Ta fram",
    )
    result = plans.validate()
    assert result.findings == [f"{GP}:62:17: error OMST103"]
    assert result.messages == [
        "in area NV, activity NV.A1 (period): expected text, found the "
        'number 2023: quote it ("2023")'
    ]
    expect_exit(result, 1)


def test_unquoted_milestone_period_is_reported_too(plans: PlanCopy) -> None:
    plans.replace(VP, '        period: "2024"\n', "        period: 2024\n")
    result = plans.validate()
    assert result.findings == [f"{VP}:39:17: error OMST103"]
    assert result.messages[0].endswith('quote it ("2024")')
    expect_exit(result, 1)


def test_value_left_out_after_the_colon_is_reported(plans: PlanCopy) -> None:
    plans.replace(GP, "        namn: Delaktighet\n", "        namn:\n")
    result = plans.validate()
    assert result.findings == [f"{GP}:41:14: error OMST103"]
    assert result.messages == [
        "in area NV, subarea NV.1 (namn): expected text, found nothing: "
        "write the text after the colon"
    ]
    expect_exit(result, 1)


def test_text_where_a_boolean_belongs_is_reported(plans: PlanCopy) -> None:
    plans.replace(VP, "    vision: true\n", '    vision: "ja"\n')
    result = plans.validate()
    assert result.findings == [f"{VP}:19:13: error OMST103"]
    assert result.messages == [
        "in period 2025 (vision): expected true or false, found the text 'ja'"
    ]
    expect_exit(result, 1)


def test_plan_file_that_is_a_list_is_reported(plans: PlanCopy) -> None:
    plans.write(VP, "- plan: verksamhetsplan\n")
    result = plans.validate()
    assert result.findings == [f"{VP}:1:1: error OMST103"]
    assert result.messages == ["a plan file holds a YAML mapping, found a list"]
    expect_exit(result, 1)


# OMST104: not in the expected form


def test_bad_subarea_id_is_reported_with_the_expected_form(plans: PlanCopy) -> None:
    plans.replace(GP, "      - id: NV.1\n", "      - id: NV-1\n")
    result = plans.validate()
    assert result.findings == [f"{GP}:40:13: error OMST104"]
    assert result.messages == [
        "in area NV, subarea NV-1 (id): 'NV-1' is not in the expected "
        "form (ID: the area's ID, a dot and a number, e.g. 'NV.3'.)"
    ]
    expect_exit(result, 1)


def test_link_to_a_whole_area_is_not_a_subarea_id(plans: PlanCopy) -> None:
    plans.replace(VP, "      - till: PR.1\n", "      - till: PR\n")
    result = plans.validate()
    assert result.findings == [f"{VP}:51:15: error OMST104"]
    assert result.messages[0].endswith("'PR' is an area: link to one of its subareas, PR.1, PR.2")
    expect_exit(result, 1)


def test_bad_period_key_is_reported_at_the_key(plans: PlanCopy) -> None:
    plans.replace(
        GP, '              "2024-2025": Fler patienter', '              "2024–2025": Fler patienter'
    )  # an en dash
    result = plans.validate()
    assert result.findings == [f"{GP}:46:15: error OMST104"]
    assert result.messages[0] == (
        "in subarea NV.1, effect-goal row NV.1.E1 (mal): '2024–2025' has an en dash (–) where "
        'a hyphen (-) belongs: write "2024-2025"'
    )
    expect_exit(result, 1)


def test_bad_period_value_is_reported(plans: PlanCopy) -> None:
    plans.replace(GP, '        period: "2024-2025"\n', '        period: "2024/2025"\n')
    result = plans.validate()
    assert result.findings == [f"{GP}:65:17: error OMST104"]
    expect_exit(result, 1)


def test_bad_plan_id_is_reported_with_the_expected_form(plans: PlanCopy) -> None:
    plans.replace(GP, "id: GP\n", "id: G\n")
    result = plans.validate()
    assert result.findings == [f"{GP}:5:5: error OMST104"]
    assert result.messages[0].startswith("at id: 'G' is not in the expected form (")


# OMST100: everything else


def test_wrong_plan_kind_is_reported(plans: PlanCopy) -> None:
    plans.replace(GP, "plan: genomforandeplan\n", "plan: verksamhetsplan\n")
    result = plans.validate()
    assert result.findings == [f"{GP}:4:7: error OMST100"]
    assert result.messages == [
        "at plan: expected 'genomforandeplan', found the text 'verksamhetsplan'"
    ]
    expect_exit(result, 1)


def test_empty_list_where_one_item_is_required_is_reported(plans: PlanCopy) -> None:
    plans.replace(GP, "    ansvar:\n      uppdragsansvarig: David Dahl\n", "    ansvar: {}\n")
    result = plans.validate()
    assert result.findings == [f"{GP}:72:13: error OMST100"]
    expect_exit(result, 1)


def test_schema_errors_in_one_file_leave_the_other_file_checked(plans: PlanCopy) -> None:
    plans.replace(GP, "plan: genomforandeplan\n", "plan: verksamhetsplan\n")
    plans.replace(VP, "      - till: PR.1\n", "      - till: PR.1\n      - till: PR.1\n")
    result = plans.validate()
    assert result.findings == [f"{GP}:4:7: error OMST100", f"{VP}:52:15: warning OMST204"]
    expect_exit(result, 1)


# All findings in one run: a plan that breaks its schema in one item is still checked


def test_a_broken_item_does_not_hide_the_other_checks_of_its_plan(plans: PlanCopy) -> None:
    plans.replace(
        GP,
        '"2023": Det finns en struktur för samverkan.',
        '"2023x": Det finns en struktur för samverkan.',
    )  # goal row NV.2.E1
    plans.replace(GP, "  - id: DIG\n", "  - id: NV\n")  # and a duplicate ID elsewhere
    result = plans.validate()
    assert result.findings == [f"{GP}:34:5: error OMST201", f"{GP}:54:15: error OMST104"]
    expect_exit(result, 1)


def test_a_plan_that_breaks_its_schema_leaves_the_other_plan_fully_checked(plans: PlanCopy) -> None:
    plans.replace(GP, "      - id: NV.1\n", "      - id: NV-1\n")
    plans.replace(VP, "text: Verksamheterna kartlägger", "text: TODO Verksamheterna kartlägger")
    result = plans.validate()
    codes = [finding.split()[-1] for finding in result.findings]
    assert codes == ["OMST104", "OMST209"]
    # Links to NV.1 are not reported as dangling: the subarea that is broken may be it.
    assert "OMST203" not in result.stdout and "OMST210" not in result.stdout


def test_the_commands_after_validate_still_refuse_a_plan_with_a_broken_item(
    plans: PlanCopy,
) -> None:
    plans.replace(GP, "      - id: NV.1\n", "      - id: NV-1\n")
    for command in ("stats", "link", "render", "export"):
        args = ("--out", "x.xlsx") if command == "export" else ()
        expect_exit(omst(command, "--plan-dir", "plan", *args), 1)


# Keys allowed only under a condition (propertyNames)


@pytest.mark.parametrize("engine", ["rust", "python"])
def test_follow_up_keys_of_a_forvaltning_that_did_not_report_are_reported_at_each_key(
    plans: PlanCopy, engine: str
) -> None:
    shutil.copytree(REPO / "tests" / "fixtures" / "followup", plans.dir / "forvaltningar")
    aa = "plan/forvaltningar/aa.yaml"
    plans.replace(aa, "rapporterat: true", "rapporterat: false")
    lines = plans.text(aa).splitlines()
    result = plans.validate(env={"OMST_SCHEMA_ENGINE": engine})
    assert result.findings == [
        f"{aa}:{lines.index(f'{key}:') + 1}:1: error OMST100"
        for key in ("status", "mal", "indikatorer")
    ]
    assert result.messages[0] == (
        "key 'status' is not allowed: a förvaltning that did not report (rapporterat: "
        "false) has only forvaltning, namn, kortnamn, kalla, rapporterat and kommentar"
    )
    expect_exit(result, 1)
