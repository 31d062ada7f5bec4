"""Helpers for the tests of omst link, render and diff: run omst as a user would, copy and
edit plans, read the plans' YAML for expectations, and build throwaway git repositories.

Expectations are computed from the YAML itself (with PyYAML, not with omst), so that a test
checks omst against the plans and not omst against itself.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

from conftest import Result, expect_exit
from conftest import omst as run_omst

REPO = Path(__file__).resolve().parents[1]
PLAN = REPO / "plan"
MINI = REPO / "tests" / "fixtures" / "mini" / "plan"
APRIL = REPO / "examples" / "revision-2024-04" / "plan"
GOLDEN = REPO / "tests" / "golden"
ARTIFACTS = REPO / "tests" / "artifacts"

GP_FILE = "genomforandeplan.yaml"
VP_FILE = "verksamhetsplan.yaml"


# --- running omst ---------------------------------------------------------------------------

# One way to run omst in all tests: conftest's, with paths accepted as arguments here.
Run = Result
assert_exit = expect_exit


def omst(*args: str | Path) -> Run:
    """`omst ARGS` in-process, stdout and stderr apart; a traceback fails the test loudly."""
    return run_omst(*(str(a) for a in args))


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
