"""The rendered HTML of the real plans in a real browser: headless Chromium (the Debian
package, /usr/bin/chromium). Result only these with `pytest -m browser`, leave them out with
`pytest -m "not browser"`.

Chromium runs offline: every host name resolves to nothing (--host-resolver-rules), and a
small DevTools client over --remote-debugging-pipe (stdlib only) records every request the
page makes. The screenshot lands in tests/artifacts/ (git-ignored) for a person to look at.
Each Chromium run is bounded by 60 s.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import re
import select
import shutil
import subprocess
import time
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from helpers import ARTIFACTS, PLAN, copy_plans, expect_exit, omst

pytestmark = pytest.mark.browser

TIMEOUT = 60
HTML = "inriktningsdokument.html"


@pytest.fixture(scope="module")
def chromium() -> str:
    path = shutil.which("chromium")
    if path is None:
        pytest.skip("chromium not installed: apt-get install chromium")
    return path


def flags(chromium: str, profile: Path) -> list[str]:
    return [
        chromium,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-extensions",
        "--disable-default-apps",
        "--mute-audio",
        f"--user-data-dir={profile}",
        "--host-resolver-rules=MAP * ~NOTFOUND",
    ]


def run_chromium(chromium: str, profile: Path, *args: str) -> subprocess.CompletedProcess:
    result = subprocess.run(
        [*flags(chromium, profile), *args],
        capture_output=True,
        timeout=TIMEOUT,
        stdin=subprocess.DEVNULL,
        check=False,
    )
    assert result.returncode == 0, result.stderr.decode(errors="replace")[-2000:]
    return result


class DevTools:
    """Just enough of the Chrome DevTools protocol, over --remote-debugging-pipe: Chromium
    reads NUL-terminated JSON messages on its fd 3 and writes them on its fd 4."""

    def __init__(self, chromium: str, profile: Path) -> None:
        to_chrome_r, self._out = os.pipe()
        self._in, from_chrome_w = os.pipe()

        def as_fd_3_and_4() -> None:  # in the child: high copies first, so none clobbers
            a = fcntl.fcntl(to_chrome_r, fcntl.F_DUPFD, 10)
            b = fcntl.fcntl(from_chrome_w, fcntl.F_DUPFD, 10)
            os.dup2(a, 3)
            os.dup2(b, 4)

        self.proc = subprocess.Popen(
            [*flags(chromium, profile), "--remote-debugging-pipe", "about:blank"],
            pass_fds=(3, 4),
            preexec_fn=as_fd_3_and_4,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        os.close(to_chrome_r)
        os.close(from_chrome_w)
        self.deadline = time.monotonic() + TIMEOUT
        self.events: list[dict[str, Any]] = []
        self._buffer = b""
        self._id = 0

    def _receive(self) -> dict[str, Any]:
        while b"\0" not in self._buffer:
            left = self.deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError(f"chromium did not answer within {TIMEOUT} s")
            if select.select([self._in], [], [], left)[0]:
                chunk = os.read(self._in, 1 << 16)
                if not chunk:
                    raise EOFError("chromium closed the DevTools pipe")
                self._buffer += chunk
        message, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(message)

    def call(self, method: str, session: str | None = None, **params: Any) -> dict[str, Any]:
        self._id += 1
        message: dict[str, Any] = {"id": self._id, "method": method, "params": params}
        if session:
            message["sessionId"] = session
        os.write(self._out, json.dumps(message).encode() + b"\0")
        while True:
            answer = self._receive()
            if answer.get("id") == self._id:
                if "error" in answer:
                    raise RuntimeError(f"{method}: {answer['error']}")
                return answer["result"]
            self.events.append(answer)

    def wait_for(self, event: str) -> dict[str, Any]:
        while not any(e.get("method") == event for e in self.events):
            self.events.append(self._receive())
        return next(e for e in self.events if e.get("method") == event)

    def open(self, url: str) -> str:
        """A new tab with the network recorded, `url` loaded; returns its session."""
        target = self.call("Target.createTarget", url="about:blank")["targetId"]
        session = self.call("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
        self.call("Network.enable", session)
        self.call("Page.enable", session)
        self.call("Page.navigate", session, url=url)
        self.wait_for("Page.loadEventFired")
        return session

    def requests(self) -> list[str]:
        return [
            e["params"]["request"]["url"]
            for e in self.events
            if e.get("method") == "Network.requestWillBeSent"
        ]

    def close(self) -> None:
        with contextlib.suppress(OSError, EOFError, TimeoutError, RuntimeError):
            self.call("Browser.close")
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        os.close(self._in)
        os.close(self._out)


@pytest.fixture
def devtools(chromium: str, tmp_path: Path):
    tools = DevTools(chromium, tmp_path / "profile")
    yield tools
    tools.close()


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


class Elements(HTMLParser):
    def __init__(self, text: str) -> None:
        super().__init__()
        self.attrs: list[tuple[str, dict[str, str | None]]] = []
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.attrs.append((tag, dict(attrs)))


@pytest.fixture(scope="module")
def dom(chromium: str, document: Path, tmp_path_factory: pytest.TempPathFactory) -> Elements:
    """The DOM as Chromium built it (--dump-dom)."""
    profile = tmp_path_factory.mktemp("profile")
    result = run_chromium(chromium, profile, "--dump-dom", document.as_uri())
    return Elements(result.stdout.decode("utf-8"))


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


def test_page_loads_nothing_but_itself(devtools: DevTools, document: Path):
    devtools.open(document.as_uri())
    assert devtools.requests() == [document.as_uri()]


def test_the_network_check_sees_an_external_resource(devtools: DevTools, tmp_path: Path):
    """The check above can fail: a page with an external image makes a request it sees."""
    page = tmp_path / "extern.html"
    page.write_text(
        '<!DOCTYPE html><html><body><img src="http://example.invalid/x.png"></body></html>',
        encoding="utf-8",
    )
    devtools.open(page.as_uri())
    assert "http://example.invalid/x.png" in devtools.requests()


def test_every_toc_anchor_has_a_target_in_the_live_page(devtools: DevTools, document: Path):
    session = devtools.open(document.as_uri())
    result = devtools.call(
        "Runtime.evaluate",
        session,
        returnByValue=True,
        expression="""
        JSON.stringify([...document.querySelectorAll('nav a[href^="#"]')]
            .map(a => a.getAttribute('href'))
            .filter(h => !document.getElementById(decodeURIComponent(h.slice(1)))))""",
    )
    assert json.loads(result["result"]["value"]) == []


def test_screenshot_is_saved_for_a_person_to_look_at(chromium: str, document: Path, tmp_path: Path):
    ARTIFACTS.mkdir(exist_ok=True)
    shot = ARTIFACTS / "inriktningsdokument.png"
    shot.unlink(missing_ok=True)
    run_chromium(
        chromium,
        tmp_path / "profile",
        f"--screenshot={shot}",
        "--window-size=1280,2000",
        "--hide-scrollbars",
        document.as_uri(),
    )
    data = shot.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    assert (int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")) == (1280, 2000)
    assert len(data) > 50_000, "a blank page compresses to almost nothing"


def test_prints_to_a_pdf_of_several_pages(chromium: str, document: Path, tmp_path: Path):
    pdf = tmp_path / "inriktningsdokument.pdf"
    run_chromium(
        chromium,
        tmp_path / "profile",
        f"--print-to-pdf={pdf}",
        "--no-pdf-header-footer",
        document.as_uri(),
    )
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF-")
    pages = len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", data))
    assert pages >= 10, f"{pages} pages: the plans fill many A4 pages"
