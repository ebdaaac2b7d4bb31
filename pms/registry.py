"""Where modules declare themselves, so the kernel and the top tier never import them.

A module registers in its `ui.py` (imported at startup, like `actions.py`):
- read-API collections (`/api/v1/<name>`),
- dashboard tiles,
- object buttons (an action offered on a record's page, prefilled with that record),
- panels (a section a module adds to another module's record page),
- searchable kinds (the search box),
- stock reservations and pending orders (what `check_stock_level` reports).

Each kind of declaration is a small frozen dataclass; the registries keep them in order.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import import_module

from django.apps import apps
from django.utils.module_loading import module_has_submodule


@dataclass(frozen=True)
class Collection:
    """A read-API collection: `queryset()` is every row (scoped to the caller by the API).

    `filters` names foreign keys a list may be narrowed by, by id (`?work_order=<id>`).
    """

    name: str
    queryset: Callable
    serialize: Callable
    search: tuple[str, ...] = ()
    detail: Callable | None = None
    filters: tuple[str, ...] = ()


@dataclass(frozen=True)
class Tile:
    """A dashboard card: `context(request, vessel)` feeds `template` (rendered with that context)."""

    name: str
    template: str
    context: Callable
    order: int = 100


@dataclass(frozen=True)
class ObjectButton:
    """An action offered on the page of a `model` record, when `shown(obj)` and the role allow it."""

    model: str  # app_label.modelname
    action: str
    params: Callable  # obj -> prefill parameters
    shown: Callable = lambda obj: True
    label: str = ""  # defaults to the action's label
    order: int = 100
    primary: bool = True  # the first primary button of a page is drawn as its main one
    target: str = ""  # the name the action's Target gives the record (default: the model name)


@dataclass(frozen=True)
class Panel:
    """A section on the page of a `model` record: `context(request, obj)` feeds `template` as `panel`.

    The page draws, in order, each panel whose context is a dict (None: nothing to show here).
    """

    model: str  # app_label.modelname
    name: str
    template: str
    context: Callable  # (request, obj) -> dict | None
    order: int = 100


@dataclass(frozen=True)
class SearchKind:
    """One group of search results.

    `find(vessel, query, terms)` → rows; `hit(row, terms)` → a `pms.searching.Hit`;
    `suggest(query, found)` → `Suggestion`s, where `found` maps each kind's name to its rows.
    """

    name: str
    label: str
    find: Callable
    hit: Callable
    suggest: Callable | None = None
    order: int = 100


@dataclass
class _Registry:
    collections: dict[str, Collection] = field(default_factory=dict)
    tiles: list[Tile] = field(default_factory=list)
    buttons: list[ObjectButton] = field(default_factory=list)
    panels: list[Panel] = field(default_factory=list)
    search_kinds: list[SearchKind] = field(default_factory=list)
    reservation_providers: list[Callable] = field(default_factory=list)
    pending_order_providers: list[Callable] = field(default_factory=list)


_registry = _Registry()


def register_collection(collection: Collection) -> None:
    if collection.name in _registry.collections:
        raise ValueError(f"collection {collection.name!r} registered twice")
    _registry.collections[collection.name] = collection


def collection(name: str) -> Collection | None:
    return _registry.collections.get(name)


def collections() -> dict[str, Collection]:
    return dict(_registry.collections)


def register_tile(tile: Tile) -> None:
    _registry.tiles.append(tile)
    _registry.tiles.sort(key=lambda t: (t.order, t.name))


def tiles() -> list[Tile]:
    return list(_registry.tiles)


def register_button(button: ObjectButton) -> None:
    _registry.buttons.append(button)
    _registry.buttons.sort(key=lambda b: b.order)


def buttons_for(model_label: str) -> list[ObjectButton]:
    return [b for b in _registry.buttons if b.model == model_label]


def register_panel(panel: Panel) -> None:
    if any(p.model == panel.model and p.name == panel.name for p in _registry.panels):
        raise ValueError(f"panel {panel.name!r} on {panel.model} registered twice")
    _registry.panels.append(panel)
    _registry.panels.sort(key=lambda p: (p.order, p.name))


def panels_for(request, obj) -> list[dict]:
    """The panels shown on `obj`'s page: name, template and the context each one gave."""
    shown = []
    for panel in _registry.panels:
        if panel.model != obj._meta.label_lower:
            continue
        context = panel.context(request, obj)
        if context is not None:
            shown.append({"name": panel.name, "template": panel.template, "context": context})
    return shown


def register_search_kind(kind: SearchKind) -> None:
    _registry.search_kinds.append(kind)
    _registry.search_kinds.sort(key=lambda k: (k.order, k.name))


def search_kinds() -> list[SearchKind]:
    return list(_registry.search_kinds)


def register_reservations(provider: Callable) -> None:
    """`provider(part) -> int`: units of the part set aside (e.g. on open work orders' parts lists)."""
    _registry.reservation_providers.append(provider)


def reserved_quantity(part) -> int:
    return sum(provider(part) for provider in _registry.reservation_providers)


def register_pending_orders(provider: Callable) -> None:
    """`provider(part) -> list[dict]`: orders of the part not yet received."""
    _registry.pending_order_providers.append(provider)


def pending_orders(part) -> list[dict]:
    return [order for provider in _registry.pending_order_providers for order in provider(part)]


def autodiscover(submodule: str) -> None:
    """Import `submodule` of every installed app that has one (like the admin's autodiscover)."""
    for config in apps.get_app_configs():
        if module_has_submodule(config.module, submodule):
            import_module(f"{config.name}.{submodule}")
