"""omst serve without a browser: every page from the core, the last good page under a banner
while the plans have an error, the refusals (methods, hosts, paths), the headers, the
language, the watcher's one re-render per burst, and the command's start and stop.

Nothing under the plan folder is written by the server: `served` hashes the folder after
each edit the test makes itself, and again when the test ends."""

from __future__ import annotations

import asyncio
import gc
import hashlib
import itertools
import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from starlette.testclient import TestClient

from helpers import REPO, commit_all, expect_exit, init_repo, omst
from omstallning.formats.document import render_text
from omstallning.web.app import Live, create_app, negotiate, watch
from omstallning.web.server import allowed_hosts
from omstallning.web.site import Settings, Site

BASE = "http://127.0.0.1:8000"
GP_NAME = "genomforandeplan.yaml"


def folder_hash(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        digest.update(str(path.relative_to(folder)).encode())
        if path.is_file():
            digest.update(path.read_bytes())
    return digest.hexdigest()


class Served:
    """A site on the mini plans in a git repository of the test's own, and a client."""

    def __init__(self, root: Path) -> None:
        self.plan_dir = init_repo(root / "repo")
        self.site = Site(Settings(self.plan_dir, None, "en", None))
        self.site.build()
        self.client = TestClient(create_app(self.site, allowed_hosts("127.0.0.1")), base_url=BASE)
        self.expected = folder_hash(self.plan_dir)

    def get(self, path: str, **kwargs: Any) -> httpx.Response:
        return self.client.get(path, **kwargs)

    def edit(self, old: str, new: str) -> None:
        """An edit of the genomförandeplan as its author makes it, then the re-render the
        watcher would start."""
        path = self.plan_dir / GP_NAME
        text = path.read_text(encoding="utf-8")
        assert text.count(old) == 1, old
        path.write_text(text.replace(old, new), encoding="utf-8")
        self.expected = folder_hash(self.plan_dir)
        self.site.build()
        self.site.fill()


@pytest.fixture
def served(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Served]:
    monkeypatch.chdir(tmp_path)
    site = Served(tmp_path)
    monkeypatch.chdir(site.plan_dir.parent)
    yield site
    gc.unfreeze()  # what the builds froze goes back to the test process's collector
    assert folder_hash(site.plan_dir) == site.expected, "the server wrote under the plan folder"


def main_of(page: str) -> str:
    return page.split("<main", 1)[1]


# --- the pages ------------------------------------------------------------------------------


def test_the_document_page_is_the_rendered_html_with_the_bar_and_the_script(served: Served):
    from datetime import date

    from omstallning.core.plans import render_document

    page = served.get("/").text
    rendered = render_text(render_document(served.plan_dir, date.today()).context, "html")
    head = re.search(r'<meta name="omst-generation".*?</script>\n', page, re.S)
    top = re.search(r'<div class="omst-top".*?</div>\n', page, re.S)
    assert head and top
    assert page.replace(head.group(0), "").replace(top.group(0), "") == rendered
    assert '<script src="/static/live.js" defer></script>' in page


def test_findings_page_lists_each_finding_with_its_place_and_an_editor_link(served: Served):
    served.edit("namn: Samverkan\n", "namn: Samverkan\n        nyckel: okänd\n")
    page = served.get("/findings").text
    assert (
        "repo/plan/genomforandeplan.yaml:51:9" in page or "plan/genomforandeplan.yaml:51:9" in page
    )
    assert re.search(r'href="vscode://file/[^"]*/plan/genomforandeplan\.yaml:51:9"', page)
    assert "OMST101" in page


def test_status_page_shows_the_round_and_the_follow_up_as_omst_status_does(served: Served):
    page = served.get("/status").text
    assert "The round T" in page
    assert "Follow-up per förvaltning" in page
    assert '<form method="get" action="/status"' in page


def test_status_page_passes_tertial_and_forvaltning_to_the_core(served: Served):
    page = served.get("/status", params={"tertial": "T1 2024"}).text
    assert "The round T1 2024" in page
    assert 'value="T1 2024"' in page
    unknown = served.get("/status", params={"forvaltning": "NOPE"}).text
    assert "no förvaltning has the ID NOPE" in unknown


def test_diff_page_shows_uncommitted_edits_as_the_pull_request_comment_does(served: Served):
    served.edit("namn: Samverkan\n", "namn: Samverkan i regionen\n")
    page = served.get("/diff").text
    assert "Plan changes" in page  # the comment in the reader's language (English here)
    assert "<details>" in page
    assert "i regionen" in page
    assert "the work tree" in page


def test_item_page_shows_text_links_follow_up_and_history(served: Served):
    page = served.get("/item/NV.2").text
    assert "Samverkan" in page
    assert 'href="/item/NV.2.E1"' in page
    assert "Links" in page
    assert "History" in page
    assert "planerna" in page  # the commit that added it


def test_an_unknown_item_is_not_found_with_a_suggestion(served: Served):
    answer = served.get("/item/NV.9")
    assert answer.status_code == 404
    assert "NV.9" in answer.text


# --- errors: the last good page under a banner ----------------------------------------------


def test_broken_yaml_keeps_the_last_good_document_under_a_banner_with_file_line(served: Served):
    served.edit("namn: Samverkan\n", "namn: Samverkan i regionen\n")
    served.edit("namn: Samverkan i regionen\n", "namn: Samverkan: trasig\n")
    page = served.get("/").text
    banner = page.split('class="omst-banner"', 1)[1].split("</section>", 1)[0]
    assert re.search(r"plan/genomforandeplan\.yaml:\d+:\d+", banner)
    assert "Samverkan i regionen" in main_of(page)


def test_a_fix_takes_the_banner_away(served: Served):
    served.edit("namn: Samverkan\n", "namn: Samverkan: trasig\n")
    assert "omst-banner" in served.get("/").text
    served.edit("namn: Samverkan: trasig\n", "namn: Samverkan\n")
    assert "omst-banner" not in served.get("/").text


def test_an_item_that_breaks_its_schema_is_marked_where_it_stands(served: Served):
    served.edit("      - id: NV.2\n        namn: Samverkan\n", "      - id: NV.2\n")
    page = served.get("/").text
    assert '[id="NV.2"]{outline' in page or '[id="NV.2"],' in page  # the style rule
    assert 'href="/#NV.2"' in page
    assert "Samverkan" in main_of(page)


def test_other_pages_keep_their_last_good_version_under_the_banner(served: Served):
    good = served.get("/status").text
    served.edit("namn: Samverkan\n", "namn: Samverkan: trasig\n")
    page = served.get("/status").text
    assert "omst-banner" in page
    assert main_of(good).split("</main>")[0] in page


def test_a_page_first_asked_for_while_the_plans_fail_says_it_cannot_be_shown(served: Served):
    served.edit("namn: Samverkan\n", "namn: Samverkan: trasig\n")
    page = served.get("/item/NV.1").text
    assert "omst-banner" in page
    assert "cannot be shown" in page


# --- generations: read once, served from ready pages ---------------------------------------


def generation_of(page: str) -> int:
    found = re.search(r'<meta name="omst-generation" content="(\d+)">', page)
    assert found, page[:300]
    return int(found.group(1))


def save(served: Served, old: str, new: str) -> None:
    """A save as the watcher's first step sees it: the new generation's document is made,
    its other pages not yet."""
    path = served.plan_dir / GP_NAME
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    served.expected = folder_hash(served.plan_dir)
    served.site.build()


def test_a_page_asked_for_before_its_new_version_is_made_is_the_previous_one(served: Served):
    before = served.get("/status").text
    save(served, "namn: Samverkan\n", "namn: Samspel\n")
    assert generation_of(served.get("/").text) == generation_of(before) + 1
    assert served.get("/status").text == before
    served.site.fill()
    assert generation_of(served.get("/status").text) == generation_of(before) + 1


def test_fill_makes_every_page_shown_before_in_each_language_it_was_shown_in(served: Served):
    for path in ("/status", "/diff", "/findings", "/item/NV.2"):
        served.get(path)
        served.get(path, headers={"Accept-Language": "sv"})
    save(served, "namn: Samverkan\n", "namn: Samspel\n")
    assert served.site.fill() is True
    generation = served.site.generation
    for path in ("/status", "/diff", "/findings", "/item/NV.2"):
        for lang in ("en", "sv"):
            page = served.site.ready(path, {}, lang)
            assert page is not None, (path, lang)
            assert generation_of(page.body.decode()) == generation, (path, lang)
    assert "Samspel" in served.get("/item/NV.2").text


def test_fill_stops_when_a_newer_save_is_seen(served: Served):
    served.get("/status")
    save(served, "namn: Samverkan\n", "namn: Samspel\n")
    assert served.site.fill(stop=lambda: True) is False
    assert served.site.ready("/status", {}, "en") is not None  # the previous one, still served


def test_a_generation_reads_and_checks_the_plans_once_for_every_page(
    served: Served, monkeypatch: pytest.MonkeyPatch
):
    import omstallning.core.plans as core_plans

    for path in ("/status", "/diff", "/findings", "/item/NV.2", "/item/VP.1"):
        served.get(path)
    reads: list[Path] = []
    check_dir = core_plans.check_dir

    def counted(folder: Path, max_file_size: int | None = None) -> Any:
        reads.append(folder)
        return check_dir(folder, max_file_size)

    monkeypatch.setattr(core_plans, "check_dir", counted)
    save(served, "namn: Samverkan\n", "namn: Samspel\n")
    served.site.fill()
    assert len(reads) == 1


def test_the_git_work_is_done_once_while_head_and_the_base_stay(
    served: Served, monkeypatch: pytest.MonkeyPatch
):
    import omstallning.analyses.sides as sides
    import omstallning.core.revisions as revisions

    for path in ("/diff", "/item/NV.2", "/item/VP.1"):
        served.get(path)
    opened: list[str] = []
    read_side, open_history = sides.read_side, revisions.open_history
    monkeypatch.setattr(sides, "read_side", lambda *a: opened.append("base") or read_side(*a))
    monkeypatch.setattr(
        revisions, "open_history", lambda *a, **k: opened.append("history") or open_history(*a, **k)
    )
    names = ["Samverkan", "Samverkan i länet", "Samverkan i Skaraborg", "Samverkan i regionen"]
    for old, new in itertools.pairwise(names):
        save(served, f"namn: {old}\n", f"namn: {new}\n")
        served.site.fill()
    assert opened == []
    assert "<strong>i regionen</strong>" in served.get("/diff").text
    commit_all(served.plan_dir.parent, "namnbyte")
    save(served, "namn: Samverkan i regionen\n", "namn: Samverkan i Västra Götaland\n")
    served.site.fill()
    assert sorted(opened) == ["base", "history"]
    assert "namnbyte" in served.get("/item/NV.2").text  # the new commit is in its history


def test_what_a_build_keeps_is_left_out_of_the_collectors_passes_until_it_grows(
    served: Served,
):
    save(served, "namn: Samverkan\n", "namn: Samspel\n")
    assert gc.get_freeze_count() > 0
    assert served.site.collect() is True  # the first: nothing collected before
    assert served.site.collect() is False  # nothing new since
    frozen = gc.get_freeze_count()
    cycles = []
    for _ in range(frozen // 10):
        pair: list[Any] = [None]
        pair[0] = pair  # garbage in a cycle, frozen with what a build keeps
        cycles.append(pair)
    gc.freeze()
    cycles.clear()
    assert served.site.collect() is True
    assert gc.get_freeze_count() < frozen * 1.05


# --- refusals and headers -------------------------------------------------------------------


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE", "PATCH", "OPTIONS"])
def test_anything_but_get_and_head_is_refused_with_405(served: Served, method: str):
    answer = served.client.request(method, "/")
    assert answer.status_code == 405
    assert answer.headers["allow"] == "GET, HEAD"


def test_head_is_answered(served: Served):
    assert served.client.head("/findings").status_code == 200


@pytest.mark.parametrize("host", ["evil.example", "evil.example:8000", "127.0.0.1.evil.example"])
def test_a_request_for_another_host_name_is_refused(served: Served, host: str):
    answer = served.get("/", headers={"Host": host})
    assert 400 <= answer.status_code < 500
    assert "omst-generation" not in answer.text


@pytest.mark.parametrize("host", ["127.0.0.1:8000", "localhost:8000", "[::1]:8000"])
def test_the_loopback_names_are_answered(served: Served, host: str):
    assert served.get("/", headers={"Host": host}).status_code == 200


@pytest.mark.parametrize(
    "path",
    [
        "/../pyproject.toml",
        "/static/../../pyproject.toml",
        "/static/%2e%2e/%2e%2e/pyproject.toml",
        "/static/..%2f..%2fpyproject.toml",
        "/static/live.js/..%2f..%2f..%2fREADME.md",
        "/item/..%2f..%2fpyproject.toml",
        "/plan/genomforandeplan.yaml",
        "/static/serve.py",
        "/%2e%2e/%2e%2e/etc/passwd",
    ],
)
def test_no_path_outside_the_routes_is_reachable(served: Served, path: str):
    answer = served.client.get(path)
    assert answer.status_code == 404
    assert "[project]" not in answer.text and "root:" not in answer.text


def test_a_symlink_in_the_package_is_not_followed(served: Served):
    # The static files are two names read at start; no other name maps to a file.
    assert served.get("/static/live.js").status_code == 200
    assert served.get("/static/__init__.py").status_code == 404


@pytest.mark.parametrize("path", ["/", "/findings", "/static/live.js", "/nowhere"])
def test_every_response_carries_the_security_headers_and_no_cors(served: Served, path: str):
    answer = served.get(path, headers={"Origin": "http://evil.example"})
    csp = dict(
        part.strip().split(" ", 1) for part in answer.headers["content-security-policy"].split(";")
    )
    assert csp["script-src"] == "'self'"
    assert csp["default-src"] == "'none'"
    assert answer.headers["x-content-type-options"] == "nosniff"
    assert not [h for h in answer.headers if h.startswith("access-control-")]


def test_the_pages_have_no_inline_script(served: Served):
    for path in ("/", "/status", "/diff", "/findings", "/item/NV.1"):
        page = served.get(path).text
        assert re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", page) == [], path


# --- language ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "lang"),
    [
        ("sv-SE,sv;q=0.9,en;q=0.8", "sv"),
        ("en-GB,en;q=0.9,sv;q=0.5", "en"),
        ("de-DE,de;q=0.9", "en"),
        ("de, sv;q=0.2", "sv"),
        ("sv;q=0, en", "en"),
        ("", "en"),
        (None, "en"),
    ],
)
def test_the_language_follows_accept_language(header: str | None, lang: str):
    assert negotiate(header, "en") == lang


def test_findings_come_in_the_browsers_language(served: Served):
    swedish = served.get("/findings", headers={"Accept-Language": "sv"})
    english = served.get("/findings", headers={"Accept-Language": "en"})
    assert swedish.headers["content-language"] == "sv"
    assert '<html lang="sv">' in swedish.text
    assert '<html lang="en">' in english.text
    assert "Findings of omst validate" in english.text
    assert "Findings of omst validate" not in swedish.text


# --- live -------------------------------------------------------------------------------------


def test_a_burst_of_saves_gives_one_re_render(served: Served):
    async def run() -> int:
        live = Live()
        queue = live.subscribe()
        task = asyncio.create_task(watch(served.site, live))
        await asyncio.sleep(0.5)  # the watcher is watching
        before = served.site.builds
        path = served.plan_dir / GP_NAME
        text = path.read_text(encoding="utf-8")
        for n in range(5):
            path.write_text(text.replace("namn: Samverkan\n", f"namn: Samverkan {n}\n"))
            await asyncio.sleep(0.01)
        served.expected = folder_hash(served.plan_dir)
        events = [await asyncio.wait_for(queue.get(), 10) for _ in range(2)]
        await asyncio.sleep(1.0)  # no second re-render follows
        live.stop()
        await asyncio.wait_for(task, 5)
        assert events == ["rendering", "update"]
        return served.site.builds - before

    assert asyncio.run(run()) == 1
    assert "Samverkan 4" in served.get("/").text


def test_the_other_pages_wait_until_the_open_pages_have_fetched_their_document():
    async def waited(asking_for: float) -> float:
        live = Live()
        loop = asyncio.get_running_loop()
        began = loop.time()
        quiet = asyncio.create_task(live.quiet(0.1, 1.0))
        while loop.time() - began < asking_for and not quiet.done():
            live.asking()  # a page asked for every 20 ms
            await asyncio.sleep(0.02)
        await quiet
        return loop.time() - began

    assert 0.1 <= asyncio.run(waited(0)) < 0.3
    assert 0.35 <= asyncio.run(waited(0.3)) < 0.9
    assert 1.0 <= asyncio.run(waited(2.0)) < 1.5  # never longer than a second


def test_an_open_page_hears_of_a_save_and_of_the_new_generation(tmp_path: Path):
    plan_dir = init_repo(tmp_path / "repo")
    proc, url, _said = start(plan_dir)
    try:
        with httpx.Client(timeout=10) as client, client.stream("GET", url + "events") as stream:
            assert stream.headers["content-type"].startswith("text/event-stream")
            lines = stream.iter_lines()
            assert [next(lines) for _ in range(3)] == ["retry: 1000", "event: update", "data: 1"]
            path = plan_dir / GP_NAME
            path.write_text(path.read_text(encoding="utf-8").replace("Samverkan", "Samspel"))
            heard = [line for line in (next(lines) for _ in range(6)) if line]
        assert heard == ["event: rendering", "data: 1", "event: update", "data: 2"]
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.communicate(timeout=10)


# --- the command ------------------------------------------------------------------------------


def test_a_port_in_use_is_a_clear_message_and_exit_2(tmp_path: Path):
    plan_dir = init_repo(tmp_path / "repo")
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        run = omst("serve", "--plan-dir", plan_dir, "--port", str(port))
    expect_exit(run, 2)
    assert f"port {port} is in use" in run.stderr


def test_a_missing_plan_folder_is_exit_2(tmp_path: Path):
    run = omst("serve", "--plan-dir", tmp_path / "nowhere", "--port", "0")
    expect_exit(run, 2)


def test_an_unknown_base_is_exit_2_before_serving(tmp_path: Path):
    plan_dir = init_repo(tmp_path / "repo")
    run = omst("serve", "--plan-dir", plan_dir, "--port", "0", "--base", "nosuchbranch")
    expect_exit(run, 2)
    assert "nosuchbranch" in run.stderr


def start(plan_dir: Path, *args: str) -> tuple[subprocess.Popen[str], str, list[str]]:
    """`omst serve` as its own process on a free port: the process, its address and what
    it said before."""
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "omstallning",
            "serve",
            "--plan-dir",
            str(plan_dir),
            "--port",
            "0",
            *args,
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO / "src")},
    )
    assert proc.stderr is not None
    deadline = time.monotonic() + 30
    lines = []
    while time.monotonic() < deadline:
        line = proc.stderr.readline()
        lines.append(line)
        found = re.search(r"(http://\S+/)", line)
        if found:
            return proc, found.group(1), lines
        if not line and proc.poll() is not None:
            break
    proc.kill()
    raise AssertionError("omst serve did not start: " + "".join(lines))


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_a_signal_stops_the_server_within_a_second(tmp_path: Path, sig: signal.Signals):
    plan_dir = init_repo(tmp_path / "repo")
    before = folder_hash(plan_dir)
    proc, url, _said = start(plan_dir)
    try:
        with httpx.Client(timeout=10) as client:
            assert client.get(url).status_code == 200
            with client.stream("GET", url + "events"):  # an open page's live stream
                time.sleep(0.2)
                began = time.monotonic()
                proc.send_signal(sig)
                proc.wait(5)
        assert time.monotonic() - began < 1.0
        assert proc.returncode == 0
        assert proc.stderr is not None
        rest = proc.stderr.read()
        assert "Traceback" not in rest
        assert "stopped" in rest
    finally:
        if proc.poll() is None:
            proc.kill()
    assert folder_hash(plan_dir) == before


def test_binding_every_address_warns(tmp_path: Path):
    plan_dir = init_repo(tmp_path / "repo")
    proc, _url, said = start(plan_dir, "--host", "0.0.0.0")
    proc.send_signal(signal.SIGTERM)
    proc.communicate(timeout=10)
    assert "warning: --host 0.0.0.0 lets every computer" in "".join(said)
    assert "other computers can reach it" in said[-1]


def test_the_default_binds_loopback_and_says_so(tmp_path: Path):
    plan_dir = init_repo(tmp_path / "repo")
    proc, url, said = start(plan_dir)
    proc.send_signal(signal.SIGTERM)
    proc.communicate(timeout=10)
    assert url.startswith("http://127.0.0.1:")
    assert said == [f"omst serve: {url} (only this computer can reach it); Ctrl-C stops it\n"]
