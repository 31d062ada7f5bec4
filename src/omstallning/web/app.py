"""The Starlette application: the pages, the live stream, two static files, and the guards
every response passes.

Read-only by construction: GET and HEAD only (405 otherwise), no route takes a file path
(the static files are two names in a dict, read at start), a Host header other than the
bound name or address is refused (DNS rebinding), and every response says
Content-Security-Policy (scripts only from this server: no inline script, so plan text can
never run), nosniff, no framing, no referrer and no caching. No CORS header is ever sent.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import AsyncIterator, Awaitable, Callable, MutableMapping
from pathlib import Path
from typing import Any

import anyio.to_thread
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, Response, StreamingResponse
from starlette.routing import Route

from ..i18n import LANGUAGES, _
from .site import Site

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

STATIC_DIR = Path(__file__).parent / "static"
STATIC_TYPES = {
    "live.js": "text/javascript; charset=utf-8",
    "serve.css": "text/css; charset=utf-8",
}

# Inline style is allowed (the document carries its CSS inline, as `omst render` writes it);
# script only from this server's /static/.
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self'; connect-src 'self'; "
    "style-src 'self' 'unsafe-inline'; img-src 'self' data:; form-action 'self'; "
    "base-uri 'none'; frame-ancestors 'none'"
)
SECURITY_HEADERS = [
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"no-referrer"),
    (b"cross-origin-resource-policy", b"same-origin"),
    (b"cache-control", b"no-store"),
]
_OWN = {name for name, _value in SECURITY_HEADERS}

# A burst of saves (an editor's "save all", a git checkout) whose changes come less than
# 100 ms apart is one re-render; a longer burst is cut at 1 s so that the page still follows.
WATCH_QUIET_MS = 100
WATCH_LONGEST_MS = 1000
# After a new document, the other pages are made once no page has been asked for in 100 ms
# (the open pages fetch the document first), or after 1 s at the latest.
FILL_QUIET_S = 0.1
FILL_LONGEST_S = 1.0
KEEPALIVE_S = 15.0
# The one query the pages read: /status?tertial=T2+2024&forvaltning=SKAS. Each value is cut
# at 40 characters (a tertial or an ID is a few), so a query cannot grow the page cache.
QUERIES = ("tertial", "forvaltning")
QUERY_LIMIT = 40


class Live:
    """Who is listening for the plans' changes: one queue per open page."""

    def __init__(self) -> None:
        self._queues: set[asyncio.Queue[str]] = set()
        self.stopping = asyncio.Event()
        self.asked = 0.0  # when a page was last asked for or answered (the loop's clock)

    def asking(self) -> None:
        self.asked = asyncio.get_running_loop().time()

    async def quiet(self, gap: float, longest: float) -> None:
        """Until no page has been asked for in `gap` seconds, or `longest` has passed."""
        loop = asyncio.get_running_loop()
        until = loop.time() + longest
        await asyncio.sleep(gap)
        while (left := self.asked + gap - loop.time()) > 0 and loop.time() < until:
            await asyncio.sleep(min(left, until - loop.time()))

    def subscribe(self) -> asyncio.Queue[str]:
        queue: asyncio.Queue[str] = asyncio.Queue()
        self._queues.add(queue)
        return queue

    def unsubscribe(self, queue: asyncio.Queue[str]) -> None:
        self._queues.discard(queue)

    def notify(self, event: str) -> None:
        for queue in self._queues:
            queue.put_nowait(event)

    def stop(self) -> None:
        self.stopping.set()
        self.notify("stop")


def negotiate(header: str | None, default: str) -> str:
    """sv or en, as the browser's Accept-Language prefers; `default` where it names neither."""
    best, best_q = default, -1.0
    for part in (header or "").split(","):
        tag, _sep, params = part.strip().partition(";")
        lang = tag.strip().split("-")[0].lower()
        q = 1.0
        for param in params.split(";"):
            name, _eq, value = param.strip().partition("=")
            if name == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        if lang in LANGUAGES and q > best_q and q > 0:
            best, best_q = lang, q
    return best


def host_of(scope: Scope) -> str | None:
    """The Host header's name or address, without its port, lower case."""
    for name, value in scope.get("headers", []):
        if name == b"host":
            host = value.decode("latin-1").strip().lower()
            if host.startswith("["):
                return host[: host.find("]") + 1] if "]" in host else None
            return host.rsplit(":", 1)[0] if host.count(":") == 1 else host
    return None


class Guard:
    """Every request and response passes here before any route."""

    def __init__(self, app: ASGIApp, hosts: frozenset[str]) -> None:
        self.app = app
        self.hosts = hosts

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def secured(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = [(k, v) for k, v in message.get("headers", []) if k not in _OWN]
                message = {**message, "headers": [*headers, *SECURITY_HEADERS]}
            await send(message)

        refusal: Response | None = None
        if scope["method"] not in ("GET", "HEAD"):
            refusal = PlainTextResponse(
                _("omst serve only shows the plans: it answers GET and HEAD, nothing else.\n"),
                405,
                headers={"Allow": "GET, HEAD"},
            )
        elif host_of(scope) not in self.hosts:
            refusal = PlainTextResponse(
                _("This server answers only requests addressed to {hosts}.\n").format(
                    hosts=", ".join(sorted(self.hosts))
                ),
                400,
            )
        if refusal is not None:
            await refusal(scope, receive, secured)
            return
        await self.app(scope, receive, secured)


def create_app(
    site: Site,
    hosts: frozenset[str],
    ready: Callable[[], None] | None = None,
    live: Live | None = None,
) -> ASGIApp:
    """The application for `site`, answering requests addressed to `hosts`. `ready` is
    called once the server listens (to open a browser)."""
    live = live or Live()
    static = {name: (STATIC_DIR / name).read_bytes() for name in STATIC_TYPES}

    async def page(request: Request) -> Response:
        live.asking()
        lang = negotiate(request.headers.get("accept-language"), site.settings.language)
        query = {
            k: v[:QUERY_LIMIT] for k in QUERIES if (v := request.query_params.get(k, "").strip())
        }
        made = site.ready(request.url.path, query, lang)
        if made is None:
            made = await anyio.to_thread.run_sync(site.page, request.url.path, query, lang)
        live.asking()
        return HTMLResponse(
            made.body,
            made.status,
            headers={"Content-Language": lang, "Vary": "Accept-Language"},
        )

    async def asset(request: Request) -> Response:
        name = request.path_params["name"]
        if name not in static:
            return await not_found(request, None)
        return Response(static[name], media_type=STATIC_TYPES[name])

    async def events(request: Request) -> Response:
        queue = live.subscribe()

        async def stream() -> AsyncIterator[str]:
            try:
                yield f"retry: 1000\nevent: update\ndata: {site.generation}\n\n"
                while not live.stopping.is_set():
                    try:
                        event = await asyncio.wait_for(queue.get(), KEEPALIVE_S)
                    except TimeoutError:
                        yield ": keep-alive\n\n"
                        continue
                    if event == "stop":
                        return
                    yield f"event: {event}\ndata: {site.generation}\n\n"
            finally:
                live.unsubscribe(queue)

        return StreamingResponse(stream(), media_type="text/event-stream")

    async def not_found(request: Request, exc: Exception | None) -> Response:
        return PlainTextResponse(_("Not found: omst serve has no page at this address.\n"), 404)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        watcher = asyncio.create_task(watch(site, live))
        if ready is not None:
            ready()
        try:
            yield
        finally:
            live.stop()
            watcher.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await watcher
            site.close()

    routes = [
        Route("/", page),
        Route("/status", page),
        Route("/diff", page),
        Route("/findings", page),
        Route("/item/{item}", page),
        Route("/events", events),
        Route("/static/{name}", asset),
    ]
    app = Starlette(routes=routes, exception_handlers={404: not_found}, lifespan=lifespan)
    return Guard(app, hosts)


def _plan_file(change: object, path: str) -> bool:
    return path.endswith((".yaml", ".yml"))


async def watch(site: Site, live: Live) -> None:
    """One new generation per burst of saves in the plan folder. The open pages are told
    when a save is seen (`rendering`: they show "updating…"), when the new document is ready
    and when the generation's other pages are (`update`, twice: each page fetches itself
    anew and swaps its content once it is of the new generation)."""
    from watchfiles import awatch

    seen = threading.Event()  # a save the generation being made does not have yet
    wake = asyncio.Event()

    async def render() -> None:
        while True:
            await wake.wait()
            wake.clear()
            seen.clear()
            await anyio.to_thread.run_sync(site.build, abandon_on_cancel=True)
            live.notify("update")
            # The open pages fetch their new document first: a build of the other pages
            # meanwhile would hold the interpreter while they wait.
            await live.quiet(FILL_QUIET_S, FILL_LONGEST_S)
            if await anyio.to_thread.run_sync(site.fill, seen.is_set, abandon_on_cancel=True):
                live.notify("update")
            await anyio.to_thread.run_sync(site.collect, abandon_on_cancel=True)

    renderer = asyncio.create_task(render())
    try:
        async for _changes in awatch(
            site.settings.plan_dir,
            watch_filter=_plan_file,
            step=WATCH_QUIET_MS,
            debounce=WATCH_LONGEST_MS,
            stop_event=live.stopping,
        ):
            seen.set()
            wake.set()
            live.notify("rendering")
    finally:
        renderer.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await renderer
