"""Where an item stands in its file: the one piece both the plans and the follow-up carry, so
that neither model module needs the other to say it."""

from __future__ import annotations

from typing import NamedTuple


class Loc(NamedTuple):
    file: str
    line: int
    column: int
