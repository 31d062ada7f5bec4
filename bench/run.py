"""Benchmark omst as whole processes against floors and peers; check its answers at scale.

    python bench/run.py                         # sizes 1,10,100,1000, 5 runs each
    python bench/run.py --sizes 1,10 --runs 3
    python bench/run.py --smoke                 # size 1, one run: every command works
    python bench/run.py --write                 # also put the table into bench/README.md

For every size, the commands run interleaved (A B C ... A B C ...), `--runs` times each after
one warm-up run, each one a fresh process with its output discarded; the table shows the
median wall time, the peak RSS (ru_maxrss from os.wait4) and the ratio to the floor and
to the peer. Floors are what any Python YAML tool pays (`python -c pass`, `import yaml`,
composing the same files with libyaml); peers are other tools doing part of the job
(check-jsonschema on one plan file, `import typer`). See bench/README.md.

At the largest size, it also checks that `omst validate` reports exactly the errors planted
by `generate.py --errors` and `omst diff` exactly the changes planted by `--changes`.

A benchmark, not a test: the verdicts are printed, not asserted. The exit status is 1 only
when a command fails (unexpected exit status, time-out) or a check finds a mismatch.
Standard library only.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import json
import os
import platform
import re
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
GENERATE = ROOT / "bench" / "generate.py"
README = ROOT / "bench" / "README.md"
GP, VP = "genomforandeplan.yaml", "verksamhetsplan.yaml"
START, END = "<!-- results -->", "<!-- /results -->"

TIMEOUT = 300.0  # seconds, for every child process
MEMORY_GB = 8.0  # address-space limit of a timed child
PEER_MAX_SIZE = 10  # check-jsonschema reads YAML in pure Python: minutes beyond this
ERRORS = 24  # planted errors per error set at the largest size (12 at 1x)
GB = 1024.0  # MB


def changes_for(size: int) -> int:
    return 8 if size == 1 else 20


def errors_for(size: int) -> int:
    return 12 if size == 1 else ERRORS


# ---------------------------------------------------------------------------------------
# Running one child


def bytecode() -> None:
    """Compile omst's modules to bytecode first, as `pip install` does: an editable install
    under PYTHONDONTWRITEBYTECODE=1 (as some shells and containers set it) would otherwise
    compile every module of omst's on every timed run, a start-up no user pays."""
    import compileall

    import omstallning

    compileall.compile_dir(str(Path(omstallning.__file__).parent), quiet=1)


def run_once(argv: list[str], timeout: float, memory: int = 0) -> tuple[float, float, int | None]:
    """Wall seconds, peak RSS (MB) and exit status (None: killed at the time-out) of one
    child process, its output discarded; `memory`: its address-space limit in bytes."""
    start = time.perf_counter()
    pid = os.fork()
    if pid == 0:  # child: its own process group (to kill it whole), then the command
        try:
            os.setpgid(0, 0)
            if memory:
                resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
            devnull = os.open(os.devnull, os.O_RDWR)
            for fd in (0, 1, 2):
                os.dup2(devnull, fd)
            os.execvp(argv[0], argv)
        finally:
            os._exit(127)
    with contextlib.suppress(OSError):  # the child got there first (or has exec'd)
        os.setpgid(pid, pid)
    killed = False

    def on_alarm(_signum: int, _frame: Any) -> None:
        nonlocal killed
        killed = True
        try:
            os.killpg(pid, signal.SIGKILL)
        except OSError:
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, timeout)
    try:
        _, status, usage = os.wait4(pid, 0)  # retried after the handler (PEP 475)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    wall = time.perf_counter() - start
    return wall, usage.ru_maxrss / 1024, None if killed else os.waitstatus_to_exitcode(status)


def capture(argv: list[str], timeout: float) -> subprocess.CompletedProcess[str] | None:
    try:
        return subprocess.run(argv, capture_output=True, text=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        return None


# ---------------------------------------------------------------------------------------
# Commands and results


@dataclass
class Cmd:
    name: str
    argv: list[str]
    role: str  # floor, peer or omst
    size: int | None  # None: does not depend on the plans
    expect: int = 0
    floor: str | None = None  # name of the floor row it is measured against
    peer: str | None = None
    walls: list[float] = field(default_factory=list)
    rss: float = 0.0
    problem: str | None = None  # why it did not run as expected

    @property
    def median(self) -> float:
        return statistics.median(self.walls) if self.walls else float("nan")


def measure(
    cmds: list[Cmd], runs: int, timeout: float, memory: int, log: Callable[[str], None]
) -> None:
    """One warm-up run each (checks the exit status), then `runs` rounds, interleaved. A
    command that fails its warm-up is not run again."""
    for cmd in cmds:
        if cmd.problem:
            continue
        wall, rss, rc = run_once(cmd.argv, timeout, memory)
        cmd.rss = max(cmd.rss, rss)
        if rc is None:
            cmd.problem = f"timed out after {timeout:.0f} s"
        elif rc != cmd.expect:
            cmd.problem = f"exit {rc}, expected {cmd.expect}"
        if runs == 0 and not cmd.problem:
            cmd.walls.append(wall)
        log(
            f"  warm-up {cmd.name:<22} {wall:7.3f} s {rss:7.0f} MB"
            f"{'  ' + cmd.problem if cmd.problem else ''}"
        )
    live = [c for c in cmds if not c.problem]
    for _ in range(runs):
        for cmd in live:
            if cmd.problem:
                continue
            wall, rss, rc = run_once(cmd.argv, timeout, memory)
            cmd.rss = max(cmd.rss, rss)
            if rc != cmd.expect:
                cmd.problem = "timed out" if rc is None else f"exit {rc}, expected {cmd.expect}"
                continue
            cmd.walls.append(wall)


def count_items(folder: Path) -> int:
    """Items with an ID (`- id:` lines) in both plan files."""
    pattern = re.compile(rb"^\s*- id:", re.M)
    return sum(len(pattern.findall((folder / name).read_bytes())) for name in (GP, VP))


def compose_argv(python: str, files: list[Path]) -> list[str]:
    names = [str(f) for f in files]
    return [
        python,
        "-c",
        "import gc, yaml; gc.disable(); [yaml.compose(open(f, "
        f"encoding='utf-8'), Loader=yaml.CSafeLoader) for f in {names!r}]",
    ]


# ---------------------------------------------------------------------------------------
# Targets


@dataclass
class Verdict:
    row: Cmd
    text: str
    met: bool


def ratio_target(row: Cmd, other: Cmd | None, limit: float, what: str) -> Verdict | None:
    if other is None or not row.walls or not other.walls:
        return None
    value = row.median / other.median
    if value <= limit:
        return Verdict(row, f"≤ {limit:g}× {what}: met ({value:.3f}×)", True)
    return Verdict(
        row,
        f"≤ {limit:g}× {what}: MISSED ({value:.3f}×, {(value / limit - 1) * 100:.1f} % over)",
        False,
    )


def rss_target(row: Cmd, limit_mb: float) -> Verdict | None:
    if not row.walls:
        return None
    shown = f"{limit_mb / GB:g} GB"
    if row.rss <= limit_mb:
        return Verdict(row, f"≤ {shown}: met ({row.rss:.0f} MB)", True)
    return Verdict(
        row, f"≤ {shown}: MISSED ({row.rss:.0f} MB, {row.rss - limit_mb:.0f} MB over)", False
    )


def seconds_target(row: Cmd, limit: float) -> Verdict | None:
    """A target in seconds, where the issue sets one (the machine's speed is in it)."""
    if not row.walls:
        return None
    if row.median <= limit:
        return Verdict(row, f"≤ {limit:g} s: met ({row.median:.3f} s)", True)
    return Verdict(row, f"≤ {limit:g} s: MISSED ({row.median:.3f} s)", False)


def verdicts(cmds: list[Cmd]) -> list[Verdict]:
    by = {(c.size, c.name): c for c in cmds}
    out: list[Verdict | None] = []
    for c in cmds:
        if c.role != "omst":
            continue
        floor = by.get((c.size, c.floor)) if c.floor else None
        peer = by.get((c.size, c.peer)) if c.peer else None
        if c.name == "omst --help":
            out.append(ratio_target(c, peer, 1.2, "import typer"))
        if c.name == "validate" and c.size == 1:
            out.append(ratio_target(c, peer, 0.30, "check-jsonschema"))
            typer_ = by.get((1, "python -c 'import typer'"))
            verdict = ratio_target(c, typer_, 1.6, "import typer")
            imports = by.get((1, "python -c 'import typer, yaml, jsonschema_rs'"))
            if verdict and typer_ and imports and imports.walls:
                floor_ratio = imports.median / typer_.median
                verdict = Verdict(
                    c, f"{verdict.text} [its imports alone: {floor_ratio:.2f}×]", verdict.met
                )
            out.append(verdict)
        if c.name == "report --all":
            out.append(seconds_target(c, 2.0))
        if c.size is None or c.size < 100:
            continue  # start-up dominates below 100x: no floor verdicts
        limits = {"validate": 1.5, "stats": 2.0, "link": 2.0, "render": 4.0, "diff": 2.5}
        if c.name in limits:
            out.append(ratio_target(c, floor, limits[c.name], c.floor or "floor"))
        if c.name == "validate" and c.size >= 1000:
            out.append(rss_target(c, 1 * GB))
        if c.name == "render":
            out.append(rss_target(c, 1.5 * GB))
        if c.name == "diff":
            out.append(rss_target(c, 2 * GB))
    return [v for v in out if v is not None]


def growth(cmds: list[Cmd], items: dict[int, int], startup: float) -> list[list[str]]:
    """Time per item (start-up of `python -c pass` subtracted) at the largest size over that
    at 10x; target ≤ 1.3."""
    sizes = sorted(s for s in items if s >= 100)
    if 10 not in items or not sizes:
        return []
    big = sizes[-1]
    by = {(c.size, c.name): c for c in cmds}
    rows = []
    for name in ("validate", "stats", "link", "render", "diff"):
        small, large = by.get((10, name)), by.get((big, name))
        if not small or not large or not small.walls or not large.walls:
            continue
        a = (small.median - startup) / items[10] * 1e6
        b = (large.median - startup) / items[big] * 1e6
        ratio = b / a
        verdict = "met" if ratio <= 1.3 else f"MISSED ({(ratio / 1.3 - 1) * 100:.1f} % over)"
        rows.append([name, f"{a:.1f}", f"{b:.1f}", f"{ratio:.2f}", verdict])
    return rows


# ---------------------------------------------------------------------------------------
# Correctness at the largest size


def key_of(entry: dict[str, Any]) -> tuple[str, ...]:
    return (entry["id"],) if "id" in entry else (entry["from"], entry["to"])


def check_errors(
    omst: str, python: str, size: int, tmp: Path, error_set: str, timeout: float
) -> tuple[bool, str]:
    folder = tmp / f"errors-{error_set}-{size}"
    gen = capture(
        [
            python,
            str(GENERATE),
            str(size),
            str(folder),
            "--errors",
            str(errors_for(size)),
            "--error-set",
            error_set,
        ],
        timeout,
    )
    if gen is None or gen.returncode:
        return False, f"generate.py failed: {gen.stderr.strip() if gen else 'timed out'}"
    expected = json.loads((folder / "expected-errors.json").read_text(encoding="utf-8"))
    done = capture([omst, "validate", "--plan-dir", str(folder), "--format", "json"], timeout)
    if done is None:
        return False, "omst validate timed out"
    if done.returncode != 1:
        return False, f"omst validate exited {done.returncode}, expected 1"
    try:
        findings = json.loads(done.stdout)
    except json.JSONDecodeError:
        return False, f"omst validate --format json printed no JSON: {done.stdout[:200]!r}"
    got = sorted(
        (Path(f["file"]).name, f["line"], f["column"], f["code"])
        for f in findings
        if f["severity"] == "error"
    )
    want = sorted((e["file"], e["line"], e["column"], e["code"]) for e in expected)
    if got == want:
        return True, f"{len(want)} planted errors, reported exactly"
    missing = [w for w in want if w not in got]
    extra = [g for g in got if g not in want]
    return False, (
        f"{len(want)} planted, {len(got)} reported; missing {missing[:3]}"
        f"{' ...' if len(missing) > 3 else ''}; unexpected {extra[:3]}"
        f"{' ...' if len(extra) > 3 else ''}"
    )


def check_diff(omst: str, base: Path, revision: Path, timeout: float) -> tuple[bool, str]:
    expected = json.loads((revision / "expected-changes.json").read_text(encoding="utf-8"))
    done = capture([omst, "diff", str(base), str(revision), "--format", "json"], timeout)
    if done is None:
        return False, "omst diff timed out"
    if done.returncode != 0:
        return False, f"omst diff exited {done.returncode}: {done.stderr.strip()[:300]}"
    got = json.loads(done.stdout)
    problems, total = [], 0
    for key, want_list in expected.items():
        want = sorted(key_of(e) for e in want_list)
        have = sorted(key_of(e) for e in got.get(key, []))
        total += len(want)
        if have != want:
            problems.append(
                f"{key}: expected {want[:3]}, got {have[:3]}{' ...' if len(have) > 3 else ''}"
            )
    if problems:
        return False, "; ".join(problems)
    return True, f"{total} planted changes, reported exactly"


# ---------------------------------------------------------------------------------------
# Output


def table(header: list[str], rows: list[list[str]], right: set[int]) -> str:
    lines = [
        "| " + " | ".join(header) + " |",
        "|" + "|".join("---:" if i in right else "---" for i in range(len(header))) + "|",
    ]
    lines += ["| " + " | ".join(r) + " |" for r in rows]
    return "\n".join(lines)


def results_rows(cmds: list[Cmd], found: list[Verdict], items: dict[int, int]) -> list[list[str]]:
    by = {(c.size, c.name): c for c in cmds}
    rows = []
    for c in cmds:
        floor = by.get((c.size, c.floor)) if c.floor else None
        peer = by.get((c.size, c.peer)) if c.peer else None

        def ratio(other: Cmd | None, c: Cmd = c) -> str:
            if other is None or not other.walls or not c.walls:
                return "–"
            return f"{c.median / other.median:.2f}"

        size = "–" if c.size is None else f"{c.size}× ({items[c.size]:,} items)"
        if c.problem:
            timing = [c.problem, "", "", f"{c.rss:.0f}" if c.rss else "", "–", "–"]
        else:
            timing = [
                f"{c.median:.3f}",
                f"{min(c.walls):.3f}",
                f"{max(c.walls):.3f}",
                f"{c.rss:.0f}",
                ratio(floor),
                ratio(peer),
            ]
        targets = "; ".join(v.text for v in found if v.row is c) or ""
        name = c.name + (f" (floor: {c.floor})" if c.floor and c.role == "omst" else "")
        rows.append([size, name, *timing, targets])
    return rows


def put_in_readme(start: str, end: str, block: str, heading: str, intro: str = "") -> None:
    """`block` between the markers `start` and `end` of bench/README.md, in place of what
    stood there; where the markers are not there yet, a new section `heading` at the end
    (with `intro` above the block). Every bench script writes its figures this one way."""
    text = README.read_text(encoding="utf-8") if README.exists() else "# Benchmark\n"
    section = f"{start}\n{block.rstrip(chr(10))}\n{end}"
    if start in text and end in text:
        head, rest = text.split(start, 1)
        _, tail = rest.split(end, 1)
        text = f"{head}{section}{tail}"
    else:
        text = f"{text.rstrip()}\n\n## {heading}\n\n{intro}{section}\n"
    README.write_text(text, encoding="utf-8")


# Commits a bench script makes: the same author everywhere, no user or system git config.
GIT_ENV = {
    "GIT_AUTHOR_NAME": "bench",
    "GIT_AUTHOR_EMAIL": "bench@example.invalid",
    "GIT_COMMITTER_NAME": "bench",
    "GIT_COMMITTER_EMAIL": "bench@example.invalid",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
}


# ---------------------------------------------------------------------------------------


def find_tool(name: str, given: str | None) -> str | None:
    if given:
        return given
    sibling = Path(sys.executable).parent / name
    return str(sibling) if sibling.exists() else shutil.which(name)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes",
        default="1,10,100,1000",
        help="plan sizes, times the region's plans (1 is plan/ itself)",
    )
    parser.add_argument("--runs", type=int, default=5, help="timed runs per command")
    parser.add_argument(
        "--write", action="store_true", help="write the results into bench/README.md"
    )
    parser.add_argument(
        "--smoke",
        action="store_true",
        help="size 1, one run, no timing verdicts: every command works",
    )
    parser.add_argument(
        "--timeout",
        type=float,
        default=TIMEOUT,
        help="seconds before a child process is killed (default 300)",
    )
    parser.add_argument(
        "--memory-limit",
        type=float,
        default=MEMORY_GB,
        metavar="GB",
        help="address-space limit of every timed child, in GB (default "
        f"{MEMORY_GB:g}; 0: none), so that a blow-up fails instead of "
        "swapping the machine",
    )
    parser.add_argument(
        "--omst", help="the omst executable [default: next to this Python, else on PATH]"
    )
    parser.add_argument("--keep", type=Path, help="generate the plans here and keep them")
    args = parser.parse_args()
    sizes = [1] if args.smoke else sorted({int(s) for s in args.sizes.split(",")})
    runs = 0 if args.smoke else args.runs
    memory = int(args.memory_limit * 2**30)
    python = sys.executable
    omst = find_tool("omst", args.omst)
    if not omst:
        print("omst not found: pip install -e . (or give --omst)", file=sys.stderr)
        return 2
    cjs = find_tool("check-jsonschema", None)
    bytecode()

    def log(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    tmp = args.keep or Path(tempfile.mkdtemp(prefix="omst-bench-"))
    tmp.mkdir(parents=True, exist_ok=True)
    cmds: list[Cmd] = []
    failures: list[str] = []
    items: dict[int, int] = {}
    checks: list[tuple[str, bool, str]] = []
    try:
        # Commands that do not depend on the plans.
        base_group = [
            Cmd("python -c pass", [python, "-c", "pass"], "floor", None),
            Cmd("python -c 'import yaml'", [python, "-c", "import yaml"], "floor", None),
            Cmd("python -c 'import typer'", [python, "-c", "import typer"], "peer", None),
            Cmd(
                "omst --help",
                [omst, "--help"],
                "omst",
                None,
                floor="python -c pass",
                peer="python -c 'import typer'",
            ),
        ]
        log("size-independent commands")
        measure(base_group, runs, args.timeout, memory, log)
        cmds += base_group
        pairs: dict[int, tuple[Path, Path]] = {}
        for size in sizes:
            started = time.perf_counter()
            if size == 1:
                plan = ROOT / "plan"
            else:
                plan = tmp / f"x{size}"
                done = capture([python, str(GENERATE), str(size), str(plan)], args.timeout)
                if done is None or done.returncode:
                    failures.append(f"generate.py {size} failed")
                    continue
            revision = tmp / f"x{size}-revision"
            done = capture(
                [
                    python,
                    str(GENERATE),
                    str(size),
                    str(revision),
                    "--changes",
                    str(changes_for(size)),
                ],
                args.timeout,
            )
            if done is None or done.returncode:
                failures.append(f"generate.py {size} --changes failed")
                continue
            pairs[size] = (plan, revision)
            items[size] = count_items(plan)
            mb = sum((plan / n).stat().st_size for n in (GP, VP)) / 2**20
            log(
                f"size {size}×: {items[size]:,} items, {mb:.1f} MB "
                f"(generated in {time.perf_counter() - started:.1f} s)"
            )
            # Every YAML file omst reads there (plan/ may hold more than the two plans).
            files = sorted(plan.rglob("*.yaml"))
            group = [
                Cmd("compose", compose_argv(python, files), "floor", size),
                Cmd(
                    "compose both sides",
                    compose_argv(python, [*files, *sorted(revision.rglob("*.yaml"))]),
                    "floor",
                    size,
                ),
            ]
            if cjs and size <= PEER_MAX_SIZE:
                group.append(
                    Cmd(
                        "check-jsonschema",
                        [
                            cjs,
                            "--schemafile",
                            str(ROOT / "schemas" / "genomforandeplan.schema.json"),
                            str(plan / GP),
                        ],
                        "peer",
                        size,
                        floor="compose",
                    )
                )
            if size == 1:
                # validate's start-up against the CLI framework's own, in the same rounds.
                group.append(
                    Cmd("python -c 'import typer'", [python, "-c", "import typer"], "peer", 1)
                )
                # What any validate built on typer, PyYAML and jsonschema-rs pays before it
                # reads a byte: the floor under that ratio.
                group.append(
                    Cmd(
                        "python -c 'import typer, yaml, jsonschema_rs'",
                        [python, "-c", "import typer, yaml, jsonschema_rs"],
                        "floor",
                        1,
                    )
                )
            peer = "check-jsonschema" if cjs and size <= PEER_MAX_SIZE else None
            plan_dir = ["--plan-dir", str(plan)]
            group += [
                Cmd(
                    "validate",
                    [omst, "validate", *plan_dir],
                    "omst",
                    size,
                    floor="compose",
                    peer=peer,
                ),
                Cmd(
                    "stats",
                    [omst, "stats", *plan_dir, "--format", "json"],
                    "omst",
                    size,
                    floor="compose",
                ),
                Cmd(
                    "link",
                    [omst, "link", *plan_dir, "--format", "json"],
                    "omst",
                    size,
                    floor="compose",
                ),
                Cmd(
                    "render",
                    [
                        omst,
                        "render",
                        *plan_dir,
                        "--out",
                        str(tmp / f"out-{size}"),
                        "--as-of",
                        "2025-01-01",
                    ],
                    "omst",
                    size,
                    floor="compose",
                ),
                Cmd(
                    "diff",
                    [omst, "diff", str(plan), str(revision), "--format", "json"],
                    "omst",
                    size,
                    floor="compose both sides",
                ),
            ]
            if size == 1:
                # The tertial round's forms: one workbook for each of the nine förvaltningar.
                group.append(
                    Cmd(
                        "report --all",
                        [
                            omst,
                            "report",
                            *plan_dir,
                            "--all",
                            "--tertial",
                            "T3 2024",
                            "--out-dir",
                            str(tmp / "forms"),
                        ],
                        "omst",
                        size,
                        floor="compose",
                    )
                )
            measure(group, runs, args.timeout, memory, log)
            cmds += group
        if not cjs:
            log("check-jsonschema is not installed (pip install check-jsonschema): no peer")

        # Correctness at the largest size.
        if pairs:
            largest = max(pairs)
            log(f"checking answers at {largest}×")
            for error_set in ("checks", "schema"):
                ok, detail = check_errors(omst, python, largest, tmp, error_set, args.timeout)
                checks.append(
                    (f"validate reports the planted errors ({error_set}) at {largest}×", ok, detail)
                )
            ok, detail = check_diff(omst, *pairs[largest], args.timeout)
            checks.append((f"diff reports the planted changes at {largest}×", ok, detail))
    finally:
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)

    failures += [
        f"{c.name}{f' at {c.size}×' if c.size else ''}: {c.problem}" for c in cmds if c.problem
    ]
    failures += [f"{name}: {detail}" for name, ok, detail in checks if not ok]
    startup = next((c.median for c in cmds if c.name == "python -c pass" and c.walls), 0.0)
    found = [] if args.smoke else verdicts(cmds)
    header = [
        "plans",
        "command",
        "median s",
        "min s",
        "max s",
        "peak MB",
        "× floor",
        "× peer",
        "target",
    ]
    if args.smoke:
        header = ["plans", "command", "exit", "s", "peak MB"]
        rows = [
            [
                "–" if c.size is None else f"{c.size}×",
                c.name,
                c.problem or f"{c.expect} as expected",
                f"{c.median:.3f}" if c.walls else "",
                f"{c.rss:.0f}",
            ]
            for c in cmds
        ]
        out = [table(header, rows, {3, 4})]
    else:
        out = [table(header, results_rows(cmds, found, items), {2, 3, 4, 5, 6, 7})]
        grow = growth(cmds, items, startup)
        if grow:
            big = max(s for s in items if s >= 100)
            out.append(
                f"Linear growth: time per item, the start-up of `python -c pass` "
                f"({startup:.3f} s) subtracted before dividing (omst's own imports "
                "stay in, which favours the smaller size); target: at "
                f"{big}× ≤ 1.3 times that at 10×.\n\n"
                + table(
                    ["command", "µs/item at 10×", f"µs/item at {big}×", "ratio", "≤ 1.3"],
                    grow,
                    {1, 2, 3},
                )
            )
    out.append(
        "\n".join(
            f"- {name}: {'ok' if ok else 'MISMATCH'} ({detail})" for name, ok, detail in checks
        )
        or "- no answers checked"
    )
    report = "\n\n".join(out)
    print(report)
    if failures:
        print("\nFAILED:\n" + "\n".join(f"- {f}" for f in failures))
    if not args.smoke:
        missed = sum(not v.met for v in found)
        print(f"\n{len(found) - missed} target(s) met, {missed} missed.")
    if args.write:
        nproc = os.cpu_count()
        command = "python bench/run.py" + "".join(f" {a}" for a in sys.argv[1:])
        version = capture([omst, "--version"], 60)
        head = capture(["git", "-C", str(ROOT), "describe", "--always", "--dirty"], 60)
        meta = (
            f"{datetime.date.today().isoformat()}, {nproc} CPUs (nproc), Python "
            f"{platform.python_version()} on {platform.system()} {platform.machine()}, "
            f"{version.stdout.strip() if version else 'omst'} (repository at "
            f"{head.stdout.strip() if head and head.returncode == 0 else '?'}): "
            f"`{command}`. Wall seconds: median of {runs} runs after a warm-up; peak MB: "
            "the largest ru_maxrss."
        )
        put_in_readme(START, END, f"{meta}\n\n{report}", "Results")
        log(f"wrote {README.relative_to(ROOT)}")
    return 1 if failures else 0


if __name__ == "__main__":
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    sys.exit(main())
