"""Time `omst log ID` on a generated git history against its floor: libyaml composing each
distinct plan blob of that history once.

    python bench/history.py                  # 500 revisions, 5 runs
    python bench/history.py --revisions 200 --runs 3 --write

The history: the region's plans committed, then REVISIONS commits that each rewrite one
effect goal row of the genomförandeplan (cycling through them), every fifth also a
milestone of the verksamhetsplan. `omst log NV.3.E1` then walks every commit and reads
every distinct blob. Whole processes, interleaved, medians; standard library only.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import GIT_ENV, put_in_readme

ROOT = Path(__file__).resolve().parents[1]
START, END = "<!-- history -->", "<!-- /history -->"
ENV = {**os.environ, **GIT_ENV}


def git(repo: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-C", str(repo), *args], env=ENV, check=True, capture_output=True, text=True
    ).stdout


def make_history(repo: Path, revisions: int) -> None:
    git(repo, "init", "--quiet", "--initial-branch=main")
    shutil.copytree(ROOT / "plan", repo / "plan", ignore=shutil.ignore_patterns("forvaltningar"))
    git(repo, "add", "--all")
    git(repo, "commit", "--quiet", "-m", "Planerna")
    gp = repo / "plan" / "genomforandeplan.yaml"
    vp = repo / "plan" / "verksamhetsplan.yaml"
    goal_lines = [
        i
        for i, line in enumerate(gp.read_text(encoding="utf-8").splitlines())
        if re.match(r'^\s+"20\d\d(-20\d\d)?": [^"\'>|\s]', line)
    ]
    milestone_lines = [
        i
        for i, line in enumerate(vp.read_text(encoding="utf-8").splitlines())
        if re.match(r"^\s+text: [^\"'>|\s]", line)
    ]
    for n in range(revisions):
        lines = gp.read_text(encoding="utf-8").splitlines(keepends=True)
        i = goal_lines[(n * 7) % len(goal_lines)]
        lines[i] = lines[i].rstrip("\n") + f" (rev {n})\n"
        gp.write_text("".join(lines), encoding="utf-8")
        if n % 5 == 0:
            lines = vp.read_text(encoding="utf-8").splitlines(keepends=True)
            i = milestone_lines[n % len(milestone_lines)]
            lines[i] = lines[i].rstrip("\n") + f" (rev {n})\n"
            vp.write_text("".join(lines), encoding="utf-8")
        git(repo, "commit", "--quiet", "-am", f"Revision {n}")


def distinct_blobs(repo: Path, out: Path) -> list[Path]:
    raw = git(repo, "log", "--raw", "--no-abbrev", "--format=", "--", "plan")
    blobs = sorted(
        {
            h
            for line in raw.splitlines()
            if line.startswith(":")
            for h in line.split()[2:4]
            if set(h) != {"0"}
        }
    )
    files = []
    for blob in blobs:
        path = out / f"{blob}.yaml"
        path.write_bytes(
            subprocess.run(
                ["git", "-C", str(repo), "cat-file", "blob", blob], check=True, capture_output=True
            ).stdout
        )
        files.append(path)
    return files


def run(cmd: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    subprocess.run(
        cmd,
        cwd=cwd,
        env=ENV,
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        timeout=600,
    )
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--revisions", type=int, default=500)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--item", default="NV.3.E1")
    parser.add_argument("--write", action="store_true", help="put the figures in README.md")
    args = parser.parse_args()
    omst = shutil.which("omst", path=str(Path(sys.executable).parent)) or shutil.which("omst")
    if not omst:
        print("omst is not installed next to this Python or on PATH", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        repo, blobs_dir = Path(tmp) / "repo", Path(tmp) / "blobs"
        repo.mkdir()
        blobs_dir.mkdir()
        make_history(repo, args.revisions)
        files = distinct_blobs(repo, blobs_dir)
        listing = Path(tmp) / "files.txt"
        listing.write_text("\n".join(str(f) for f in files), encoding="utf-8")
        floor = [
            sys.executable,
            "-c",
            "import gc, sys, yaml; gc.disable(); "
            "[yaml.compose(open(f, encoding='utf-8'), Loader=yaml.CSafeLoader) "
            f"for f in open({str(listing)!r}).read().split()]",
        ]
        cmd = [omst, "log", args.item, "--format", "json"]
        run(floor, repo), run(cmd, repo)  # warm-up
        floors, logs = [], []
        for _ in range(args.runs):
            floors.append(run(floor, repo))
            logs.append(run(cmd, repo))
        ratios = [b / a for a, b in zip(floors, logs, strict=True)]
    f, o, r = statistics.median(floors), statistics.median(logs), statistics.median(ratios)
    verdict = "met" if r <= 1.5 else f"MISSED ({r:.2f}×, {100 * (r - 1.5) / 1.5:.0f} % over)"
    table = (
        f"`omst log {args.item}` over {args.revisions + 1} commits, "
        f"{len(files)} distinct plan blobs; {args.runs} runs, interleaved, medians "
        f"({time.strftime('%Y-%m-%d')}, {os.cpu_count()} CPUs, Python "
        f"{sys.version.split()[0]}):\n\n"
        "| command | median s | ratio to the floor | target ≤ 1.5× |\n|---|---:|---:|---|\n"
        f"| floor: libyaml composes each distinct blob once | {f:.3f} | 1.00 | |\n"
        f"| omst log | {o:.3f} | {r:.2f} | {verdict} |\n"
    )
    print(table)
    if args.write:
        put_in_readme(
            START,
            END,
            table,
            "History",
            "`python bench/history.py` (see its docstring) times `omst log` on a "
            "generated git history.\n\n",
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
