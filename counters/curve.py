"""The running-hours curve of a counter: hours against date, drawn server-side as an inline SVG.

`curve(readings)` turns (read_at, total, kind) rows into the geometry `_curve.html` draws:
a polyline scaled to the readings, axis ticks with their labels, the meter replacements
marked, and the words of its accessible title and description.
"""

from datetime import UTC
from decimal import Decimal

WIDTH, HEIGHT = 720, 260
LEFT, RIGHT, TOP, BOTTOM = 78, 16, 14, 34
MAX_POINTS = 400


def _date(moment) -> str:
    return f"{moment.astimezone(UTC):%-d %b %Y}"


def _thin(readings: list) -> list:
    """At most MAX_POINTS points, evenly picked, always keeping the first and the last."""
    if len(readings) <= MAX_POINTS:
        return readings
    step = (len(readings) - 1) / (MAX_POINTS - 1)
    return [readings[round(i * step)] for i in range(MAX_POINTS)]


def curve(readings: list[tuple], *, unit: str = "h", daily_rate: Decimal | None = None) -> dict | None:
    """The curve's geometry, or None with fewer than two readings to draw a line between."""
    if len(readings) < 2:
        return None
    first_at, last_at = readings[0][0], readings[-1][0]
    low, high = min(r[1] for r in readings), max(r[1] for r in readings)
    span_s = max((last_at - first_at).total_seconds(), 1.0)
    span_h = max(high - low, 1)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(moment) -> float:
        return round(LEFT + (moment - first_at).total_seconds() / span_s * plot_w, 1)

    def y(total) -> float:
        return round(TOP + plot_h - (total - low) / span_h * plot_h, 1)

    points = _thin(readings)
    x_ticks = [
        {"x": x(first_at + (last_at - first_at) * i / 3), "label": _date(first_at + (last_at - first_at) * i / 3)}
        for i in range(4)
    ]
    y_ticks = [{"y": y(low + span_h * i / 2), "label": f"{round(low + span_h * i / 2):,} {unit}"} for i in range(3)]
    rate = f" About {daily_rate} {unit} a day lately." if daily_rate is not None else ""
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "left": LEFT,
        "right": WIDTH - RIGHT,
        "top": TOP,
        "bottom": HEIGHT - BOTTOM,
        "label_x": LEFT - 8,
        "label_y": HEIGHT - BOTTOM + 22,
        "polyline": " ".join(f"{x(at)},{y(total)}" for at, total, _ in points),
        "x_ticks": x_ticks,
        "y_ticks": y_ticks,
        "replacements": [
            {"x": x(at), "y": y(total), "label": f"Meter replaced on {_date(at)} at {total:,} {unit}"}
            for at, total, kind in readings
            if kind == "meter_start"
        ],
        "last": {"x": x(last_at), "y": y(readings[-1][1])},
        "description": (
            f"{len(readings)} readings from {low:,} {unit} on {_date(first_at)} "
            f"to {high:,} {unit} on {_date(last_at)}.{rate}"
        ),
    }
