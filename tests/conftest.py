"""Fixtures: no OMST_* variable of the shell leaks into a test, and `plans`, the mini plans
copied to a folder of the test's own. The helpers they use are in helpers.py."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import OMST_ENVIRONMENT, PlanCopy
from omstallning import i18n


@pytest.fixture(autouse=True)
def _no_omst_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in OMST_ENVIRONMENT:
        monkeypatch.delenv(name, raising=False)
    # The tests read omst's English, whatever the shell's locale; omst run as a process too.
    monkeypatch.setenv("OMST_LANG", "en")
    i18n.use("en")


@pytest.fixture
def plans(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> PlanCopy:
    """The mini plans in tmp_path/plan, with tmp_path as the current directory."""
    copy = PlanCopy(tmp_path)
    monkeypatch.chdir(tmp_path)
    return copy


@pytest.fixture
def swedish(monkeypatch: pytest.MonkeyPatch) -> None:
    """omst speaks Swedish in this test, in-process and as a process: for what a Swedish
    reader sees (the autouse fixture above sets English again for the next test)."""
    monkeypatch.setenv("OMST_LANG", "sv")
    i18n.use("sv")
