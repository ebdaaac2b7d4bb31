from django.db.models import Sum

from inventory.models import USAGE_REASONS, StockMovement
from pms.actions.base import find
from pms.actions.forms import Picker
from workorders.models import OPEN_STATUSES, WorkOrder, WorkOrderStatus
from workorders.serializers import part_line_dict


def find_work_order(*, user, pk) -> WorkOrder:
    """The work order with this id on one of the user's vessels, else WO_NOT_FOUND."""
    return find(
        WorkOrder.objects.select_related("vessel", "equipment", "assignee", "fault"),
        user=user,
        pk=pk,
        code="WO_NOT_FOUND",
        field="work_order_id",
        label="Work order",
    )


def work_order_for_update(pk):
    return (
        WorkOrder.objects.select_for_update(of=("self",))
        .select_related("vessel", "equipment", "assignee", "fault")
        .get(pk=pk)
    )


def open_duplicate_of(fault) -> WorkOrder | None:
    """The newest work order of this fault that is not cancelled (a duplicate to a new one)."""
    return (
        WorkOrder.objects.filter(fault=fault)
        .exclude(status=WorkOrderStatus.CANCELLED)
        .select_related("assignee")
        .order_by("-created_at")
        .first()
    )


def open_work_order_picker(blank: str) -> Picker:
    return Picker(
        rows=lambda vessel: (
            WorkOrder.objects.filter(vessel=vessel, status__in=OPEN_STATUSES)
            .only("number", "title")
            .order_by("-created_at")
        ),
        label=lambda w: f"{w.number} {w.title}",
        search=("number", "title"),
        blank=blank,
    )


def parts_list(work_order: WorkOrder) -> list[dict]:
    """The work order's shopping list with the stock of each line."""
    lines = work_order.parts.select_related("part").order_by("created_at")
    return [part_line_dict(line) for line in lines]


def logged_usage(work_order: WorkOrder, *, until=None) -> dict:
    """Units of each part already taken from stock against this work order (part id → units),
    by its usage ledger rows (up to `until`)."""
    rows = StockMovement.objects.filter(work_order=work_order, reason__in=USAGE_REASONS)
    if until is not None:
        rows = rows.filter(performed_at__lte=until)
    totals = rows.order_by().values_list("part_id").annotate(total=Sum("quantity"))
    return {part_id: -total for part_id, total in totals if total}
