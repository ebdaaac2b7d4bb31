from django.db.models import F, Sum

from inventory.models import USAGE_REASONS, StockMovement
from pms.actions.base import ActionError, find
from pms.actions.forms import Picker, is_uuid
from pms.formatting import role_label
from pms.models import User
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


def vessel_members(vessel):
    """The vessel's active members with their role there (`vessel_role`), by name."""
    return (
        User.objects.filter(memberships__vessel=vessel, memberships__active=True, is_active=True)
        .annotate(vessel_role=F("memberships__role"))
        .order_by("first_name", "last_name", "username")
    )


def member_picker(blank: str) -> Picker:
    return Picker(
        rows=vessel_members,
        label=lambda u: f"{u.printed_name} · {role_label(u.vessel_role)}",
        search=("first_name", "last_name", "username"),
        blank=blank,
    )


def find_member(*, vessel, pk) -> User:
    """An active member of `vessel` with this id, else ASSIGNEE_NOT_FOUND (a user of another vessel too)."""
    member = vessel_members(vessel).filter(pk=pk).first() if is_uuid(pk) else None
    if member is None:
        raise ActionError("ASSIGNEE_NOT_FOUND", f"No active member of {vessel.name} has this id.", field="assignee_id")
    return member


def open_for_fault_code(*, equipment, fault_code: str, besides_fault) -> list[tuple[str, str]]:
    """(number, status) of open work orders on `equipment` raised from other faults with this code."""
    if not fault_code:
        return []
    rows = (
        WorkOrder.objects.filter(equipment=equipment, fault__fault_code=fault_code, status__in=OPEN_STATUSES)
        .exclude(fault=besides_fault)
        .order_by("number")
    )
    return list(rows.values_list("number", "status")[:5])
