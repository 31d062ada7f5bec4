"""Time `omst import` against its floors: a filled form on the region's plans, a form with
5 000 status rows on the 100× plans, and a zip bomb.

    python bench/importing.py              # 5 runs each
    python bench/importing.py --runs 3 --write

The forms are written with xlsxwriter (omst's own dependency) the way `omst report` lays
them out (reading/form.py): the region's form has nine status rows, three answered, and
one outcome; the large one has 5 000 status rows about the 100× plans' areas, subareas,
work streams and effect-goal rows, each with two points and a traffic light. Each run
imports into a fresh copy of the förvaltning's file, so every run does the whole merge.
The floor of each is `omst validate` on the same plans (import checks the plans once, with
its edit in place; from the second round on, validate reads the förvaltning's file as the
import before it left it, so its peak is that of the plans the import writes); the memory
target is the issue's, for the 5 000-row form: peak RSS ≤ that floor plus 3× the workbook's
unpacked size (the zip bomb is held to its floor plus 3× its size on disk; the region's form
has a time target only). Whole processes, interleaved, medians (run.py's run_once).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import bytecode, put_in_readme, run_once

ROOT = Path(__file__).resolve().parents[1]
START, END = "<!-- import -->", "<!-- /import -->"
TERTIAL = "T3 2024"
LIGHTS = ("Målet kommer att uppnås", "Målet kommer delvis att uppnås", "Ej bedömd")
TIMEOUT = 300.0


def write_form(path: Path, rows: list[tuple[str, str]], answered: int, outcome: bool) -> None:
    """A filled form: `rows` are (ID, Avser) of the Status sheet; the first `answered` are
    filled with points (å, an en dash, a colon, quotes) and a word from the dropdown."""
    import xlsxwriter

    from omstallning.reading import form

    book = xlsxwriter.Workbook(str(path))
    book.add_worksheet(form.INSTRUCTIONS).write(0, 0, "Fyll i de gula cellerna.")
    status = book.add_worksheet(form.STATUS)
    status.write_row(0, 0, form.STATUS_COLUMNS)
    for r, (id_, avser) in enumerate(rows, start=1):
        status.write_row(r, 0, [id_, avser, f"Namn på {avser}"])
        if r <= answered:
            status.write(r, 3, f'Läget för {avser}: "på väg" – åtgärd {r}\nNästa steg i år')
            status.write(r, 4, LIGHTS[r % len(LIGHTS)])
    indicators = book.add_worksheet(form.INDICATORS)
    indicators.write_row(0, 0, form.INDICATOR_COLUMNS)
    indicator_rows = [("SKAS.I1", TERTIAL)]
    indicators.write_row(1, 0, ["SKAS.I1", "Andel", TERTIAL, "47,5 %" if outcome else "", "", "%"])
    meta = book.add_worksheet(form.METADATA)
    values = {
        form.META_FORVALTNING: "SKAS",
        form.META_TERTIAL: TERTIAL,
        form.META_COMMIT: "",
        form.META_PLANS: "{}",
        form.META_VERSION: "bench",
        form.META_ROWS_STATUS: json.dumps([list(r) for r in rows]),
        form.META_ROWS_INDICATORS: json.dumps([list(r) for r in indicator_rows]),
    }
    for r, (key, value) in enumerate(values.items()):
        meta.write(r, 0, key)
        for c, chunk in enumerate(form.chunks(value), start=1):
            meta.write_string(r, c, chunk)
    meta.hide()
    book.close()


def unpacked(path: Path) -> int:
    with zipfile.ZipFile(path) as z:
        return sum(i.file_size for i in z.infolist())


def bomb(source: Path, path: Path, size: int) -> None:
    """`source` with its Status sheet replaced by `size` bytes of spaces (deflated ~1000:1)."""
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            if item.filename != "xl/worksheets/sheet2.xml":
                dst.writestr(item.filename, src.read(item))
        with dst.open("xl/worksheets/sheet2.xml", "w", force_zip64=True) as handle:
            block = b" " * (1 << 20)
            for _ in range(size >> 20):
                handle.write(block)


def plan_ids(folder: Path) -> list[str]:
    """Areas, subareas, work streams and effect-goal rows of generated plans, in order."""
    import re

    pattern = re.compile(r"^\s*- id: ([A-Z]{2,4}(?:\.[0-9]+(?:\.E[0-9]+)?)?)\s*$", re.M)
    found: list[str] = []
    for name in ("genomforandeplan.yaml", "verksamhetsplan.yaml"):
        found += pattern.findall((folder / name).read_text(encoding="utf-8"))
    return [i for i in dict.fromkeys(found) if i not in ("GP", "VP")]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--rows", type=int, default=5000)
    parser.add_argument("--write", action="store_true", help="put the figures in README.md")
    args = parser.parse_args()
    omst = shutil.which("omst", path=str(Path(sys.executable).parent)) or shutil.which("omst")
    if not omst:
        print("omst is not installed next to this Python or on PATH", file=sys.stderr)
        return 2
    bytecode()
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        region = base / "region" / "plan"
        shutil.copytree(ROOT / "plan", region)
        large = base / "large" / "plan"
        subprocess.run(
            [sys.executable, str(ROOT / "bench" / "generate.py"), "100", str(large)],
            check=True,
            capture_output=True,
        )
        shutil.copytree(ROOT / "plan" / "forvaltningar", large / "forvaltningar")
        small_rows = [("", a) for a in ("NV", "PR", "KV", "KF", "BU", "VP.1", "VP.2", "VP.3")]
        write_form(base / "skas.xlsx", small_rows, 3, True)
        ids = plan_ids(large)
        if len(ids) < args.rows:
            print(f"the 100× plans have {len(ids)} items to report on", file=sys.stderr)
            return 2
        write_form(base / "skas-large.xlsx", [("", i) for i in ids[: args.rows]], args.rows, True)
        bomb(base / "skas.xlsx", base / "skas-bomb.xlsx", 1 << 30)

        def importing(plan: Path, book: str, expect: int = 0) -> list[str]:
            original = plan / "forvaltningar" / "skas.yaml"
            keep = base / f"{plan.parent.name}-skas.yaml"
            shutil.copy(original, keep)
            script = (
                f"cp {keep} {original} && {omst} import {base / book} "
                f"--plan-dir {plan} --tertial '{TERTIAL}' >/dev/null 2>&1; test $? = {expect}"
            )
            return ["sh", "-c", script]

        cmds = {
            "validate, region": [omst, "validate", "--plan-dir", str(region)],
            "import, region": importing(region, "skas.xlsx"),
            "validate, 100×": [omst, "validate", "--plan-dir", str(large)],
            f"import {args.rows} rows, 100×": importing(large, "skas-large.xlsx"),
            "import zip bomb, region": importing(region, "skas-bomb.xlsx", 1),
        }
        walls: dict[str, list[float]] = {name: [] for name in cmds}
        rss: dict[str, float] = dict.fromkeys(cmds, 0.0)
        for round_ in range(args.runs + 1):
            for name, argv in cmds.items():
                wall, peak, rc = run_once(argv, TIMEOUT)
                if rc != 0:
                    print(f"{name}: exit {rc} (None: timed out)", file=sys.stderr)
                    return 1
                rss[name] = max(rss[name], peak)
                if round_:
                    walls[name].append(wall)
        sizes = {
            "import, region": unpacked(base / "skas.xlsx"),
            f"import {args.rows} rows, 100×": unpacked(base / "skas-large.xlsx"),
            "import zip bomb, region": (base / "skas-bomb.xlsx").stat().st_size,
        }
    med = {name: statistics.median(w) for name, w in walls.items()}
    floors = {
        "import, region": "validate, region",
        f"import {args.rows} rows, 100×": "validate, 100×",
        "import zip bomb, region": "validate, region",
    }
    targets = {"import, region": 1.0, f"import {args.rows} rows, 100×": 5.0}
    targets["import zip bomb, region"] = 1.0
    # The issue sets the memory bound on the 5 000-row form (memory that grows with the
    # workbook), and asks the zip bomb be refused "without growing memory"; the region's
    # form has a time target only, and its peak is shown against validate's for reference.
    memory_targets = {f"import {args.rows} rows, 100×", "import zip bomb, region"}
    lines = [
        f"{args.runs} runs, interleaved, medians ({time.strftime('%Y-%m-%d')}, "
        f"{os.cpu_count()} CPUs, Python {sys.version.split()[0]}):",
        "",
        "| command | median s | × its floor | peak MB | target |",
        "|---|---:|---:|---:|---|",
    ]
    for name in cmds:
        if name in floors:
            floor = floors[name]
            limit = rss[floor] + 3 * sizes[name] / 2**20
            time_ok = med[name] <= targets[name]
            mem_ok = rss[name] <= limit
            verdict = f"≤ {targets[name]:g} s: {'met' if time_ok else 'MISSED'}; " + (
                f"≤ {limit:.0f} MB (floor + 3× {sizes[name] / 2**20:.1f} MB"
                f"{' in the file' if 'bomb' in name else ' unpacked'}): "
                f"{'met' if mem_ok else 'MISSED'}"
                if name in memory_targets
                else f"no memory target ({rss[name] - rss[floor]:+.1f} MB on validate's peak)"
            )
            ratio = f"{med[name] / med[floor]:.2f}"
        else:
            verdict, ratio = "floor", "1.00"
        lines.append(f"| {name} | {med[name]:.3f} | {ratio} | {rss[name]:.0f} | {verdict} |")
    table = "\n".join(lines) + "\n"
    print(table)
    if args.write:
        put_in_readme(
            START,
            END,
            table,
            "Import",
            "`python bench/importing.py` (see its docstring) times `omst import` of a filled "
            "form, of a form with 5 000 status rows against the 100× plans, and of a zip "
            "bomb (1 GiB unpacked), each against `omst validate` on the same plans.\n\n",
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
