"""Rows the benchmark works on, per vessel: open work orders to note and complete, stocked parts to use."""

from collections import defaultdict

from django.db.models import F

from inventory.models import Part
from workorders.models import WorkOrder, WorkOrderPart


def targets_for(code: str, *, limit: int = 400) -> dict:
    # Work orders of the reactive loop: a planned one's completion also needs what its job asks
    # (the meter's reading for a job counted in hours, its card's mandatory steps), which the
    # benchmark's users do not give; it would be refused, as it should be.
    open_orders = WorkOrder.objects.filter(
        vessel__code=code, status__in=["open", "in_progress", "pending_parts"], planned__isnull=True
    )
    parts = Part.objects.filter(vessel__code=code, quantity_on_hand__gte=F("minimum_quantity") + 10)
    part_ids = [str(pk) for pk in parts.order_by("part_number").values_list("pk", flat=True)[:limit]]
    listed = defaultdict(set)
    for work_order_id, part_id in WorkOrderPart.objects.filter(work_order__in=open_orders).values_list(
        "work_order_id", "part_id"
    ):
        listed[work_order_id].add(str(part_id))
    rows = ((pk, fault_id, listed[pk]) for pk, fault_id in open_orders.order_by("number").values_list("pk", "fault_id"))
    return {
        "work_orders": _independent(rows, limit, taken=set(part_ids)),
        "detail_work_orders": [
            str(pk) for pk in WorkOrder.objects.filter(vessel__code=code).values_list("pk", flat=True)[:limit]
        ],
        "parts": part_ids,
    }


def _independent(rows, limit: int, *, taken: set) -> list[str]:
    """Open work orders that no two users' actions touch at once: of distinct faults (or of none),
    and whose parts lists share no part with each other's or with the parts the users take from
    stock (`taken`). A completion's preview covers the work order, its fault and every part it
    involves, its parts list's included, and an execute after any of them changed is refused as
    stale (STALE_PREVIEW, as designed): completing the last open work order of a fault resolves
    it, and a completion or a usage of a part moves that part's stock."""
    chosen, faults, parts = [], set(), set(taken)
    for pk, fault_id, listed in rows:
        if (fault_id is not None and fault_id in faults) or listed & parts:
            continue
        faults.add(fault_id)
        parts |= listed
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
