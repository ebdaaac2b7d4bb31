"""The work order module's rules: the one place each is written."""

from datetime import timedelta

from django.db.models import Q

from equipment.models import Severity
from workorders.models import OPEN_STATUSES, Priority, WorkOrderStatus

CLOSED_STATUSES = (WorkOrderStatus.CLOSED, WorkOrderStatus.CANCELLED)
# A fault code seen again within this many days is called out in the new work order's description.
RECURRENCE_DAYS = 30

PRIORITY_FOR_SEVERITY = {
    Severity.CRITICAL: Priority.URGENT,
    Severity.HIGH: Priority.HIGH,
    Severity.MEDIUM: Priority.NORMAL,
    Severity.LOW: Priority.LOW,
}
PRIORITY_RANK = {p: i for i, p in enumerate(Priority.values)}


def priority_for_severity(severity: str) -> str:
    """The priority a fault of this severity calls for (critical → urgent … low → low)."""
    return PRIORITY_FOR_SEVERITY.get(severity, Priority.NORMAL)


def raised_priority(severity: str, *, floor: str = Priority.NORMAL) -> str:
    """The severity's priority, never below `floor`: a severe fault raises it, a mild one leaves it."""
    priority = priority_for_severity(severity)
    return priority if PRIORITY_RANK[priority] > PRIORITY_RANK[floor] else floor


def due_filters(today) -> dict[str, Q]:
    """The list's `?due=` filters, which the dashboard counts too: open work orders past or near their due date."""
    return {
        "overdue": Q(status__in=OPEN_STATUSES, due_date__lt=today),
        "week": Q(status__in=OPEN_STATUSES, due_date__gte=today, due_date__lte=today + timedelta(days=7)),
    }
