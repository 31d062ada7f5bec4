"""Commands on the plans through time: review (links that know when their target changed)
and log (an item's history in git)."""

from __future__ import annotations

from typing import Annotated

import typer

from .. import formats
from ..formats import LogFormat
from ..i18n import N_, _, ngettext
from .app import PlanDir, app, err, file_size_limit, handled
from .completion import complete_log_ids, complete_review_sources, complete_review_targets


@app.command(
    "review",
    example=(
        "omst review VP.2.M5 BU.3",
        N_(
            "records that milestone VP.2.M5's link to subarea BU.3 was re-read "
            "against BU.3 as it is now"
        ),
    ),
)
@handled
def review(
    source: Annotated[
        str | None,
        typer.Argument(
            metavar=N_("FROM"),
            help=N_("The work stream or milestone that links (VP.2.M5)."),
            show_default=False,
            autocompletion=complete_review_sources,
        ),
    ] = None,
    target: Annotated[
        str | None,
        typer.Argument(
            metavar=N_("TO"),
            help=N_("The subarea it links to (BU.3); without it, all of FROM's links."),
            show_default=False,
            autocompletion=complete_review_targets,
        ),
    ] = None,
    all_: Annotated[bool, typer.Option("--all", help=N_("Every link in the plans."))] = False,
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


@app.command(
    "log",
    example=(
        "omst log NV.3.E1",
        N_(
            "each commit that changed goal row NV.3.E1 of Hälsofrämjande och "
            "förebyggande, newest first, word by word"
        ),
    ),
)
@handled
def log_(
    item: Annotated[
        str,
        typer.Argument(
            metavar="ID",
            help=N_("The item's ID (NV.3, NV.3.E1, VP.2.M5 …)."),
            autocompletion=complete_log_ids,
        ),
    ],
    revisions: Annotated[
        list[str] | None,
        typer.Argument(
            metavar=N_("[REVISIONS]"),
            help=N_(
                "Revisions as git log takes them: a range main..HEAD, or a "
                "revision to start from [default: HEAD]."
            ),
            show_default=False,
        ),
    ] = None,
    plan_dir: PlanDir = None,
    since: Annotated[
        str | None,
        typer.Option(
            "--since",
            metavar=N_("DATE"),
            help=N_("Only commits after this date (as git log takes it)."),
        ),
    ] = None,
    until: Annotated[
        str | None,
        typer.Option("--until", metavar=N_("DATE"), help=N_("Only commits before this date.")),
    ] = None,
    max_count: Annotated[
        int | None,
        typer.Option("-n", "--max-count", min=1, metavar="N", help=N_("Show at most N changes.")),
    ] = None,
    fmt: Annotated[
        LogFormat, typer.Option("--format", "-f", help=N_("text, markdown or json."))
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
