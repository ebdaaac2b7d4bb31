"""Rows the benchmark works on, per vessel: open work orders to note and complete, stocked parts to use."""

from django.db.models import F

from inventory.models import Part
from workorders.models import WorkOrder


def targets_for(code: str, *, limit: int = 400) -> dict:
    open_orders = WorkOrder.objects.filter(vessel__code=code, status__in=["open", "in_progress", "pending_parts"])
    parts = Part.objects.filter(vessel__code=code, quantity_on_hand__gte=F("minimum_quantity") + 10)
    return {
        "work_orders": _one_per_fault(open_orders.order_by("number").values_list("pk", "fault_id"), limit),
        "detail_work_orders": [
            str(pk) for pk in WorkOrder.objects.filter(vessel__code=code).values_list("pk", flat=True)[:limit]
        ],
        "parts": [str(pk) for pk in parts.order_by("part_number").values_list("pk", flat=True)[:limit]],
    }


def _one_per_fault(rows, limit: int) -> list[str]:
    """Open work orders of distinct faults (or of none). Completing the last open work order of a
    fault resolves it, so two users completing two of one fault's work orders at once would see
    the second's preview go stale (STALE_PREVIEW, as designed) and count it as an error."""
    chosen, faults = [], set()
    for pk, fault_id in rows.iterator():
        if fault_id is not None and fault_id in faults:
            continue
        faults.add(fault_id)
        chosen.append(str(pk))
        if len(chosen) == limit:
            break
    return chosen


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
