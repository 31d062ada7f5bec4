"""Shell completion of item IDs (`omst link NV.<TAB>`): no commands here, so that importing
it registers none, and nothing of the model until a TAB asks (`omst --help` stays quick).
Each command is offered only the kinds of item it accepts (core.completion)."""

from __future__ import annotations

from pathlib import Path

import typer


def complete_link_ids(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """`omst link`: areas, subareas, work streams and milestones."""
    return _complete(ctx, "link", incomplete)


def complete_log_ids(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """`omst log`: every item of the two plan files, the plans themselves too, and of the
    förvaltningar's files (SKAS, SKAS.S1 …)."""
    return _complete(ctx, "log", incomplete)


def complete_review_sources(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """`omst review SOURCE`: the work streams and milestones, which links start from."""
    return _complete(ctx, "review source", incomplete)


def complete_review_targets(ctx: typer.Context, incomplete: str) -> list[tuple[str, str]]:
    """`omst review SOURCE TARGET`: the subareas, which links point to."""
    return _complete(ctx, "review target", incomplete)


def _complete(ctx: typer.Context, argument: str, incomplete: str) -> list[tuple[str, str]]:
    from ..core.completion import completions

    given = ctx.params.get("plan_dir")  # as Click parsed it: a str, not yet a Path
    return completions(Path(given) if isinstance(given, str | Path) else None, argument, incomplete)
