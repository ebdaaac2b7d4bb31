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
