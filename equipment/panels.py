"""Sections that modules above equipment add to the equipment page, without equipment importing them.

A module registers a `Panel` from its `ui.py`. The page renders, in order, each panel whose
`context(request, equipment)` returns a dict (None: nothing to show for this equipment), with
its `template`, which reads that dict as `panel`.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Panel:
    name: str
    template: str
    context: Callable  # (request, equipment) -> dict | None
    order: int = 100


_panels: list[Panel] = []


def register_panel(panel: Panel) -> None:
    if any(p.name == panel.name for p in _panels):
        raise ValueError(f"equipment panel {panel.name!r} registered twice")
    _panels.append(panel)
    _panels.sort(key=lambda p: (p.order, p.name))


def panels_for(request, equipment) -> list[dict]:
    shown = []
    for panel in _panels:
        context = panel.context(request, equipment)
        if context is not None:
            shown.append({"name": panel.name, "template": panel.template, "context": context})
    return shown
