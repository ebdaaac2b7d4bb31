"""What the inventory module declares to the kernel and the top tier (pms.registry)."""

from django.db.models import Count
from django.utils.html import escape

from inventory.models import Part, StockStatus
from inventory.rules import REORDER_Q, STATUS_FILTERS
from inventory.serializers import part_dict
from pms import registry
from pms.searching import Hit, Suggestion, action_link, highlight, ranked

registry.register_collection(
    registry.Collection(
        name="parts",
        queryset=lambda: Part.objects.select_related("vessel"),
        serialize=part_dict,
        search=("part_number", "name", "manufacturer"),
    )
)


def stock_tile(request, vessel) -> dict:
    # Both counts are of parts at or under their minimum (none is below zero, nor a minimum): read
    # only those, through the partial index part_low_stock, not every part of the vessel.
    reorder = Part.objects.filter(REORDER_Q, vessel=vessel)
    return {
        "stock_counts": reorder.aggregate(**{k: Count("id", filter=q) for k, q in STATUS_FILTERS.items()}),
        "low_stock": reorder.order_by("quantity_on_hand")[:5],
    }


registry.register_tile(registry.Tile(name="stock", template="inventory/tiles/stock.html", context=stock_tile, order=30))

for order, action in ((20, "record_stock_count"), (30, "receive_parts")):
    registry.register_button(
        registry.ObjectButton(model="inventory.part", action=action, params=lambda p: {"part_id": p.pk}, order=order)
    )


def _stock_suggestions(query, found) -> list:
    return [
        Suggestion(f"Check stock of {p.part_number}", action_link("check_stock_level", part_id=p.pk))
        for p in found.get("part", [])
        if p.part_number.upper() == query.upper()
    ]


registry.register_search_kind(
    registry.SearchKind(
        name="part",
        label="Parts",
        order=40,
        find=lambda vessel, query, terms: ranked(
            Part.objects.filter(vessel=vessel), ["part_number", "name", "manufacturer"], query, terms
        ),
        hit=lambda p, terms: Hit(
            "part",
            highlight(f"{p.part_number} {p.name}", terms),
            p.get_absolute_url(),
            escape(f"{p.quantity_on_hand} {p.unit} on hand · {p.location}"),
            p.stock_status.lower(),
            StockStatus(p.stock_status).label,
        ),
        suggest=_stock_suggestions,
    )
)
