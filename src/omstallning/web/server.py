"""Running the application under uvicorn: the socket bound by omst (so that a port in use is
a clear message, not a log line), the hosts a request may name, and a stop on Ctrl-C or
SIGTERM that ends the live streams first, so that it takes well under a second."""

from __future__ import annotations

import contextlib
import errno
import ipaddress
import socket
import threading
import webbrowser
from collections.abc import Callable
from types import FrameType

import uvicorn

from ..i18n import _
from ..reading.errors import UsageError
from .app import Live, create_app
from .site import Site

LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "[::1]", "::1"})
WILDCARDS = frozenset({"0.0.0.0", "::", ""})


def is_loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def allowed_hosts(host: str) -> frozenset[str]:
    """The names a request's Host header may give: the bound name or address; for a
    loopback address also the loopback names; for every address (0.0.0.0) also this
    machine's own names. Anything else is a page fetched through someone else's DNS name."""
    names = {host.lower(), f"[{host.lower()}]" if ":" in host else host.lower()}
    if is_loopback(host) or host in WILDCARDS:
        names |= LOOPBACK_NAMES
    if host in WILDCARDS:
        for name in {socket.gethostname(), socket.getfqdn()}:
            names.add(name.lower())
            with contextlib.suppress(OSError):
                names.update(str(a[4][0]) for a in socket.getaddrinfo(name, None))
    return frozenset(n for n in names if n)


def bind(host: str, port: int) -> socket.socket:
    """A listening socket at host:port, or a UsageError that says what to do."""
    try:
        family, kind, proto, _name, address = socket.getaddrinfo(
            host or None, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE
        )[0]
    except OSError:
        raise UsageError(
            _("--host {host}: no such name or address on this computer").format(host=host)
        ) from None
    sock = socket.socket(family, kind, proto)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind(address)
        sock.listen(128)
    except OSError as exc:
        sock.close()
        if exc.errno == errno.EADDRINUSE:
            raise UsageError(
                _(
                    "port {port} is in use by another program: stop it, or choose another "
                    "port, e.g. --port {other}"
                ).format(port=port, other=port + 1 if port else 8001)
            ) from None
        raise UsageError(
            _("cannot listen on {host}:{port}: {reason}").format(
                host=host, port=port, reason=exc.strerror or exc
            )
        ) from None
    return sock


def url_of(sock: socket.socket, host: str) -> str:
    port = sock.getsockname()[1]
    shown = "127.0.0.1" if host in WILDCARDS else host
    if ":" in shown and not shown.startswith("["):
        shown = f"[{shown}]"
    return f"http://{shown}:{port}/"


class _Server(uvicorn.Server):
    """uvicorn's server, whose stop ends the live streams at once (they would otherwise
    hold the stop until the graceful timeout), and which ends quietly instead of raising
    the signal again once it has stopped."""

    def __init__(self, config: uvicorn.Config, stopping: Callable[[], None]) -> None:
        super().__init__(config)
        self._stopping = stopping

    def handle_exit(self, sig: int, frame: FrameType | None) -> None:
        if self.should_exit:
            self.force_exit = True
        self.should_exit = True
        self._stopping()


def serve(
    site: Site,
    sock: socket.socket,
    host: str,
    open_browser: bool,
    announce: Callable[[str], None],
) -> None:
    """Serve `site` on the bound `sock` until Ctrl-C or SIGTERM."""
    import asyncio

    url = url_of(sock, host)
    live = Live()
    loop_of: list[asyncio.AbstractEventLoop] = []

    def ready() -> None:
        loop_of.append(asyncio.get_running_loop())
        announce(url)
        if open_browser:
            threading.Thread(target=webbrowser.open, args=(url,), daemon=True).start()

    def stopping() -> None:
        if loop_of:
            loop_of[0].call_soon_threadsafe(live.stop)

    app = create_app(site, allowed_hosts(host), ready, live)
    config = uvicorn.Config(
        app,
        lifespan="on",
        log_level="warning",
        access_log=False,
        timeout_graceful_shutdown=1,
        server_header=False,
    )
    _Server(config, stopping).run(sockets=[sock])
