"""What the work order module declares to the kernel and the top tier (pms.registry)."""

import re

from django.db.models import Count, Q
from django.utils import timezone

from equipment.rules import is_open_fault
from pms import registry
from pms.searching import Hit, Suggestion, action_link, highlight, newest, ranked
from workorders.models import (
    OPEN_STATUSES,
    WorkOrder,
    WorkOrderNote,
    WorkOrderPart,
    WorkOrderStatus,
    can_transition,
)
from workorders.rules import CLOSED_STATUSES, due_filters
from workorders.selectors import open_duplicate_of
from workorders.serializers import work_order_detail, work_order_dict

registry.register_collection(
    registry.Collection(
        name="work-orders",
        queryset=lambda: WorkOrder.objects.select_related("vessel"),
        serialize=work_order_dict,
        search=("number", "title"),
        detail=work_order_detail,
    )
)


def work_orders_tile(request, vessel) -> dict:
    due = due_filters(timezone.localdate())
    mine = Q(status__in=OPEN_STATUSES, assignee=request.user)
    open_work_orders = WorkOrder.objects.filter(vessel=vessel, status__in=OPEN_STATUSES)
    # Every count is of open work orders: read only those (a partial index), not years of closed ones.
    counts = open_work_orders.aggregate(
        active=Count("id", filter=Q(status__in=OPEN_STATUSES)),
        overdue=Count("id", filter=due["overdue"]),
        due_this_week=Count("id", filter=due["week"]),
        in_progress=Count("id", filter=Q(status=WorkOrderStatus.IN_PROGRESS)),
        mine=Count("id", filter=mine),
    )
    my_work = open_work_orders.filter(mine).select_related("equipment").order_by("due_date", "number")[:5]
    return {"work_order_counts": counts, "my_work_orders": my_work}


registry.register_tile(
    registry.Tile(name="work_orders", template="workorders/tiles/work_orders.html", context=work_orders_tile, order=20)
)


def reserved_on_open_work_orders(part) -> int:
    """Units on the parts lists of work orders that are still open (not yet taken from stock)."""
    lines = WorkOrderPart.objects.filter(part=part, work_order__status__in=OPEN_STATUSES)
    # The few lines' quantities summed here: a plain read, whose SQL a record page keeps
    # (`pms.prepared`); as an aggregate it was written afresh every time (a tenth of the part page).
    return sum(lines.values_list("quantity", flat=True))


registry.register_reservations(reserved_on_open_work_orders)

# Buttons of the work order page, in the order shown, with the status each needs.
_on_work_order = {
    "model": "workorders.workorder",
    "params": lambda wo: {"work_order_id": wo.pk},
    "target": "work_order",
}
for order, (action, shown) in enumerate(
    (
        ("add_part_to_work_order", lambda wo: wo.is_open),
        ("add_note_to_work_order", lambda wo: wo.status not in CLOSED_STATUSES),
        ("assign_work_order", lambda wo: wo.is_open),
        ("start_work_order", lambda wo: can_transition(wo.status, WorkOrderStatus.IN_PROGRESS)),
        ("mark_work_order_complete", lambda wo: can_transition(wo.status, WorkOrderStatus.COMPLETED)),
        ("cancel_work_order", lambda wo: can_transition(wo.status, WorkOrderStatus.CANCELLED)),
    )
):
    registry.register_button(registry.ObjectButton(action=action, shown=shown, order=order, **_on_work_order))

registry.register_button(
    registry.ObjectButton(
        model="equipment.fault",
        action="create_work_order_from_fault",
        params=lambda f: {"fault_id": f.pk},
        # Not for a fault already dealt with, nor one with a work order (the page offers that one).
        shown=lambda f: is_open_fault(f.status) and open_duplicate_of(f) is None,
        order=10,
    )
)
registry.register_button(
    registry.ObjectButton(model="inventory.part", action="log_part_usage", params=lambda p: {"part_id": p.pk}, order=10)
)

WORK_ORDER_NUMBER = re.compile(r"^WO-\d{4}-\d{4,}$", re.IGNORECASE)


def _note_suggestions(query, found) -> list:
    if not WORK_ORDER_NUMBER.match(query):
        return []
    return [
        Suggestion(f"Add note to {w.number}", action_link("add_note_to_work_order", work_order_id=w.pk))
        for w in found.get("work_order", [])
        if w.number.upper() == query.upper()
    ]


registry.register_search_kind(
    registry.SearchKind(
        name="work_order",
        label="Work orders",
        order=30,
        find=lambda vessel, query, terms: ranked(
            WorkOrder.objects.filter(vessel=vessel), ["number", "title"], query, terms
        ),
        hit=lambda w, terms: Hit(
            "work_order",
            highlight(f"{w.number} {w.title}", terms),
            w.get_absolute_url(),
            "",
            w.status,
            w.get_status_display(),
        ),
        suggest=_note_suggestions,
    )
)


def _note_hit(note, terms) -> Hit:
    work_order = note.work_order
    return Hit(
        "note",
        highlight(f"{work_order.number} {work_order.title}", terms),
        f"{work_order.get_absolute_url()}#note-{note.pk}",
        highlight(note.note_text, terms, width=160),
        note.note_type,
        f"{note.get_note_type_display()} note",
    )


registry.register_search_kind(
    registry.SearchKind(
        name="note",
        label="Work order notes",
        order=35,
        find=lambda vessel, query, terms: newest(
            WorkOrderNote.objects.filter(vessel=vessel).select_related("work_order"), ["note_text"], terms
        ),
        hit=_note_hit,
    )
)
