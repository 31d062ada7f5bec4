"""The catalogue of codes as text: `omst validate --list-checks`."""

from __future__ import annotations

from typing import TextIO

from ..checks.catalogue import CodeDoc


def text(codes: list[CodeDoc], out: TextIO) -> None:
    """A code a line with its severity and what it finds; a check's example indented below."""
    for doc in codes:
        out.write(f"{doc.code} {doc.severity:<7} {doc.summary}\n")
        out.write("".join(f"{'':16}{line}\n" for line in doc.details))
