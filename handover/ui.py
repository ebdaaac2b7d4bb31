"""What the handover board declares to the kernel (pms.registry)."""

from handover.models import EntityType, HandoverItem
from handover.selectors import open_items
from handover.serializers import item_dict
from pms import registry

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
