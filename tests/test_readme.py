"""The README is the user's manual: its commands must be the ones that work."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from omstallning import i18n
from omstallning.cli import app
from omstallning.reading import yamlfile as load

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _sh_blocks() -> list[str]:
    return re.findall(r"```sh\n(.*?)```", README, flags=re.S)


def test_ci_runs_exactly_the_readme_test_command() -> None:
    test_command = next(
        line
        for block in _sh_blocks()
        for line in block.splitlines()
        if "pytest" in line and "pip install" in line
    )
    ci_lines = (ROOT / ".ci/run").read_text(encoding="utf-8").splitlines()
    assert test_command in ci_lines


def test_readme_install_command_installs_and_runs_the_main_job() -> None:
    install = next(
        line for block in _sh_blocks() for line in block.splitlines() if "pip install ." in line
    )
    assert "omst validate" in install and "omst render" in install


def test_readme_showcase_is_what_omst_diff_prints_for_the_april_2024_revision(
    monkeypatch: pytest.MonkeyPatch, swedish: None
) -> None:
    monkeypatch.chdir(ROOT)
    result = CliRunner().invoke(
        app, ["diff", "plan", "examples/revision-2024-04/plan", "--format", "markdown"]
    )
    assert result.exit_code == 0, result.stderr
    quoted = "\n".join(f"> {line}" if line else ">" for line in result.stdout.splitlines())
    assert quoted in README


def test_version_is_printed() -> None:
    result = CliRunner().invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.stdout.startswith("omst ")


@pytest.mark.parametrize("name", ["genomforandeplan", "verksamhetsplan"])
def test_libyaml_and_the_pure_parser_read_the_plans_alike(
    name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    if not hasattr(load, "LibyamlComposer"):
        pytest.skip("PyYAML here is built without libyaml")
    text = (ROOT / "plan" / f"{name}.yaml").read_text(encoding="utf-8")
    fast = load.parse(name, text)
    monkeypatch.setattr(load, "Composer", load.PurePythonComposer)
    slow = load.parse(name, text)
    assert fast.data == slow.data
    assert fast.values == slow.values
    assert fast.keys == slow.keys
    assert fast.findings == slow.findings


def test_readme_status_example_is_what_omst_status_prints(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    i18n.use("sv")  # the README shows the Swedish a plan author reads
    result = CliRunner().invoke(app, ["status", "--as-of", "2024-08-30", "--format", "markdown"])
    assert result.exit_code == 0, result.stderr
    quoted = "\n".join(f"> {line}" if line else ">" for line in result.stdout.splitlines())
    assert quoted in README


def test_readme_validate_example_is_what_omst_validate_prints(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(ROOT)
    result = CliRunner().invoke(app, ["validate"])
    block = f"$ omst validate\n{result.stdout}{result.stderr}"
    assert block in README


def test_readme_log_example_is_what_omst_log_prints_on_the_april_revision(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, swedish: None
) -> None:
    """The README's recipe, run: the plans, then the April 2024 revision, in a new repo."""
    import os
    import shutil
    import subprocess

    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Strateg",
        "GIT_AUTHOR_EMAIL": "s@example.invalid",
        "GIT_COMMITTER_NAME": "Strateg",
        "GIT_COMMITTER_EMAIL": "s@example.invalid",
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
    }
    repo = tmp_path / "plans"
    shutil.copytree(ROOT / "plan", repo / "plan", ignore=shutil.ignore_patterns("forvaltningar"))

    def git(*args: str, date: str | None = None) -> None:
        dated = {"GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date} if date else {}
        subprocess.run(
            ["git", "-C", str(repo), *args], env={**env, **dated}, check=True, capture_output=True
        )

    git("init", "-q", "-b", "main")
    git("add", ".")
    git(
        "commit",
        "-qm",
        "Genomförandeplanen 2023 och verksamhetsplanen",
        date="2023-06-30T12:00:00+00:00",
    )
    for name in ("genomforandeplan.yaml", "verksamhetsplan.yaml"):
        shutil.copy(ROOT / "examples" / "revision-2024-04" / "plan" / name, repo / "plan")
    git("commit", "-qam", "SSN:s revidering april 2024", date="2024-04-24T12:00:00+00:00")
    monkeypatch.chdir(repo)
    result = CliRunner().invoke(app, ["log", "NV.3.E1"])
    assert result.exit_code == 0, result.stderr
    start = README.index("```console\n", README.index("omst log NV.3.E1\n```")) + 11
    block = README[start : README.index("```", start)]

    def no_hashes(text: str) -> str:  # commit IDs follow the plans' content; the rest may not
        return re.sub(r"^[0-9a-f]{7} ", "HASH ", text, flags=re.M)

    assert no_hashes(result.stdout) == no_hashes(block)


@pytest.mark.parametrize(
    ("path", "line", "old", "new"),
    [
        ("genomforandeplan.yaml", 109, "namn: Samverkan", "namn: Samverkan: vårdens aktörer"),
        ("genomforandeplan.yaml", 101, '"2024-2025"', '"2024–2025"'),
        ("forvaltningar/rh.yaml", 70, "bedomning: ej", "bedomning: uppnås"),
    ],
)
def test_readme_errors_for_plan_authors_are_what_omst_validate_prints_in_swedish(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, path: str, line: int, old: str, new: str
) -> None:
    """ "Så läser du ett fel": each example, made on a copy of the real plans."""
    import shutil

    from helpers import PLAN

    plan = Path(shutil.copytree(PLAN, tmp_path / "plan"))
    lines = (plan / path).read_text(encoding="utf-8").split("\n")
    assert old in lines[line - 1]
    lines[line - 1] = lines[line - 1].replace(old, new)
    (plan / path).write_text("\n".join(lines), encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    i18n.use("sv")
    result = CliRunner().invoke(app, ["validate"])
    assert result.exit_code == 1
    errors = [f for f in result.stdout.splitlines() if " error " in f]
    assert len(errors) == 1 and f"{errors[0]}\n" in README
    if path.startswith("forvaltningar"):
        assert f"{errors[0]}\n{result.stderr}" in README
