"""Commands on the plans through time: review (links that know when their target changed)
and log (an item's history in git)."""

from __future__ import annotations

from typing import Annotated

import typer

from .. import formats
from ..formats import LogFormat
from ..reading.errors import UsageError
from .app import Exit, PlanDir, app, err, handled
from .completion import complete_ids


@app.command("review")
@handled
def review(
    source: Annotated[
        str | None,
        typer.Argument(
            help="The work stream or milestone that links (VP.2.M5).",
            show_default=False,
            autocompletion=complete_ids,
        ),
    ] = None,
    target: Annotated[
        str | None,
        typer.Argument(
            help="The subarea it links to (BU.3); without it, all of SOURCE's links.",
            show_default=False,
            autocompletion=complete_ids,
        ),
    ] = None,
    all_: Annotated[bool, typer.Option("--all", help="Every link in the plans.")] = False,
    plan_dir: PlanDir = None,
) -> None:
    """Record that links were re-read against their subareas as they are now: writes the
    subarea's fingerprint into each link's `granskad`, editing only that line of
    verksamhetsplan.yaml. Clears validate's OMST212 (suspect link)."""
    import difflib

    from ..analyses.review import ReviewProblem, review, sites
    from ..checks import check_dir
    from ..formats.output import WriteProblem, write_atomic
    from ..reading.plandir import PLAN_FILES, find_plan_dir
    from ..reading.yamlfile import parse

    if all_ == (source is not None):
        raise UsageError("say which links: omst review SOURCE [TARGET], or omst review --all")
    folder = find_plan_dir(plan_dir)
    checked = check_dir(folder)
    gp = checked.plans.gp
    if gp is None or not checked.complete("genomforandeplan", "verksamhetsplan"):
        err("omst: the plans do not pass their schemas; fix them first (omst validate)")
        raise typer.Exit(Exit.FINDINGS)
    path = folder / PLAN_FILES["verksamhetsplan"]
    text = path.read_bytes().decode("utf-8")
    doc = parse(str(path), text)  # the text as it is now, positions for the edit
    every = sites(doc)
    chosen = [s for s in every if all_ or (s.source == source and target in (None, s.target))]
    if not chosen:
        links = sorted({f"{s.source} {s.target}" for s in every})
        close = difflib.get_close_matches(
            f"{source} {target or ''}".strip(), links, n=3, cutoff=0.4
        )
        hint = f"; did you mean {', '.join(close)}?" if close else ""
        raise UsageError(
            f"no link from {source}{f' to {target}' if target else ''} in {path.name}{hint}"
        )
    try:
        new_text, changed = review(text, doc, gp, chosen)
    except ReviewProblem as exc:
        raise UsageError(str(exc)) from None
    if not changed:
        err(f"{len(chosen)} link(s) already reviewed against their subareas as they are now")
        return
    check = parse(str(path), new_text)
    if check.findings or not _same_but_reviews(doc.data, check.data):
        raise UsageError(f"{path}: omst could not edit the file safely; nothing was written")
    try:
        write_atomic(path, new_text)
    except WriteProblem as exc:
        raise UsageError(str(exc)) from None
    for site in changed:
        err(f"reviewed {site.source} → {site.target}")


def _same_but_reviews(old: object, new: object) -> bool:
    """The edited data is the old data, but for `granskad` values."""
    if isinstance(old, dict) and isinstance(new, dict):
        keys = (old.keys() | new.keys()) - {"granskad"}
        return all(_same_but_reviews(old.get(k), new.get(k)) for k in keys)
    if isinstance(old, list) and isinstance(new, list):
        return len(old) == len(new) and all(map(_same_but_reviews, old, new))
    return old == new


@app.command("log")
@handled
def log_(
    item: Annotated[
        str,
        typer.Argument(
            help="The item's ID (NV.3, NV.3.E1, VP.2.M5 …).", autocompletion=complete_ids
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

    report = item_log(plan_dir, item, list(revisions or []), since, until, max_count)
    formats.writer(formats.LOG, fmt)(report, sys.stdout)
