"""The trend chart as inline SVG, drawn on the server (no JavaScript, no CDN).

Two series over the office's harvest cycles: open findings (left axis, line) and the share of
clean records (right axis, 0-100 %, dashed line). Each point has a ``<title>`` so a browser shows
the exact figures on hover. This module only computes the geometry; the markup is the template
``quality/_trend.svg`` (escaped by Jinja like every page).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from flask import current_app
from markupsafe import Markup

from node.quality.queries import TrendPoint

WIDTH, HEIGHT = 720, 240
LEFT, RIGHT, TOP, BOTTOM = 56, 56, 16, 40
#: At most this many points get an x-axis label (first, last and evenly spaced ones).
MAX_TICKS = 12


@dataclass(frozen=True)
class GridLine:
    y: float
    left_label: int
    right_label: str


@dataclass(frozen=True)
class ChartPoint:
    point: TrendPoint
    x: float
    y_open: float
    y_clean: float
    label: str  # hover text
    tick: str  # x-axis label, "" when this point has none


@dataclass(frozen=True)
class Chart:
    grid: list[GridLine]
    points: list[ChartPoint]
    open_line: str
    clean_line: str
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    right: int = WIDTH - RIGHT
    top: int = TOP
    bottom: int = HEIGHT - BOTTOM


def _x(index: int, count: int) -> float:
    span = WIDTH - LEFT - RIGHT
    return LEFT + (span * index / (count - 1) if count > 1 else span / 2)


def _y(value: float, top_value: float) -> float:
    span = HEIGHT - TOP - BOTTOM
    return TOP + span * (1 - (value / top_value if top_value else 0))


def _nice_max(value: int) -> int:
    for step in (5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000):
        if value <= step:
            return step
    return int(value * 1.1) + 1


def _label(number: int, p: TrendPoint) -> str:
    runs = p.runs or (p.run_id,)
    which = f"run {runs[0]}" if len(runs) == 1 else "runs " + ", ".join(map(str, runs))
    return (
        f"harvest {number} ({p.at:%Y-%m-%d %H:%M}, {which}): {p.open} open findings, "
        f"{p.clean_share:.0%} of {p.records} records clean"
    )


def _has_tick(i: int, n: int) -> bool:
    return n <= MAX_TICKS or i in (0, n - 1) or i % max(1, n // 6) == 0


def _polyline(coords: list[tuple[float, float]]) -> str:
    return " ".join(f"{x:.1f},{y:.1f}" for x, y in coords)


def layout(points: Sequence[TrendPoint]) -> Chart:
    """Where every line, dot and label goes for ``points`` (at least one)."""
    top = _nice_max(max(p.open for p in points))
    n = len(points)
    placed = [
        ChartPoint(
            p,
            round(_x(i, n), 1),
            round(_y(p.open, top), 1),
            round(_y(p.clean_share * 100, 100), 1),
            _label(i + 1, p),
            f"#{i + 1}" if _has_tick(i, n) else "",
        )
        for i, p in enumerate(points)
    ]
    grid = [
        GridLine(round(_y(top * f, top), 1), int(top * f), f"{int(100 * f)}%") for f in (0, 0.5, 1)
    ]
    return Chart(
        grid=grid,
        points=placed,
        open_line=_polyline([(c.x, c.y_open) for c in placed]),
        clean_line=_polyline([(c.x, c.y_clean) for c in placed]),
    )


def trend_svg(points: Sequence[TrendPoint]) -> Markup:
    """The chart, or a short sentence when there is no harvest run yet."""
    if not points:
        return Markup('<p class="muted">No harvest run has been checked yet.</p>')
    template = current_app.jinja_env.get_template("quality/_trend.svg")  # a fragment: no context
    return Markup(template.render(chart=layout(points)))
