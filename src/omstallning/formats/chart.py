"""A small inline SVG line chart of an indicator's outcome against its target per tertial,
drawn by omst: no script, nothing fetched, a title and a description for screen readers,
and the values in the table beside it. Every label is escaped."""

from __future__ import annotations

from typing import Any

from markupsafe import Markup, escape

from .words import decimal as _fmt

WIDTH, HEIGHT = 360, 160
LEFT, RIGHT, TOP, BOTTOM = 40, 30, 12, 28  # room for the period labels at both ends


def indicator_svg(series: dict[str, Any]) -> Markup:
    readings = series["readings"]
    values = [v for r in readings for v in (r["outcome"], r["target"]) if v is not None]
    low, high = min([0.0, *values]), max([1.0, *values])
    span = high - low or 1.0
    step = (WIDTH - LEFT - RIGHT) / max(len(readings) - 1, 1)

    def x(i: int) -> float:
        return LEFT + i * step if len(readings) > 1 else (LEFT + WIDTH - RIGHT) / 2

    def y(v: float) -> float:
        return TOP + (HEIGHT - TOP - BOTTOM) * (1 - (v - low) / span)

    def line(key: str) -> str:
        return " ".join(
            f"{x(i):.1f},{y(r[key]):.1f}" for i, r in enumerate(readings) if r[key] is not None
        )

    unit = series["enhet"]
    desc = "; ".join(
        f"{r['period']}: utfall {_fmt(r['outcome']) if r['outcome'] is not None else 'saknas'}"
        f", målvärde {_fmt(r['target']) if r['target'] is not None else 'saknas'}"
        for r in readings
    )
    ident = escape(series["id"])
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" height="{HEIGHT}" '
        f'aria-labelledby="{ident}-title {ident}-desc">',
        f'<title id="{ident}-title">{escape(series["namn"])} ({escape(unit)}): utfall och '
        f"målvärde per tertial</title>",
        f'<desc id="{ident}-desc">{escape(desc)}</desc>',
        f'<line x1="{LEFT}" y1="{y(low):.1f}" x2="{WIDTH - RIGHT}" y2="{y(low):.1f}" '
        'class="axis"/>',
        f'<text x="{LEFT - 4}" y="{y(high) + 4:.1f}" text-anchor="end" class="tick">'
        f"{escape(_fmt(high))}</text>",
        f'<text x="{LEFT - 4}" y="{y(low) + 4:.1f}" text-anchor="end" class="tick">'
        f"{escape(_fmt(low))}</text>",
    ]
    for i, r in enumerate(readings):
        parts.append(
            f'<text x="{x(i):.1f}" y="{HEIGHT - 8}" text-anchor="middle" '
            f'class="tick">{escape(r["period"])}</text>'
        )
    if line("target"):
        parts.append(f'<polyline points="{line("target")}" class="target" fill="none"/>')
    if line("outcome"):
        parts.append(f'<polyline points="{line("outcome")}" class="outcome" fill="none"/>')
    for i, r in enumerate(readings):
        if r["target"] is not None:
            parts.append(
                f'<rect x="{x(i) - 3:.1f}" y="{y(r["target"]) - 3:.1f}" width="6" '
                f'height="6" class="target"/>'
            )
        if r["outcome"] is not None:
            parts.append(
                f'<circle cx="{x(i):.1f}" cy="{y(r["outcome"]):.1f}" r="4" class="outcome"/>'
            )
    parts.append("</svg>")
    return Markup("".join(parts))
