"""Shared helpers: a copy of the mini plans to edit, and omst run the way a user runs it.

A test copies tests/fixtures/mini/plan to its own folder, edits one file, runs omst there
and compares the findings, each `FILE:LINE:COL: severity CODE`, with what it expects:

    def test_unknown_key_is_reported(plans):
        plans.replace(GP, "  handlingstyp: Plan\n", "  handlingstyp: Plan\n  godkand: SSN\n")
        assert plans.validate().findings == [f"{GP}:10:3: error OMST101"]

omst runs in the copy's folder, so the files are shown as `plan/genomforandeplan.yaml`,
the names GP and VP stand for.
"""

from __future__ import annotations

import shutil
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from omstallning.cli import app
from omstallning.reading import limits

REPO = Path(__file__).resolve().parents[1]
MINI = REPO / "tests" / "fixtures" / "mini" / "plan"

# The mini plans as omst shows them when it runs in the folder that holds the copy.
GP = "plan/genomforandeplan.yaml"
VP = "plan/verksamhetsplan.yaml"

# Variables that change what omst does; no test may depend on the shell it runs in.
OMST_ENVIRONMENT = (
    "GITHUB_ACTIONS",
    "OMST_PLAN_DIR",
    "OMST_DEBUG",
    "OMST_MAX_FILE_SIZE",
    "OMST_SCHEMA_ENGINE",
)


@dataclass(frozen=True)
class Result:
    exit_code: int
    stdout: str
    stderr: str

    @property
    def output(self) -> str:
        return self.stdout + self.stderr

    @property
    def lines(self) -> list[str]:
        return self.stdout.splitlines()

    @property
    def findings(self) -> list[str]:
        """`FILE:LINE:COL: severity CODE` of every finding in text output, message left off."""
        return [" ".join(line.split(" ", 3)[:3]) for line in self.lines]

    @property
    def messages(self) -> list[str]:
        """The messages of the findings in text output, in the same order."""
        return [line.split(" ", 3)[3] for line in self.lines]


def omst(*args: str, env: Mapping[str, str] | None = None) -> Result:
    """Run `omst ARGS` in-process, as the console script would, stdout and stderr apart."""
    result = CliRunner().invoke(app, list(args), env=env, catch_exceptions=False, prog_name="omst")
    return Result(result.exit_code, result.stdout, result.stderr)


def expect_exit(result: Result, code: int) -> None:
    """omst ended with `code` and, whatever went wrong, showed the user no traceback."""
    assert "Traceback" not in result.output, result.output
    assert result.exit_code == code, f"exit {result.exit_code}, expected {code}\n{result.output}"


class PlanCopy:
    """The mini plans copied to `root/plan`, to edit and run omst on."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.dir = root / "plan"
        shutil.copytree(MINI, self.dir)

    def path(self, name: str) -> Path:
        return self.root / name

    def text(self, name: str) -> str:
        return self.path(name).read_text(encoding="utf-8")

    def write(self, name: str, content: str | bytes) -> None:
        """Replace a whole file: text is written as UTF-8, bytes exactly as given."""
        data = content.encode("utf-8") if isinstance(content, str) else content
        self.path(name).write_bytes(data)

    def replace(self, name: str, old: str, new: str) -> None:
        """Edit one file: `old` must stand exactly once in it (so a changed fixture is
        noticed here, not as a puzzling position somewhere else)."""
        text = self.text(name)
        assert text.count(old) == 1, f"{old!r} stands {text.count(old)} times in {name}"
        self.write(name, text.replace(old, new))

    def validate(self, *args: str, env: Mapping[str, str] | None = None) -> Result:
        return omst("validate", "--plan-dir", "plan", *args, env=env)

    def stats(self, *args: str, env: Mapping[str, str] | None = None) -> Result:
        return omst("stats", "--plan-dir", "plan", *args, env=env)


@pytest.fixture(autouse=True)
def _no_omst_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in OMST_ENVIRONMENT:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(limits, "chosen", None)  # --max-file-size of an earlier test


@pytest.fixture
def plans(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> PlanCopy:
    """The mini plans in tmp_path/plan, with tmp_path as the current directory."""
    copy = PlanCopy(tmp_path)
    monkeypatch.chdir(tmp_path)
    return copy
