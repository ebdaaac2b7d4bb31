"""The equipment module's rules: the one place each is written."""

from django.db.models import Q

from equipment.models import FaultStatus

# A fault is open until it is resolved or closed: reported, or with a work order raised.
OPEN_FAULT_STATUSES = (FaultStatus.OPEN, FaultStatus.WORK_ORDER_RAISED)


def is_open_fault(status: str) -> bool:
    return status in OPEN_FAULT_STATUSES


def open_faults_q(prefix: str = "") -> Q:
    """Filter for open faults; `prefix` reaches them through a relation (e.g. "faults__")."""
    return Q(**{f"{prefix}status__in": OPEN_FAULT_STATUSES})
