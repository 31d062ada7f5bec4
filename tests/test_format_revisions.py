"""The writers of `omst diff` and `omst log` (text, Markdown, JSON), on a diff the analyses
make of two copies of the mini plans and on a history built by hand: no CLI, no git."""

from __future__ import annotations

import io
import json
import shutil

import pytest

from helpers import MINI, edit
from omstallning.analyses.diff import DiffReport, compare
from omstallning.analyses.entries import plan_entries
from omstallning.analyses.history import Event, LogReport
from omstallning.checks import check_dir
from omstallning.formats import DIFF, LOG, writer
from omstallning.reading.git import Commit


def written(registry: dict[str, str], fmt: str, report: object) -> str:
    out = io.StringIO()
    writer(registry, fmt)(report, out)
    return out.getvalue()


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> DiffReport:
    new = tmp_path_factory.mktemp("new") / "plan"
    shutil.copytree(MINI, new)
    edit(new / "verksamhetsplan.yaml", "namn: Kunskapsstyrning", "namn: Kunskapsstyrning i vården")
    old_plans, new_plans = check_dir(MINI).plans, check_dir(new).plans
    return DiffReport(compare(old_plans, new_plans), "main", "arbetskopia")


def test_diff_text_names_both_sides_and_the_changed_item(report: DiffReport) -> None:
    text = written(DIFF, "text", report)
    assert "omst diff: main → arbetskopia" in text
    assert "VP.2" in text


def test_diff_markdown_shows_the_changed_words(report: DiffReport) -> None:
    text = written(DIFF, "markdown", report)
    assert "VP.2" in text
    assert "i vården" in text


def test_diff_json_lists_the_field_that_changed(report: DiffReport) -> None:
    payload = json.loads(written(DIFF, "json", report))
    text = json.dumps(payload, ensure_ascii=False)
    assert "Kunskapsstyrning i vården" in text and "VP.2" in text


def _log() -> LogReport:
    gp = check_dir(MINI).plans.gp
    assert gp
    entry = plan_entries(gp)["NV.1"]
    commit = Commit("a" * 40, "aaaaaaa", "2024-04-02T10:00:00+02:00", "Anna", "Ny plan", ())
    return LogReport("NV.1", [Event(commit, "added", entry)], [])


def test_log_text_has_the_commit_the_change_and_the_item(swedish: None) -> None:
    lines = written(LOG, "text", _log()).splitlines()
    assert lines[0] == "aaaaaaa 2024-04-02 Anna: Ny plan"
    assert lines[1].startswith("    NV.1 ") and lines[1].endswith(" tillagd")


def test_log_markdown_heads_the_history_with_the_item(swedish: None) -> None:
    text = written(LOG, "markdown", _log())
    assert text.startswith("### Historik: NV.1\n")
    assert "- `aaaaaaa` 2024-04-02 Anna: Ny plan" in text


def test_log_json_lists_each_revision_of_the_item() -> None:
    payload = json.loads(written(LOG, "json", _log()))
    assert payload["id"] == "NV.1" and len(payload["revisions"]) == 1


def test_log_of_an_item_without_changes_says_so(swedish: None) -> None:
    assert written(LOG, "text", LogReport("NV.1", [], [])) == (
        "NV.1: inga ändringar i historiken.\n"
    )
