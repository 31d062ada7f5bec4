"""The omst command line: options → one core call → one format; exit codes. Nothing else."""

from __future__ import annotations

import gc
import os
import sys

from .app import COMMAND_MODULES, app

__all__ = ["app", "main"]

# The root options that take a value, so that the command after them can be found.
_VALUED = ("--max-file-size",)


def requested_command(args: list[str]) -> str | None:
    """The command these arguments run, if it is one of omst's; None for `omst --help`, an
    unknown name or shell completion, which need every command."""
    if os.environ.get("_OMST_COMPLETE"):
        return None
    skip = False
    for arg in args:
        if skip:
            skip = False
        elif arg in _VALUED:
            skip = True
        elif not arg.startswith("-"):
            return arg if arg in COMMAND_MODULES else None
    return None


def main() -> None:
    # One command a process: what it allocates lives until it ends, so the cycle collector
    # would only walk the plans again and again (bench/ measures the memory this keeps).
    gc.disable()
    app.only = requested_command(sys.argv[1:])
    app.listing = sys.argv[1:] in ([], ["--help"]) and not os.environ.get("_OMST_COMPLETE")
    app(prog_name="omst")
