"""The tests' one set of helpers: run omst as a user would, copy and edit plans, read the
plans' YAML for expectations, and build throwaway git repositories.

Expectations are computed from the YAML itself (with PyYAML, not with omst), so that a test
checks omst against the plans and not omst against itself.

A test copies tests/fixtures/mini/plan to its own folder, edits one file, runs omst there
and compares the findings, each `FILE:LINE:COL: severity CODE`, with what it expects:

    def test_unknown_key_is_reported(plans):
        plans.replace(GP, "  handlingstyp: Plan\n", "  handlingstyp: Plan\n  godkand: SSN\n")
        assert plans.validate().findings == [f"{GP}:10:3: error OMST101"]

omst runs in the copy's folder, so the files are shown as `plan/genomforandeplan.yaml`,
the names GP and VP stand for.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import subprocess
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from typer.testing import CliRunner

from omstallning.cli import app

REPO = Path(__file__).resolve().parents[1]
PLAN = REPO / "plan"
MINI = REPO / "tests" / "fixtures" / "mini" / "plan"
APRIL = REPO / "examples" / "revision-2024-04" / "plan"
GOLDEN = REPO / "tests" / "golden"
ARTIFACTS = REPO / "tests" / "artifacts"

GP_FILE = "genomforandeplan.yaml"
VP_FILE = "verksamhetsplan.yaml"


# --- running omst ---------------------------------------------------------------------------

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


def omst(*args: str | Path, env: Mapping[str, str] | None = None) -> Result:
    """Run `omst ARGS` in-process, as the console script would, stdout and stderr apart;
    a traceback fails the test loudly."""
    result = CliRunner().invoke(
        app, [str(a) for a in args], env=env, catch_exceptions=False, prog_name="omst"
    )
    return Result(result.exit_code, result.stdout, result.stderr)


class Hang(Exception):
    """A command that ran past the time a test gives it."""


@contextlib.contextmanager
def bounded(seconds: int) -> Iterator[None]:
    """A hang fails the test instead of stopping the suite."""

    def stop(signum: int, frame: Any) -> None:
        raise Hang(f"a command ran for more than {seconds} s")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


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


# --- plans on disk --------------------------------------------------------------------------


def copy_plans(source: Path, dest: Path) -> Path:
    """Both plan files of `source` copied into `dest` (created); returns `dest`."""
    dest.mkdir(parents=True, exist_ok=True)
    for name in (GP_FILE, VP_FILE):
        shutil.copyfile(source / name, dest / name)
    return dest


def edit(path: Path, old: str, new: str) -> None:
    """Replace `old`, which must stand exactly once in the file, by `new`."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} stands {text.count(old)} times in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def load(plan_dir: Path) -> tuple[dict[str, Any], dict[str, Any]]:
    """The genomförandeplan and the verksamhetsplan of `plan_dir` as plain YAML data."""
    gp = yaml.safe_load((plan_dir / GP_FILE).read_text(encoding="utf-8"))
    vp = yaml.safe_load((plan_dir / VP_FILE).read_text(encoding="utf-8"))
    return gp, vp


def flat(text: str) -> str:
    """Text with every run of white space as one space, as the outputs show plan text."""
    return " ".join(text.split())


# --- what the YAML says -----------------------------------------------------------------


def subareas(gp: dict[str, Any]) -> Iterator[tuple[dict[str, Any], dict[str, Any]]]:
    for area in gp["omraden"]:
        for sub in area["delomraden"]:
            yield area, sub


def yaml_links(gp: dict[str, Any], vp: dict[str, Any]) -> list[dict[str, Any]]:
    """Every link of the verksamhetsplan in file order, as `omst link --format json` shows
    one: a stream's own links, then its milestones'."""
    area_of = {sub["id"]: area["id"] for area, sub in subareas(gp)}
    links = []
    for stream in vp["arbetsstrommar"]:
        sources = [(stream["id"], stream.get("lankar", []))]
        sources += [(ms["id"], ms.get("lankar", [])) for ms in stream["milstolpar"]]
        for source, items in sources:
            links += [
                {
                    "from": source,
                    "to": link["till"],
                    "workstream": stream["id"],
                    "area": area_of.get(link["till"], ""),
                    "motivering": link.get("motivering"),
                }
                for link in items
            ]
    return links


def item_ids(gp: dict[str, Any], vp: dict[str, Any]) -> list[str]:
    """The ID of every item in both plans that the inriktningsdokument shows."""
    ids = [note["id"] for note in gp.get("inledning", [])]
    ids += [layer["id"] for layer in gp.get("genomgaende", [])]
    for area in gp["omraden"]:
        ids.append(area["id"])
        for sub in area["delomraden"]:
            ids += [sub["id"], *(goal["id"] for goal in sub["effektmal"])]
        ids += [a["id"] for a in area.get("aktiviteter", [])]
        ids += [i["id"] for i in area.get("indikatorer", [])]
    ids += [theme["id"] for theme in (vp.get("vision") or {}).get("teman", [])]
    for stream in vp["arbetsstrommar"]:
        ids += [stream["id"], *(ms["id"] for ms in stream["milstolpar"])]
    return ids


def plan_texts(gp: dict[str, Any], vp: dict[str, Any]) -> list[str]:
    """Every goal text, activity, indicator, work stream name and milestone text."""
    texts = []
    for area in gp["omraden"]:
        for sub in area["delomraden"]:
            for goal in sub["effektmal"]:
                texts += goal["mal"].values()
        texts += [a["text"] for a in area.get("aktiviteter", [])]
        texts += [i["text"] for i in area.get("indikatorer", [])]
    for stream in vp["arbetsstrommar"]:
        texts.append(stream["namn"])
        texts += [ms["text"] for ms in stream["milstolpar"]]
    return [flat(t) for t in texts]


_MD_ESCAPE = re.compile(r"\\([\\`*_\[\]<>|#~&])")


def md_unescape(markdown: str) -> str:
    """Markdown with the backslash escapes of plan text removed."""
    return _MD_ESCAPE.sub(r"\1", markdown)


# --- git ----------------------------------------------------------------------------------

GIT_ENV = {
    "GIT_AUTHOR_NAME": "Test",
    "GIT_AUTHOR_EMAIL": "test@example.invalid",
    "GIT_COMMITTER_NAME": "Test",
    "GIT_COMMITTER_EMAIL": "test@example.invalid",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
}


def git(repo: Path, *args: str) -> str:
    """Run git in `repo` (a throwaway repository of a test), its stdout as text."""
    result = subprocess.run(
        ["git", "-C", str(repo), *args],
        capture_output=True,
        text=True,
        env={**os.environ, **GIT_ENV},
        check=False,
    )
    assert result.returncode == 0, f"git {' '.join(args)} failed: {result.stderr}"
    return result.stdout


def commit_all(repo: Path, message: str) -> str:
    git(repo, "add", "--all")
    git(repo, "commit", "--quiet", "--no-verify", "-m", message)
    return git(repo, "rev-parse", "HEAD").strip()


def init_repo(root: Path, plans: Path = MINI) -> Path:
    """A new git repository at `root` on branch main, with `plans` copied to plan/ and
    committed. Returns the plan directory."""
    root.mkdir(parents=True, exist_ok=True)
    git(root, "init", "--quiet", "--initial-branch=main")
    plan_dir = copy_plans(plans, root / "plan")
    commit_all(root, "planerna")
    return plan_dir
