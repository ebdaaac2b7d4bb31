"""The compliance picture as a server-drawn SVG (no script, strict CSP): on-time share per window,
and overdue jobs by criticality."""

BAR_WIDTH, GAP, HEIGHT = 90, 30, 160


def compliance_chart(figures: dict) -> dict:
    """Bars of the on-time percentage for 30/90/365 days, and bars of overdue counts."""
    windows = figures["windows"]
    share = []
    for i, days in enumerate((30, 90, 365)):
        percent = windows[days]["percent"]
        value = percent or 0
        height = round(HEIGHT * value / 100)
        share.append(
            {
                "x": GAP + i * (BAR_WIDTH + GAP),
                "y": HEIGHT - height + 20,
                "height": height,
                "label": f"{days} days",
                "value": "no cycles" if percent is None else f"{percent} %",
                "closed": windows[days]["closed"],
                "on_time": windows[days]["on_time"],
                "tone": "bad" if percent is not None and percent < 80 else "good",
            }
        )
    overdue = figures["overdue"]
    top = max(overdue.values()) or 1
    late = []
    for i, (key, label) in enumerate((("critical", "Critical"), ("class_item", "Class items"), ("other", "Other"))):
        height = round(HEIGHT * overdue[key] / top) if overdue[key] else 0
        late.append(
            {
                "x": GAP + i * (BAR_WIDTH + GAP),
                "y": HEIGHT - height + 20,
                "height": height,
                "label": label,
                "value": overdue[key],
            }
        )
    width = GAP + 3 * (BAR_WIDTH + GAP)
    return {
        "share": share,
        "overdue": late,
        "width": width,
        "height": HEIGHT + 60,
        "bar_width": BAR_WIDTH,
        "base": HEIGHT + 20,
    }


TREND_WIDTH, TREND_HEIGHT = 640, 220
T_LEFT, T_RIGHT, T_TOP, T_BOTTOM = 70, 16, 14, 40


def trend_chart(trend) -> dict | None:
    """A measurement step across cycles: one point per work order (evenly spaced), its limits as
    dashed lines, values outside them marked. None until there are two values."""
    points = trend.points
    if len(points) < 2:
        return None
    step = trend.step
    values = [value for _, _, value, _ in points]
    limits = [float(v) for v in (step.min_value, step.max_value) if v is not None]
    low, high = min(values + limits), max(values + limits)
    pad = (high - low) * 0.1 or 1.0
    low, high = low - pad, high + pad
    plot_w, plot_h = TREND_WIDTH - T_LEFT - T_RIGHT, TREND_HEIGHT - T_TOP - T_BOTTOM

    def x(i: int) -> float:
        return round(T_LEFT + i * plot_w / (len(points) - 1), 1)

    def y(value: float) -> float:
        return round(T_TOP + plot_h - (value - low) / (high - low) * plot_h, 1)

    unit = f" {step.unit}" if step.unit else ""
    dots = [
        {"x": x(i), "y": y(value), "failed": failed, "label": f"{number}, {day:%-d %b %Y}: {value:g}{unit}"}
        for i, (number, day, value, failed) in enumerate(points)
    ]
    first, last = points[0], points[-1]
    outside = sum(1 for *_, failed in points if failed)
    return {
        "width": TREND_WIDTH,
        "height": TREND_HEIGHT,
        "left": T_LEFT,
        "right": TREND_WIDTH - T_RIGHT,
        "top": T_TOP,
        "bottom": TREND_HEIGHT - T_BOTTOM,
        "label_x": T_LEFT - 8,
        "label_y": TREND_HEIGHT - T_BOTTOM + 22,
        "polyline": " ".join(f"{d['x']},{d['y']}" for d in dots),
        "dots": dots,
        "limits": [{"y": y(v), "label": f"{v:g}{unit}"} for v in limits],
        "y_ticks": [
            {"y": y(low + (high - low) * i / 2), "label": f"{low + (high - low) * i / 2:.4g}{unit}"} for i in range(3)
        ],
        "x_ticks": [
            {"x": x(0), "label": f"{first[1]:%-d %b %Y}"},
            {"x": x(len(points) - 1), "label": f"{last[1]:%-d %b %Y}"},
        ],
        "description": (
            f"{step.title}: {len(points)} cycles from {first[1]:%-d %b %Y} to {last[1]:%-d %b %Y}, "
            f"last {last[2]:g}{unit}, lowest {min(values):g}{unit}, highest {max(values):g}{unit}"
            + (f"; {outside} outside the limits." if outside else "; all within the limits.")
        ),
    }
