"""The omst command line: options → one core call → one format; exit codes. Nothing else."""

from __future__ import annotations

from . import followup, plans, revisions  # noqa: F401  (registers the commands)
from .app import app

__all__ = ["app", "main"]


def main() -> None:
    app(prog_name="omst")
