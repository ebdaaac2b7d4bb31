"""Rows the benchmark works on, per vessel: open work orders to note and complete, stocked parts to use."""

from django.db.models import F

from inventory.models import Part
from workorders.models import WorkOrder


def targets_for(code: str, *, limit: int = 400) -> dict:
    open_orders = WorkOrder.objects.filter(vessel__code=code, status__in=["open", "in_progress", "pending_parts"])
    parts = Part.objects.filter(vessel__code=code, quantity_on_hand__gte=F("minimum_quantity") + 10)
    return {
        "work_orders": [str(pk) for pk in open_orders.order_by("number").values_list("pk", flat=True)[:limit]],
        "detail_work_orders": [
            str(pk) for pk in WorkOrder.objects.filter(vessel__code=code).values_list("pk", flat=True)[:limit]
        ],
        "parts": [str(pk) for pk in parts.order_by("part_number").values_list("pk", flat=True)[:limit]],
    }
