"""The trend chart as inline SVG, drawn on the server (no JavaScript, no CDN).

Two series over the harvest runs: open findings (left axis, line) and the share of clean
records (right axis, 0-100 %, dashed line). Each point has a ``<title>`` so a browser shows the
exact figures on hover.
"""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import Markup, escape

from node.quality.queries import TrendPoint

WIDTH, HEIGHT = 720, 240
LEFT, RIGHT, TOP, BOTTOM = 56, 56, 16, 40


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


def trend_svg(points: Sequence[TrendPoint]) -> Markup:
    """The chart, or a short sentence when there is no harvest run yet."""
    if not points:
        return Markup('<p class="muted">No harvest run has been checked yet.</p>')
    top = _nice_max(max(p.open for p in points))
    n = len(points)
    parts = [
        f'<svg class="trend" role="img" viewBox="0 0 {WIDTH} {HEIGHT}" '
        f'width="{WIDTH}" height="{HEIGHT}" xmlns="http://www.w3.org/2000/svg" '
        'aria-label="Open findings and share of clean records per harvest run">',
        *_axes(top),
        _polyline([(_x(i, n), _y(p.open, top)) for i, p in enumerate(points)], "open-line"),
        _polyline(
            [(_x(i, n), _y(p.clean_share * 100, 100)) for i, p in enumerate(points)],
            "clean-line",
        ),
    ]
    for i, p in enumerate(points):
        parts.append(_point(i, n, p, top))
    parts.append(_legend())
    parts.append("</svg>")
    return Markup("".join(parts))


def _axes(top: int) -> list[str]:
    bottom = HEIGHT - BOTTOM
    lines = [
        f'<line class="axis" x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{bottom}"/>',
        f'<line class="axis" x1="{LEFT}" y1="{bottom}" x2="{WIDTH - RIGHT}" y2="{bottom}"/>',
    ]
    for fraction in (0, 0.5, 1):
        y = _y(top * fraction, top)
        lines.append(
            f'<line class="grid" x1="{LEFT}" y1="{y:.1f}" x2="{WIDTH - RIGHT}" y2="{y:.1f}"/>'
        )
        lines.append(
            f'<text class="tick" x="{LEFT - 6}" y="{y + 4:.1f}" text-anchor="end">'
            f"{int(top * fraction)}</text>"
        )
        lines.append(
            f'<text class="tick" x="{WIDTH - RIGHT + 6}" y="{y + 4:.1f}">'
            f"{int(100 * fraction)}%</text>"
        )
    return lines


def _polyline(coords: list[tuple[float, float]], css: str) -> str:
    points = " ".join(f"{x:.1f},{y:.1f}" for x, y in coords)
    return f'<polyline class="{css}" fill="none" points="{points}"/>'


def _point(i: int, n: int, p: TrendPoint, top: int) -> str:
    x = _x(i, n)
    label = escape(
        f"run {p.run_id} ({p.at:%Y-%m-%d %H:%M}): {p.open} open findings, "
        f"{p.clean_share:.0%} of {p.records} records clean"
    )
    tick = ""
    if n <= 12 or i in (0, n - 1) or i % max(1, n // 6) == 0:
        tick = (
            f'<text class="tick" x="{x:.1f}" y="{HEIGHT - BOTTOM + 16}" '
            f'text-anchor="middle">#{p.run_id}</text>'
        )
    return (
        f'<g class="run" data-run="{p.run_id}"><title>{label}</title>'
        f'<circle class="open-dot" cx="{x:.1f}" cy="{_y(p.open, top):.1f}" r="4"/>'
        f'<circle class="clean-dot" cx="{x:.1f}" cy="{_y(p.clean_share * 100, 100):.1f}" r="3"/>'
        f"{tick}</g>"
    )


def _legend() -> str:
    y = HEIGHT - 8
    return (
        f'<g class="legend"><line class="open-line" x1="{LEFT}" y1="{y - 4}" x2="{LEFT + 24}" '
        f'y2="{y - 4}"/><text x="{LEFT + 30}" y="{y}">open findings</text>'
        f'<line class="clean-line" x1="{LEFT + 160}" y1="{y - 4}" x2="{LEFT + 184}" '
        f'y2="{y - 4}"/><text x="{LEFT + 190}" y="{y}">clean records (%)</text></g>'
    )
