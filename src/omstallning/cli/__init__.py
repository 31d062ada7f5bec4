"""The omst command line: options → one core call → one format; exit codes. Nothing else."""

from __future__ import annotations

import gc
import importlib

from .app import app

# Importing a module registers its commands, in this order in `omst --help`.
for _module in ("plans", "revisions", "history", "followup", "editor"):
    importlib.import_module(f"{__name__}.{_module}")

__all__ = ["app", "main"]


def main() -> None:
    # One command a process: what it allocates lives until it ends, so the cycle collector
    # would only walk the plans again and again (bench/ measures the memory this keeps).
    gc.disable()
    app(prog_name="omst")
