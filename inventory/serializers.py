"""One dict shape per model of the inventory module: actions, the read API and tests use these."""

from inventory.models import Part, StockMovement
from pms.serializers import iso, name_of, values

PART_FIELDS = [
    "part_number",
    "name",
    "manufacturer",
    "category",
    "unit",
    "location",
    "quantity_on_hand",
    "minimum_quantity",
    "maximum_quantity",
    "last_counted_at",
]


def part_dict(part) -> dict:
    """The whole part, as the read API lists it."""
    return {**values(part, PART_FIELDS), "stock_status": str(part.stock_status)}


def part_summary(part: Part) -> dict:
    return {
        "id": str(part.pk),
        "part_number": part.part_number,
        "name": part.name,
        "unit": part.unit,
        "location": part.location,
        "quantity_on_hand": part.quantity_on_hand,
        "minimum_quantity": part.minimum_quantity,
        "maximum_quantity": part.maximum_quantity,
        "stock_status": str(part.stock_status),
    }


def ledger_entry(movement: StockMovement) -> dict:
    return {
        "id": str(movement.pk),
        "quantity": movement.quantity,
        "quantity_after": movement.quantity_after,
        "reason": movement.reason,
        "work_order_id": str(movement.work_order_id) if movement.work_order_id else None,
        "equipment_id": str(movement.equipment_id) if movement.equipment_id else None,
        "reference": movement.reference,
        "notes": movement.notes,
        "performed_by": name_of(movement.performed_by),
        "performed_at": iso(movement.performed_at),
    }


def stock_dict(part: Part) -> dict:
    return {
        "quantity_on_hand": part.quantity_on_hand,
        "minimum_quantity": part.minimum_quantity,
        "maximum_quantity": part.maximum_quantity,
        "unit": part.unit,
        "stock_status": str(part.stock_status),
        "location": part.location,
        "last_counted_at": part.last_counted_at.isoformat() if part.last_counted_at else None,
        "last_counted_by": part.last_counted_by.printed_name if part.last_counted_by else None,
    }
