"""What the handover board declares to the kernel (pms.registry)."""

from django.urls import reverse

from handover.models import EntityType, HandoverItem
from handover.selectors import open_items
from handover.serializers import item_dict
from pms import registry
from pms.searching import Hit, highlight, newest

registry.register_collection(
    registry.Collection(
        name="handover",
        queryset=lambda: HandoverItem.objects.select_related("vessel", "added_by", "acknowledged_by"),
        serialize=item_dict,
        search=("summary_text",),
    )
)


def handover_tile(request, vessel) -> dict:
    items = open_items(vessel=vessel)
    return {"handover_count": items.count(), "handover_items": items[:5]}


registry.register_tile(
    registry.Tile(name="handover", template="handover/tiles/handover.html", context=handover_tile, order=40)
)

# Every record an item may name offers "Add to handover" on its page.
for model, entity_type in (
    ("equipment.fault", EntityType.FAULT),
    ("workorders.workorder", EntityType.WORK_ORDER),
    ("equipment.equipment", EntityType.EQUIPMENT),
    ("manuals.manualsection", EntityType.DOCUMENT_SECTION),
    ("inventory.part", EntityType.PART),
):
    registry.register_button(
        registry.ObjectButton(
            model=model,
            action="add_to_handover",
            params=lambda obj, entity_type=entity_type: {"entity_type": entity_type, "entity_id": obj.pk},
            primary=False,
            order=90,
        )
    )


def _item_hit(item, terms) -> Hit:
    """An open item links to its place on the board; an acknowledged one to the history."""
    where = f"{reverse('handover:board')}#item-{item.pk}" if item.is_open else reverse("handover:history")
    state = item.get_priority_display() if item.is_open else "Acknowledged"
    return Hit(
        "handover",
        highlight(item.summary_text[:90], terms),
        where,
        highlight(item.summary_text, terms, width=160) if len(item.summary_text) > 90 else "",
        item.priority if item.is_open else "closed",
        state,
    )


registry.register_search_kind(
    registry.SearchKind(
        name="handover",
        label="Handover",
        order=60,
        find=lambda vessel, query, terms: newest(HandoverItem.objects.filter(vessel=vessel), ["summary_text"], terms),
        hit=_item_hit,
    )
)
