"""Counts per area and per work stream: the table förvaltningar build by hand
("Radetiketter"), as numbers; formats.stats lays them out."""

from __future__ import annotations

from dataclasses import dataclass

from ..model.plans import Genomforandeplan, Period, Verksamhetsplan


@dataclass(frozen=True)
class AreaCount:
    """An area's subareas, effect goals (one per goal row and period), activities, indicators."""

    id: str
    namn: str
    subareas: int
    goals: int
    activities: int
    indicators: int

    @property
    def counts(self) -> tuple[int, int, int, int]:
        return (self.subareas, self.goals, self.activities, self.indicators)

    @property
    def total(self) -> int:
        return sum(self.counts)


@dataclass(frozen=True)
class StreamCount:
    """A work stream's milestones per period (in the plan's order of periods) and the
    subareas it serves, its own links and its milestones' together."""

    id: str
    namn: str
    milestones: tuple[int, ...]
    serves: tuple[str, ...]


@dataclass(frozen=True)
class Stats:
    areas: tuple[AreaCount, ...]
    periods: tuple[Period, ...]  # the verksamhetsplan's, which the streams count by
    streams: tuple[StreamCount, ...]


def area_counts(gp: Genomforandeplan) -> tuple[AreaCount, ...]:
    return tuple(
        AreaCount(
            area.id,
            area.namn,
            len(area.subareas),
            sum(len(goal.texts) for sub in area.subareas for goal in sub.goals),
            len(area.activities),
            len(area.indicators),
        )
        for area in gp.areas
    )


def stream_counts(vp: Verksamhetsplan) -> tuple[StreamCount, ...]:
    return tuple(
        StreamCount(
            stream.id,
            stream.namn,
            tuple(sum(m.period == p.id for m in stream.milestones) for p in vp.periods),
            tuple(sorted({link.target for _, link in stream.all_links()})),
        )
        for stream in vp.streams
    )


def report(gp: Genomforandeplan, vp: Verksamhetsplan) -> Stats:
    return Stats(area_counts(gp), vp.periods, stream_counts(vp))
