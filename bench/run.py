"""Time `omst validate` and `omst render` as whole processes on the real plans and on
synthetic plans 10 and 50 times their size; check the targets; print a Markdown table.

    python bench/run.py            # uses the omst on PATH
    python bench/run.py --runs 7

Targets (whole process, median, on the project's 2-core machines): validate on the real
plans under 0.5 s (it is the latency of every CI run and pre-commit hook); validate on a 50x
plan under 3 s; peak memory under 250 MB. Exit 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGETS = {("validate", 1): 0.5, ("validate", 50): 3.0}
MAX_RSS_MB = 250


def run_once(cmd: list[str]) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of one child process."""
    start = time.perf_counter()
    pid = os.fork()
    if pid == 0:  # child: the command, output discarded
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)
        os.dup2(devnull, 2)
        os.execvp(cmd[0], cmd)
    _, _, usage = os.wait4(pid, 0)
    return time.perf_counter() - start, usage.ru_maxrss / 1024


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    omst = shutil.which("omst")
    if not omst:
        print("omst is not on PATH: pip install . first", file=sys.stderr)
        return 2
    failed = False
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        dirs = {1: ROOT / "plan"}
        for times in (10, 50):
            dirs[times] = Path(tmp) / f"x{times}"
            subprocess.run([sys.executable, str(ROOT / "bench/generate.py"), str(times),
                            str(dirs[times])], check=True)
        for (command, times), folder in [((c, t), d) for t, d in dirs.items()
                                         for c in ("validate", "render")]:
            extra = ["--out", str(Path(tmp) / "out"), "--as-of", "2025-01-01"] \
                if command == "render" else []
            cmd = [omst, command, "--plan-dir", str(folder), *extra]
            samples = [run_once(cmd) for _ in range(args.runs)]
            walls = [s[0] for s in samples]
            rss = max(s[1] for s in samples)
            size = sum(f.stat().st_size for f in folder.glob("*.yaml")) / 1024
            target = TARGETS.get((command, times))
            ok = (target is None or statistics.median(walls) <= target) and rss <= MAX_RSS_MB
            failed |= not ok
            rows.append(f"| {command} | {times}x ({size:,.0f} KiB) | {min(walls):.3f} | "
                        f"{statistics.median(walls):.3f} | {max(walls):.3f} | {rss:.0f} | "
                        f"{f'≤ {target} s' if target else '–'} | {'ok' if ok else 'MISSED'} |")
    print("| command | plans | min s | median s | max s | peak MB | target | |")
    print("|---|---|---:|---:|---:|---:|---|---|")
    print("\n".join(rows))
    return 1 if failed else 0


if __name__ == "__main__":
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    sys.exit(main())
