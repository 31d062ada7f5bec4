"""omst serve: the plans as pages in a browser, updated as they are saved."""

from __future__ import annotations

from typing import Annotated

import typer

from ..i18n import N_, _
from .app import PlanDir, app, err, file_size_limit, handled


@app.command(
    "serve",
    example=(
        "omst serve --open",
        N_("the document in your web browser, updated each time you save a plan file"),
    ),
)
@handled
def serve(
    plan_dir: PlanDir = None,
    host: Annotated[
        str,
        typer.Option(
            "--host",
            metavar=N_("ADDRESS"),
            help=N_(
                "Address to listen on. The default, 127.0.0.1, is this computer only; "
                "0.0.0.0 lets every computer that reaches this one read the plans."
            ),
        ),
    ] = "127.0.0.1",
    port: Annotated[
        int,
        typer.Option("--port", min=0, max=65535, help=N_("Port to listen on (0: any free port).")),
    ] = 8000,
    base: Annotated[
        str | None,
        typer.Option(
            "--base",
            metavar=N_("REVISION"),
            help=N_(
                "Revision /diff compares with [default: the merge base with the default "
                "branch, else HEAD]"
            ),
            show_default=False,
        ),
    ] = None,
    open_browser: Annotated[
        bool, typer.Option("--open", help=N_("Open the document in the web browser."))
    ] = False,
) -> None:
    """Show the document, the follow-up, the changes and the findings in a web browser,
    updated on every save."""
    import gc

    from .. import i18n
    from ..core.plans import plan_folder

    # omst's other commands run once and never collect cycles (cli.main); a server runs for
    # hours, re-rendering on every save.
    gc.enable()
    from ..web.server import WILDCARDS, bind, is_loopback, serve
    from ..web.site import Settings, Site

    folder = plan_folder(plan_dir)
    if base is not None:
        from ..core.revisions import check_revision

        check_revision(folder, base)
    sock = bind(host, port)
    if host in WILDCARDS:
        err(
            _(
                "omst: warning: --host {host} lets every computer that can reach this one "
                "read the plans; use it only on a network you trust"
            ).format(host=host)
        )
    elif not is_loopback(host):
        err(_("omst: warning: --host {host} is reachable from other computers").format(host=host))
    site = Site(Settings(folder, base, i18n.language(), file_size_limit()))
    site.build()

    def announce(url: str) -> None:
        where = (
            _("only this computer can reach it")
            if is_loopback(host)
            else _("other computers can reach it")
        )
        err(_("omst serve: {url} ({where}); Ctrl-C stops it").format(url=url, where=where))

    try:
        serve(site, sock, host, open_browser, announce)
    except KeyboardInterrupt:
        pass
    finally:
        sock.close()
    err(_("omst serve: stopped"))
