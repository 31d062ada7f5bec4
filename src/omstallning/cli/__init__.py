"""The omst command line: options → one core call → one format; exit codes. Nothing else."""

from __future__ import annotations

import gc

from . import followup, plans, revisions  # noqa: F401  (registers the commands)
from .app import app

__all__ = ["app", "main"]


def main() -> None:
    # One command a process: what it allocates lives until it ends, so the cycle collector
    # would only walk the plans again and again (bench/ measures the memory this keeps).
    gc.disable()
    app(prog_name="omst")
