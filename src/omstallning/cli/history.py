"""Commands on the plans through time: review (links that know when their target changed)
and log (an item's history in git)."""

from __future__ import annotations

from typing import Annotated

import typer

from .. import formats
from ..formats import LogFormat
from ..i18n import _, ngettext
from .app import PlanDir, app, err, file_size_limit, handled
from .completion import complete_log_ids, complete_review_sources, complete_review_targets


@app.command("review")
@handled
def review(
    source: Annotated[
        str | None,
        typer.Argument(
            help="The work stream or milestone that links (VP.2.M5).",
            show_default=False,
            autocompletion=complete_review_sources,
        ),
    ] = None,
    target: Annotated[
        str | None,
        typer.Argument(
            help="The subarea it links to (BU.3); without it, all of SOURCE's links.",
            show_default=False,
            autocompletion=complete_review_targets,
        ),
    ] = None,
    all_: Annotated[bool, typer.Option("--all", help="Every link in the plans.")] = False,
    plan_dir: PlanDir = None,
) -> None:
    """Record that links were re-read against their subareas as they are now: writes the
    subarea's fingerprint into each link's `granskad`, editing only that line of
    verksamhetsplan.yaml. Clears validate's OMST212 (suspect link)."""
    from ..core.review import review_links

    result = review_links(plan_dir, source, target, all_, max_file_size=file_size_limit())
    if not result.changed:
        count = len(result.chosen)
        err(
            ngettext(
                "{count} link(s) already reviewed against their subareas as they are now",
                "{count} link(s) already reviewed against their subareas as they are now",
                count,
            ).format(count=count)
        )
    for site in result.changed:
        err(_("reviewed {source} → {target}").format(source=site.source, target=site.target))


@app.command("log")
@handled
def log_(
    item: Annotated[
        str,
        typer.Argument(
            help="The item's ID (NV.3, NV.3.E1, VP.2.M5 …).", autocompletion=complete_log_ids
        ),
    ],
    revisions: Annotated[
        list[str] | None,
        typer.Argument(
            help="Revisions as git log takes them: a range main..HEAD, or a "
            "revision to start from [default: HEAD].",
            show_default=False,
        ),
    ] = None,
    plan_dir: PlanDir = None,
    since: Annotated[
        str | None,
        typer.Option("--since", help="Only commits after this date (as git log takes it)."),
    ] = None,
    until: Annotated[
        str | None, typer.Option("--until", help="Only commits before this date.")
    ] = None,
    max_count: Annotated[
        int | None, typer.Option("-n", "--max-count", min=1, help="Show at most N changes.")
    ] = None,
    fmt: Annotated[
        LogFormat, typer.Option("--format", "-f", help="text, markdown or json.")
    ] = LogFormat.text,
) -> None:
    """The history of one item through the git history of the plans: each commit that
    added, changed, moved or removed it, newest first, with the change word by word."""
    import sys

    from ..core.revisions import item_log

    report = item_log(
        plan_dir,
        item,
        list(revisions or []),
        since,
        until,
        max_count,
        max_file_size=file_size_limit(),
    )
    formats.writer(formats.LOG, fmt)(report, sys.stdout)
