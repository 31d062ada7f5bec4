"""Benchmark of `omst serve`: the issue's performance lines, measured on one run.

    python bench/serve.py                    # sizes 1 and 100, 200 re-renders
    python bench/serve.py --sizes 1 --renders 50
    python bench/serve.py --write            # and put the table into bench/README.md

Each size gets a git repository of its own with the plans (`generate.py N`; 1 is the
region's plans) and one `omst serve` process on a free loopback port. Measured:

- save → updated page: a real Chromium (the system's, through Playwright) has `/` open; the
  subarea NV.2 is renamed in genomforandeplan.yaml and the clock (the page's own) runs from
  the write until the frame with the new name is painted (no reload). Five saves, median
  and slowest; and when the page's "updating…" showed, and whether it stayed until the new
  name was in.
- a page request while idle: `GET /` (and the other pages) over one keep-alive connection,
  100 times each once the page is made; median, 95th percentile, slowest.
- 50 concurrent page requests right after a save (as soon as its document is made, while
  the server makes the other pages of the new generation): each answered, and the slowest.
- memory over N re-renders: the server's resident set (VmRSS) after 10 re-renders, and after
  N more, each started by a save and awaited on the page's event stream.

Nothing here asserts in CI; the figures and the targets they are read against are printed.
Requests go only to 127.0.0.1, bounded in count and time.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import NamedTuple

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import GIT_ENV, put_in_readme

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
BEGIN, END = "<!-- serve:begin -->", "<!-- serve:end -->"
SUBAREA = "      - id: NV.2\n        namn: Samverkan\n"
PAGES = ["/", "/status", "/diff", "/findings", "/item/NV.2", "/item/VP.1"]


def git(repo: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-C", str(repo), *args],
        check=True,
        capture_output=True,
        env={**os.environ, **GIT_ENV},
    )


def plans(size: int, root: Path) -> Path:
    repo = root / f"repo-{size}"
    plan_dir = repo / "plan"
    subprocess.run(
        [sys.executable, str(HERE / "generate.py"), str(size), str(plan_dir)],
        check=True,
        capture_output=True,
    )
    git(repo, "init", "--quiet", "--initial-branch=main")
    git(repo, "add", "--all")
    git(repo, "commit", "--quiet", "-m", "plans")
    return plan_dir


class Server:
    def __init__(self, plan_dir: Path) -> None:
        self.gp = plan_dir / "genomforandeplan.yaml"
        self.original = self.gp.read_text(encoding="utf-8")
        assert self.original.count(SUBAREA) == 1, "NV.2 is not where the benchmark edits"
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "omstallning",
                "serve",
                "--plan-dir",
                str(plan_dir),
                "--port",
                "0",
            ],
            stderr=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            text=True,
            env={**os.environ, "OMST_LANG": "en"},
        )
        assert self.proc.stderr is not None
        line = self.proc.stderr.readline()
        found = re.search(r"(http://\S+)/", line)
        if not found:
            self.proc.kill()
            raise SystemExit(f"omst serve did not start: {line}")
        self.url = found.group(1)
        self.generation = 0
        self._changed = threading.Condition()
        threading.Thread(target=self._listen, daemon=True).start()

    def _listen(self) -> None:
        with (
            httpx.Client(timeout=None) as client,
            client.stream("GET", self.url + "/events") as stream,
        ):
            event = ""
            for line in stream.iter_lines():
                if line.startswith("event: "):
                    event = line[7:]
                elif line.startswith("data: ") and event == "update":
                    with self._changed:
                        self.generation = int(line[6:])
                        self._changed.notify_all()

    def save(self, name: str) -> None:
        self.gp.write_text(
            self.original.replace(SUBAREA, SUBAREA.replace("Samverkan", name)),
            encoding="utf-8",
        )

    def rerender(self, name: str, timeout: float = 120) -> float:
        """Save, and wait for the server's next generation; the seconds it took."""
        with self._changed:
            before = self.generation
        began = time.perf_counter()
        self.save(name)
        with self._changed:
            if not self._changed.wait_for(lambda: self.generation > before, timeout):
                raise SystemExit(f"no re-render within {timeout} s")
        return time.perf_counter() - began

    def rss_mb(self) -> float:
        status = Path(f"/proc/{self.proc.pid}/status").read_text()
        kb = int(re.search(r"VmRSS:\s+(\d+)", status).group(1))  # type: ignore[union-attr]
        return kb / 1024

    def stop(self) -> None:
        self.gp.write_text(self.original, encoding="utf-8")
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()


# Watches the page from just before a save, on the page's own clock: when "updating…" first
# shows, whether it is still shown when the new name comes into the page, and when the frame
# with the new name is painted. (Playwright's wait_for polls at up to 500 ms: its clock
# would add that much to a save that shows in 300 ms.)
WATCH_BUSY = """(name) => {
    window.busyAt = null; window.busyUntilSwap = null; window.shownAt = null;
    window.savedAt = performance.now();
    let clearedEarly = false;
    const observer = new MutationObserver(() => {
        const live = document.getElementById('omst-live');
        const item = document.getElementById('NV.2');
        const swapped = !!item && item.textContent.includes(name);
        if (!swapped && live && live.textContent && window.busyAt === null) {
            window.busyAt = performance.now();
        }
        if (!swapped && live && !live.textContent && window.busyAt !== null) {
            clearedEarly = true;
        }
        if (swapped) {
            window.busyUntilSwap = window.busyAt !== null && !clearedEarly;
            observer.disconnect();
            // Shown: the browser has laid out and painted the frame with the new name.
            requestAnimationFrame(() => setTimeout(() => {
                window.shownAt = performance.now();
            }, 0));
        }
    });
    observer.observe(document.documentElement,
        {subtree: true, childList: true, characterData: true, attributes: true});
}"""


class Saves(NamedTuple):
    times: list[float]  # save → the frame with the new name painted, seconds
    busy: list[float]  # save → "updating…" shown, seconds
    shown: int  # saves whose "updating…" showed until the new content was in


def save_to_page(server: Server, runs: int) -> Saves:
    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium")
    if chromium is None:
        raise SystemExit("chromium is not installed (apt-get install chromium)")
    times, busy, shown = [], [], 0
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
        page = browser.new_page()
        page.goto(server.url + "/", timeout=120_000)
        page.evaluate("window.notReloaded = true")
        for n in range(runs):
            name = f"Samverkan körning {n}"
            page.evaluate(WATCH_BUSY, name)
            server.save(name)
            page.locator("#NV\\.2").get_by_text(name).first.wait_for(timeout=120_000)
            page.wait_for_function("window.shownAt !== null", timeout=120_000)
            times.append(page.evaluate("window.shownAt - window.savedAt") / 1000)
            at, until = page.evaluate(
                "[window.busyAt === null ? null : window.busyAt - window.savedAt, "
                "window.busyUntilSwap]"
            )
            if at is not None:
                busy.append(at / 1000)
            shown += bool(until)
            time.sleep(0.3)
        assert page.evaluate("window.notReloaded") is True
        browser.close()
    return Saves(times, busy, shown)


def idle(server: Server, count: int) -> dict[str, list[float]]:
    found: dict[str, list[float]] = {}
    with httpx.Client(timeout=60) as client:
        for path in PAGES:
            client.get(server.url + path).raise_for_status()  # made once
            times = []
            for _ in range(count):
                began = time.perf_counter()
                client.get(server.url + path).raise_for_status()
                times.append(time.perf_counter() - began)
            found[path] = times
    return found


def concurrent_requests(server: Server, count: int) -> tuple[list[float], list[int]]:
    """`count` requests at once, right after a save. The clients and their threads are made
    before the save: made meanwhile, their start-up (an SSL context each, under this
    process's one interpreter lock) was counted in the requests' times."""
    clients = [httpx.Client(timeout=60) for _ in range(count)]
    targets = [PAGES[i % len(PAGES)] for i in range(count)]
    started = threading.Barrier(count)

    def get(client: httpx.Client, path: str) -> tuple[float, int]:
        began = time.perf_counter()
        status = client.get(server.url + path).status_code
        return time.perf_counter() - began, status

    try:
        with concurrent.futures.ThreadPoolExecutor(count) as pool:
            list(pool.map(lambda _n: started.wait(), range(count)))  # every thread running
            server.rerender("Samverkan samtidigt")
            answers = list(pool.map(get, clients, targets))
    finally:
        for client in clients:
            client.close()
    return [t for t, _ in answers], [s for _, s in answers]


def memory(server: Server, renders: int) -> tuple[float, float, float]:
    for n in range(10):
        server.rerender(f"Samverkan uppvärmning {n}")
    start = server.rss_mb()
    per = [server.rerender(f"Samverkan {n}") for n in range(renders)]
    return start, server.rss_mb(), statistics.median(per)


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms" if seconds < 10 else f"{seconds:.1f} s"


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p * (len(ordered) - 1)))]


def measure(size: int, root: Path, renders: int) -> list[list[str]]:
    plan_dir = plans(size, root)
    server = Server(plan_dir)
    rows = []
    try:
        limit = 1.0 if size == 1 else 5.0
        saves = save_to_page(server, 5)
        rows.append(
            [
                f"{size}×",
                "save → updated page in Chromium (5 saves)",
                f"median {ms(statistics.median(saves.times))}, slowest {ms(max(saves.times))}",
                f"≤ {limit:.0f} s",
                "met" if max(saves.times) <= limit else "MISSED",
            ]
        )
        rows.append(
            [
                f"{size}×",
                "save → “updating…” in the page, shown until the new content is in",
                (f"median {ms(statistics.median(saves.busy))}, " if saves.busy else "")
                + f"shown until the swap in {saves.shown} of 5 saves",
                "shown at 100×" if size != 1 else "",
                ("met" if saves.shown == 5 else "MISSED") if size != 1 else "",
            ]
        )
        for path, times in idle(server, 100 if size == 1 else 20).items():
            rows.append(
                [
                    f"{size}×",
                    f"idle GET {path}",
                    f"median {ms(statistics.median(times))}, p95 {ms(percentile(times, 0.95))}, "
                    f"slowest {ms(max(times))}",
                    "≤ 50 ms at 1×" if path == "/" and size == 1 else "",
                    ("met" if percentile(times, 0.95) <= 0.05 else "MISSED")
                    if path == "/" and size == 1
                    else "",
                ]
            )
        if size == 1:
            times, statuses = concurrent_requests(server, 50)
            ok = statuses.count(200)
            rows.append(
                [
                    "1×",
                    "50 concurrent requests right after a save (its document made, the "
                    "other pages being made)",
                    f"{ok}/50 answered 200, median {ms(statistics.median(times))}, "
                    f"slowest {ms(max(times))}",
                    "all answered, none > 1 s",
                    "met" if ok == 50 and max(times) <= 1.0 else "MISSED",
                ]
            )
            start, end, per = memory(server, renders)
            growth = (end - start) / start * 100
            rows.append(
                [
                    "1×",
                    f"memory over {renders} re-renders (each {ms(per)} median, save → "
                    "new generation)",
                    f"RSS {start:.0f} MB → {end:.0f} MB ({growth:+.1f} %)",
                    "≤ 10 % growth",
                    "met" if growth <= 10 else "MISSED",
                ]
            )
    finally:
        server.stop()
    return rows


def table(rows: list[list[str]]) -> str:
    head = ["size", "what", "figure", "target", ""]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1,100")
    parser.add_argument("--renders", type=int, default=200)
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    rows: list[list[str]] = []
    with tempfile.TemporaryDirectory(prefix="omst-serve-bench-") as tmp:
        for size in (int(s) for s in args.sizes.split(",")):
            rows += measure(size, Path(tmp), args.renders)
            print(table(rows), flush=True)
    commit = subprocess.run(
        ["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    block = (
        f"{time.strftime('%Y-%m-%d')}, {os.cpu_count()} CPUs, Python "
        f"{sys.version.split()[0]}, repository at {commit}: `python bench/serve.py "
        f"--sizes {args.sizes} --renders {args.renders}`, one run.\n\n" + table(rows)
    )
    print("\n" + block)
    if args.write:
        put_in_readme(BEGIN, END, block, "omst serve")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
