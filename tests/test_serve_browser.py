"""omst serve in a real browser (Chromium through Playwright, tests/browsing.py), on the
region's plans in a git repository of the test's own: the page follows the saves without a
reload and keeps its scroll position, an error shows a banner over the last good document
and goes with the fix, every page passes axe-core, works without JavaScript and prints
without the navigation."""

from __future__ import annotations

import hashlib
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from browsing import axe_violations, browser  # noqa: F401  (the fixture)
from helpers import ARTIFACTS, PLAN, REPO, init_repo

pytestmark = pytest.mark.browser

SUBAREA = "      - id: NV.2\n        namn: Samverkan\n"
PAGES = ["/", "/status", "/diff", "/findings", "/item/NV.2", "/item/VP.1"]


class Server:
    def __init__(self, root: Path) -> None:
        self.plan_dir = init_repo(root / "repo", PLAN)
        self.gp = self.plan_dir / "genomforandeplan.yaml"
        self.original = self.gp.read_text(encoding="utf-8")
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "omstallning",
                "serve",
                "--plan-dir",
                str(self.plan_dir),
                "--port",
                "0",
            ],
            stderr=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            text=True,
            env={**os.environ, "PYTHONPATH": str(REPO / "src")},
        )
        assert self.proc.stderr is not None
        line = self.proc.stderr.readline()
        found = re.search(r"(http://\S+)/", line)
        assert found, line
        self.url = found.group(1)

    def write(self, text: str) -> None:
        self.gp.write_text(text, encoding="utf-8")

    def stop(self) -> None:
        self.proc.send_signal(signal.SIGTERM)
        self.proc.communicate(timeout=10)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    running = Server(tmp_path_factory.mktemp("serve"))
    try:
        yield running
    finally:
        running.stop()


@pytest.fixture
def page(browser: Any, server: Server) -> Iterator[Any]:  # noqa: F811
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        yield context.new_page()
    finally:
        context.close()
        server.write(server.original)


def digest(folder: Path) -> str:
    h = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            h.update(path.name.encode() + path.read_bytes())
    return h.hexdigest()


def test_a_save_shows_on_the_open_page_without_a_reload(page: Any, server: Server):
    page.goto(server.url + "/")
    page.evaluate("window.notReloaded = true; window.scrollTo(0, 1500)")
    page.evaluate(
        """() => { window.liveStates = [];
        new MutationObserver(() => window.liveStates.push(
            document.getElementById('omst-live')?.textContent || '')).observe(
            document.documentElement, {subtree: true, childList: true, characterData: true}); }"""
    )
    server.write(server.original.replace(SUBAREA, SUBAREA.replace("Samverkan", "Samspel i länet")))
    page.locator("#NV\\.2").get_by_text("Samspel i länet").first.wait_for(timeout=5000)
    assert page.evaluate("window.notReloaded") is True
    assert page.evaluate("window.scrollY") == 1500
    assert "updating…" in page.evaluate("window.liveStates")


def test_broken_yaml_shows_a_banner_with_file_and_line_and_the_fix_takes_it_away(
    page: Any, server: Server
):
    page.goto(server.url + "/")
    server.write(server.original.replace(SUBAREA, SUBAREA.replace("Samverkan", "Samverkan: x")))
    banner = page.locator(".omst-banner")
    banner.wait_for(timeout=5000)
    assert re.search(r"genomforandeplan\.yaml:109:\d+", banner.inner_text())
    assert page.locator("#NV\\.1").is_visible()  # the rest of the document stays
    assert page.get_by_role("heading", name="Vision och perioder").is_visible()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "serve-banner.png"))
    server.write(server.original)
    banner.wait_for(state="detached", timeout=5000)


@pytest.mark.parametrize("path", PAGES)
def test_each_page_passes_axe_core(browser: Any, server: Server, path: str):  # noqa: F811
    context = browser.new_context(bypass_csp=True)
    try:
        tab = context.new_page()
        tab.goto(server.url + path)
        assert axe_violations(tab) == []
    finally:
        context.close()


@pytest.mark.parametrize("path", PAGES)
def test_each_page_works_without_javascript(browser: Any, server: Server, path: str):  # noqa: F811
    context = browser.new_context(java_script_enabled=False)
    try:
        tab = context.new_page()
        answer = tab.goto(server.url + path)
        assert answer is not None and answer.status == 200
        assert tab.locator("main").first.inner_text().strip()
        assert tab.get_by_role("navigation", name=re.compile("omst")).is_visible()
    finally:
        context.close()


def test_the_pages_print_without_the_navigation(page: Any, server: Server):
    page.goto(server.url + "/status")
    page.emulate_media(media="print")
    assert not page.locator(".omst-header").is_visible()
    assert page.locator("main").is_visible()


def test_the_page_makes_no_request_beyond_this_server(page: Any, server: Server):
    urls: list[str] = []
    page.on("request", lambda request: urls.append(request.url))
    for path in PAGES:
        page.goto(server.url + path)
    assert [u for u in urls if not u.startswith(server.url + "/")] == []


def test_the_browser_tests_wrote_nothing_under_the_plan_folder_but_their_edits(server: Server):
    before = digest(server.plan_dir)
    server.write(server.original)
    time.sleep(0.3)
    assert digest(server.plan_dir) == before
