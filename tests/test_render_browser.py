"""The rendered HTML of the real plans in a real browser: the system's headless Chromium
driven by Playwright (tests/browsing.py). Run only these with `pytest -m browser`, leave them
out with `pytest -m "not browser"`.

Chromium runs offline, and every request the page makes is recorded. The screenshot lands in
tests/artifacts/ (git-ignored) for a person to look at.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from browsing import browser  # noqa: F401  (the fixture)
from helpers import ARTIFACTS, PLAN, copy_plans, expect_exit, omst

pytestmark = pytest.mark.browser

HTML = "inriktningsdokument.html"


@pytest.fixture(scope="module")
def document(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real plans rendered to HTML, --as-of 2024-06-01."""
    root = tmp_path_factory.mktemp("browser")
    plan_dir = copy_plans(PLAN, root / "plan")
    run = omst(
        "render",
        "--plan-dir",
        plan_dir,
        "--as-of",
        "2024-06-01",
        "--format",
        "html",
        "--out",
        root / "out",
    )
    expect_exit(run, 0)
    return root / "out" / HTML


class Recorded:
    """A page with every request it makes recorded."""

    def __init__(self, page: Any) -> None:
        self.page = page
        self.urls: list[str] = []
        page.on("request", lambda request: self.urls.append(request.url))

    def open(self, url: str) -> Recorded:
        self.page.goto(url, wait_until="load")
        return self


@pytest.fixture
def tab(browser: Any) -> Iterator[Recorded]:  # noqa: F811
    context = browser.new_context()
    try:
        yield Recorded(context.new_page())
    finally:
        context.close()


class Elements(HTMLParser):
    def __init__(self, text: str) -> None:
        super().__init__()
        self.attrs: list[tuple[str, dict[str, str | None]]] = []
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.attrs.append((tag, dict(attrs)))


@pytest.fixture(scope="module")
def dom(browser: Any, document: Path) -> Elements:  # noqa: F811
    """The DOM as Chromium built it."""
    context = browser.new_context()
    try:
        page = context.new_page()
        page.goto(document.as_uri(), wait_until="load")
        return Elements(page.content())
    finally:
        context.close()


def test_every_table_of_contents_link_resolves_in_the_rendered_dom(dom: Elements):
    ids = {a["id"] for _, a in dom.attrs if a.get("id")}
    hrefs = [a["href"] for tag, a in dom.attrs if tag == "a" and a.get("href")]
    assert len(hrefs) > 50
    assert [h for h in hrefs if not (h.startswith("#") and h[1:] in ids)] == []


def test_rendered_dom_points_nowhere_outside_the_file(dom: Elements):
    external = [
        (tag, name, value)
        for tag, a in dom.attrs
        for name, value in a.items()
        if name in ("src", "href", "srcset", "action", "data", "poster")
        and value
        and not value.startswith("#")
    ]
    assert external == []


def test_page_loads_nothing_but_itself(tab: Recorded, document: Path):
    assert tab.open(document.as_uri()).urls == [document.as_uri()]


def test_the_network_check_sees_an_external_resource(tab: Recorded, tmp_path: Path):
    """The check above can fail: a page with an external image makes a request it sees."""
    page = tmp_path / "extern.html"
    page.write_text(
        '<!DOCTYPE html><html><body><img src="http://example.invalid/x.png"></body></html>',
        encoding="utf-8",
    )
    assert "http://example.invalid/x.png" in tab.open(page.as_uri()).urls


def test_every_toc_anchor_has_a_target_in_the_live_page(tab: Recorded, document: Path):
    missing = tab.open(document.as_uri()).page.evaluate(
        """() => [...document.querySelectorAll('nav a[href^="#"]')]
            .map(a => a.getAttribute('href'))
            .filter(h => !document.getElementById(decodeURIComponent(h.slice(1))))"""
    )
    assert missing == []


def test_screenshot_is_saved_for_a_person_to_look_at(browser: Any, document: Path):  # noqa: F811
    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / "inriktningsdokument.png"
    shot.unlink(missing_ok=True)
    context = browser.new_context(viewport={"width": 1280, "height": 2000})
    try:
        page = context.new_page()
        page.goto(document.as_uri(), wait_until="load")
        page.screenshot(path=str(shot))
    finally:
        context.close()
    data = shot.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    assert (int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")) == (1280, 2000)
    assert len(data) > 50_000, "a blank page compresses to almost nothing"


def test_prints_to_a_pdf_of_several_pages(tab: Recorded, document: Path):
    data = tab.open(document.as_uri()).page.pdf(format="A4")
    assert data.startswith(b"%PDF-")
    pages = len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", data))
    assert pages >= 10, f"{pages} pages: the plans fill many A4 pages"
