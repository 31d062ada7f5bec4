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
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import uvicorn

from browsing import axe_violations, browser  # noqa: F401  (the fixture)
from helpers import ARTIFACTS, PLAN, REPO, init_repo
from omstallning.web.app import create_app
from omstallning.web.server import allowed_hosts, bind
from omstallning.web.site import Settings, Site

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


def test_a_save_puts_only_what_changed_in_the_open_page(page: Any, server: Server):
    page.goto(server.url + "/")
    # A mark the page's own HTML cannot carry: it stays only on an element that is kept.
    page.evaluate("document.getElementById('PR').omstKept = true")
    page.evaluate("document.getElementById('NV.1').omstKept = true")
    server.write(server.original.replace(SUBAREA, SUBAREA.replace("Samverkan", "Samspel i länet")))
    page.locator("#NV\\.2").get_by_text("Samspel i länet").first.wait_for(timeout=5000)
    assert page.evaluate("document.getElementById('PR').omstKept") is True
    assert page.evaluate("document.getElementById('NV.1').omstKept") is True


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


class HeldSite(Site):
    """A site whose re-render waits until the test lets it go: a build as slow as one of
    the 100× plans, made slow on purpose here, so that the page's state while it lasts can
    be looked at for as long as the test needs."""

    def __init__(self, settings: Settings) -> None:
        super().__init__(settings)
        self.hold = threading.Event()
        self.hold.set()
        self.hold_pages = threading.Event()
        self.hold_pages.set()

    def build(self) -> None:
        self.hold.wait(60)
        super().build()

    def fill(self, stop: Callable[[], bool] = lambda: False) -> bool:
        self.hold_pages.wait(60)
        return super().fill(stop)


@pytest.fixture
def held(tmp_path: Path) -> Iterator[tuple[HeldSite, str]]:
    """omst serve's application on a held site of the region's plans, in Swedish, under
    uvicorn in a thread of the test's own."""
    plan_dir = init_repo(tmp_path / "repo", PLAN)
    site = HeldSite(Settings(plan_dir, None, "sv", None))
    site.build()
    sock = bind("127.0.0.1", 0)
    app = create_app(site, allowed_hosts("127.0.0.1"))
    config = uvicorn.Config(app, lifespan="on", log_level="warning", timeout_graceful_shutdown=1)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    try:
        yield site, f"http://127.0.0.1:{sock.getsockname()[1]}/"
    finally:
        site.hold.set()
        site.hold_pages.set()
        server.should_exit = True
        thread.join(10)
        sock.close()


def test_the_page_says_uppdaterar_from_the_save_until_the_new_content_is_in(
    browser: Any,  # noqa: F811
    held: tuple[HeldSite, str],
):
    site, url = held
    context = browser.new_context(locale="sv-SE", bypass_csp=True)
    try:
        page = context.new_page()
        page.goto(url)
        live = page.locator("#omst-live")
        assert live.inner_text() == ""
        site.hold.clear()
        gp = site.settings.plan_dir / "genomforandeplan.yaml"
        gp.write_text(
            gp.read_text(encoding="utf-8").replace(
                SUBAREA, SUBAREA.replace("Samverkan", "Samspel i länet")
            ),
            encoding="utf-8",
        )
        page.wait_for_function(
            "document.getElementById('omst-live').textContent === 'uppdaterar…'", timeout=10_000
        )
        assert page.locator("body").get_attribute("aria-busy") == "true"
        assert page.get_by_role("status").inner_text() == "uppdaterar…"
        assert axe_violations(page) == []
        assert page.get_by_text("Samspel i länet").count() == 0
        site.hold.set()
        page.locator("#NV\\.2").get_by_text("Samspel i länet").first.wait_for(timeout=30_000)
        page.wait_for_function(
            "document.getElementById('omst-live').textContent === ''", timeout=10_000
        )
        assert page.locator("body").get_attribute("aria-busy") == "false"
    finally:
        context.close()


def test_a_page_other_than_the_document_says_uppdaterar_until_its_own_new_version_is_in(
    browser: Any,  # noqa: F811
    held: tuple[HeldSite, str],
):
    site, url = held
    context = browser.new_context(locale="sv-SE")
    try:
        page = context.new_page()
        page.goto(url + "item/NV.2")
        fetched: list[str] = []
        page.on("request", lambda r: fetched.append(r.url) if r.url.endswith("NV.2") else None)
        site.hold_pages.clear()
        gp = site.settings.plan_dir / "genomforandeplan.yaml"
        with page.expect_response(url + "item/NV.2", timeout=30_000):
            gp.write_text(
                gp.read_text(encoding="utf-8").replace(
                    SUBAREA, SUBAREA.replace("Samverkan", "Samspel i länet")
                ),
                encoding="utf-8",
            )
        # The document is new; this page's new version is not made yet: it says so, and
        # waits for the server to say the page is made rather than asking again and again.
        page.wait_for_timeout(500)
        assert page.locator("#omst-live").inner_text() == "uppdaterar…"
        assert len(fetched) == 1
        assert page.get_by_text("Samspel i länet").count() == 0
        site.hold_pages.set()
        page.get_by_role("heading", name=re.compile("Samspel i länet")).wait_for(timeout=30_000)
        page.wait_for_function(
            "document.getElementById('omst-live').textContent === ''", timeout=10_000
        )
    finally:
        context.close()
