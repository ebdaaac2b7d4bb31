"""Writes that more than one work order action needs: numbering and status changes."""

from django.db import transaction
from django.utils import timezone

from pms.actions.base import ActionError
from workorders.models import WorkOrder, WorkOrderNumberSequence, WorkOrderStatus, can_transition


@transaction.atomic
def next_work_order_number(*, vessel, year: int | None = None) -> str:
    """The next WO-YYYY-NNNN of the vessel: unique, and gap-free per year.

    The (vessel, year) counter row stays locked until the caller's transaction ends, so
    concurrent creations queue here and a rolled-back creation gives its number back.
    """
    return next_work_order_numbers(vessel=vessel, count=1, year=year)[0]


def next_work_order_numbers(*, vessel, count: int, year: int | None = None) -> list[str]:
    """The next `count` numbers at once, in order, under the same lock as `next_work_order_number`."""
    year = year or timezone.now().year
    # A missing row is created once (counting on from numbers already issued, e.g. by an
    # import); a concurrent creator waits on the unique index, then finds the same row.
    WorkOrderNumberSequence.objects.get_or_create(
        vessel=vessel, year=year, defaults={"last_number": _highest_issued(vessel=vessel, year=year)}
    )
    sequence = WorkOrderNumberSequence.objects.select_for_update().get(vessel=vessel, year=year)
    first = sequence.last_number + 1
    sequence.last_number += count
    sequence.save(update_fields=["last_number"])
    return [f"WO-{year}-{n:04d}" for n in range(first, first + count)]


def _highest_issued(*, vessel, year: int) -> int:
    prefix = f"WO-{year}-"
    numbers = WorkOrder.objects.filter(vessel=vessel, number__startswith=prefix).values_list("number", flat=True)
    return max((int(n.removeprefix(prefix)) for n in numbers if n.removeprefix(prefix).isdigit()), default=0)


def transition_refusal(work_order: WorkOrder, to: str) -> ActionError | None:
    """Why `work_order` may not move to status `to`, or None when it may."""
    if can_transition(work_order.status, to):
        return None
    status = work_order.get_status_display().lower()
    if work_order.status == WorkOrderStatus.COMPLETED:
        code, message = "WO_ALREADY_COMPLETE", f"{work_order.number} is already completed."
    elif work_order.status in (WorkOrderStatus.CLOSED, WorkOrderStatus.CANCELLED):
        code, message = "WO_CLOSED", f"{work_order.number} is {status}; it cannot be changed."
    else:
        code = "INVALID_TRANSITION"
        message = f"{work_order.number} is {status}; it cannot become {WorkOrderStatus(to).label.lower()}."
    return ActionError(code, message, field="work_order_id", details={"status": work_order.status, "to": to})


def check_transition(work_order: WorkOrder, to: str) -> None:
    refusal = transition_refusal(work_order, to)
    if refusal is not None:
        raise refusal


def set_status(work_order: WorkOrder, to: str, **fields) -> None:
    """Move the work order to `to` (refused unless the transition table allows it) and save."""
    check_transition(work_order, to)
    work_order.status = to
    for name, value in fields.items():
        setattr(work_order, name, value)
    work_order.save(update_fields=["status", *fields])
