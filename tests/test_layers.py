"""The package's shape: one-way layers (import-linter), and each command importing only
what it needs, so that start-up stays fast for CI runs and pre-commit hooks."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
MINI = REPO / "tests" / "fixtures" / "mini" / "plan"

# Runs one omst command in a fresh interpreter, as the console script does, and prints the
# top-level packages it loaded.
_PROBE = """
import sys
from omstallning.cli import main
sys.argv[0] = "omst"
try:
    main()
except SystemExit:
    pass
sys.stderr.write("\\nLOADED " + " ".join(sorted({m.split(".")[0] for m in sys.modules}
                  | {m for m in sys.modules if m.startswith("omstallning.")})) + "\\n")
"""


def loaded(*args: str) -> set[str]:
    """Modules `omst ARGS` imported: third-party packages by name, and omst's own modules."""
    run = subprocess.run(
        [sys.executable, "-c", _PROBE, *args],
        capture_output=True,
        text=True,
        cwd=REPO,
        check=False,
        env={**os.environ, "PYTHONPATH": str(REPO / "src")},
    )
    last = run.stderr.rsplit("LOADED ", 1)
    assert len(last) == 2, run.stderr
    return set(last[1].split())


def test_the_layers_hold() -> None:
    lint_imports = shutil.which("lint-imports")
    if lint_imports is None:
        pytest.skip("import-linter is not installed (pip install '.[test]')")
    # The source tree, not an installed copy: the contract is about this checkout.
    run = subprocess.run(
        [lint_imports, "--no-cache"],
        capture_output=True,
        text=True,
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO / "src")},
        check=False,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "0 broken" in run.stdout


def test_help_imports_no_model_no_schema_and_no_rich() -> None:
    modules = loaded("--help")
    assert not {"jsonschema", "jsonschema_rs", "yaml", "rich", "jinja2"} & modules
    assert not any(m.startswith(("omstallning.model", "omstallning.checks")) for m in modules)


def test_validate_does_not_load_jinja2_or_rich() -> None:
    modules = loaded("validate", "--plan-dir", str(MINI))
    assert "omstallning.checks" in modules
    assert not {"jinja2", "rich"} & modules
    assert "omstallning.reading.git" not in modules  # the plans are at hand: no git needed


def test_a_command_imports_only_the_cli_module_that_declares_it() -> None:
    commands = {m for m in loaded("validate", "--plan-dir", str(MINI)) if ".cli." in m}
    assert commands == {
        "omstallning.cli.app",
        "omstallning.cli.completion",
        "omstallning.cli.plans",
        "omstallning.cli.words",
    }
    assert "omstallning.cli.history" in loaded("--max-file-size", "1G", "log", "--help")


def test_the_quick_help_listing_is_the_full_apps_help() -> None:
    # `omst --help` builds the commands without their options; what it shows must not change.
    def run(code: str) -> str:
        return subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            check=False,
            env={**os.environ, "PYTHONPATH": str(REPO / "src"), "COLUMNS": "80"},
        ).stdout

    quick = run(
        "import sys; sys.argv = ['omst', '--help']; from omstallning.cli import main; main()"
    )
    full = run("from omstallning.cli import app; app(['--help'], prog_name='omst')")
    assert "Commands:" in full
    assert quick == full


def test_help_lists_every_command_in_order() -> None:
    from helpers import omst
    from omstallning.cli.app import COMMAND_MODULES

    section = omst("--help").stdout.split("Commands:", 1)[1]
    names = [line.split()[0] for line in section.splitlines() if line.startswith("  ")]
    assert [name for name in names if name in COMMAND_MODULES] == list(COMMAND_MODULES)


@pytest.mark.parametrize(
    ("args", "command"),
    [
        (["validate", "-q"], "validate"),
        (["--max-file-size", "1G", "stats"], "stats"),
        (["--max-file-size=1G", "link", "NV.1"], "link"),
        (["--help"], None),
        (["valdate"], None),
        ([], None),
    ],
)
def test_the_command_a_run_needs_is_found_past_the_root_options(
    args: list[str], command: str | None
) -> None:
    from omstallning.cli import requested_command

    assert requested_command(args) == command


@pytest.mark.parametrize(
    "args",
    [
        ("validate", "--format", "json"),
        ("stats", "--format", "json"),
        ("stats", "--format", "csv"),
        ("link", "--format", "json"),
        ("diff", str(MINI), str(MINI), "--format", "json"),
    ],
)
def test_machine_formats_do_not_load_rich_or_jinja2(args: tuple[str, ...]) -> None:
    modules = loaded(*args, "--plan-dir", str(MINI))
    assert not {"rich", "jinja2"} & modules


def test_render_loads_jinja2() -> None:
    # The probe is not a test that cannot fail: it sees what a command does import.
    assert "jinja2" in loaded(
        "render",
        "--plan-dir",
        str(MINI),
        "--out",
        str(REPO / "tests" / "artifacts" / "layers-probe"),
    )


def test_only_serve_loads_the_web_server() -> None:
    web = {"starlette", "uvicorn", "watchfiles", "markdown_it", "anyio"}
    assert not web & loaded("validate", "--plan-dir", str(MINI))
    assert not web & loaded("--help")
    assert not any(m.startswith("omstallning.web") for m in loaded("--help"))


def test_validate_lists_the_import_codes_without_loading_the_workbook_reader() -> None:
    # The import's codes are validate's too (--list-checks, SARIF rules); its zip and XML
    # reader is not.
    assert "omstallning.reading.workbook_codes" in loaded("validate", "--plan-dir", str(MINI))
    assert not {"omstallning.reading.workbook", "zipfile", "xml.etree.ElementTree"} & loaded(
        "validate", "--plan-dir", str(MINI)
    )


def test_an_import_loads_the_diff_machinery_only_for_dry_run(tmp_path: Path) -> None:
    # What omst import needs is read before it runs: at 1x the plans, its memory beyond
    # validate's is what it loads (bench/README.md, import).
    plans = tmp_path / "plan"
    shutil.copytree(REPO / "plan", plans)
    form = tmp_path / "skas.xlsx"
    made = ("report", "SKAS", "--tertial", "T3 2024", "--plan-dir", str(plans), "--out", str(form))
    assert "omstallning.core.report" in loaded(*made)
    args = ("import", str(form), "--tertial", "T3 2024", "--plan-dir", str(plans))
    # the form as sent asks for every row: imported, each becomes an entry "saknas"
    assert "omstallning.analyses.diff" in loaded(*args, "--dry-run")
    writing = loaded(*args)
    assert "omstallning.core.importing" in writing
    assert not {"omstallning.core.revisions", "omstallning.analyses.diff"} & writing
    assert "python_calamine" not in writing
    assert "saknas: true" in (plans / "forvaltningar" / "skas.yaml").read_text(encoding="utf-8")
