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


def chief_sessions() -> dict:
    """A logged-in session of each seeded vessel's chief, as the Cookie header's `name=value` by vessel code."""
    from django.conf import settings
    from django.test import Client

    from pms.models import User, Vessel

    cookies = {}
    for code in Vessel.objects.filter(code__startswith="FLEET").values_list("code", flat=True):
        client = Client()
        client.force_login(User.objects.get(username=f"{code.lower()}-chief"))
        cookies[code] = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
    return cookies
