"""One dict shape per model of the handover board: actions, the read API and tests use these."""

from pms.serializers import iso, name_of, values

ITEM_FIELDS = ["entity_type", "summary_text", "category", "priority", "created_at", "acknowledged_at"]


def item_dict(item) -> dict:
    return {
        **values(item, ITEM_FIELDS),
        "entity_id": str(item.entity_id) if item.entity_id else None,
        "added_by_id": str(item.added_by_id) if item.added_by_id else None,
        "added_by": name_of(item.added_by),
        "added_at": iso(item.created_at),
        "acknowledged_by_id": str(item.acknowledged_by_id) if item.acknowledged_by_id else None,
        "acknowledged_by": name_of(item.acknowledged_by),
    }


def entity_dict(entity_type: str, entity) -> dict:
    """The record an item names, as its card shows it."""
    return {
        "type": entity_type,
        "id": str(entity.pk),
        "label": str(entity),
        "url": entity.get_absolute_url(),
        "status": getattr(entity, "status", None) or getattr(entity, "stock_status", None),
    }
