"""Writes of faults that more than one action needs: status changes through the transition table."""

from django.utils import timezone

from equipment.models import Fault, FaultStatus, can_transition_fault
from pms.actions.base import ActionError


def fault_transition_refusal(fault: Fault, to: str) -> ActionError | None:
    """Why `fault` may not move to status `to`, or None when it may."""
    if can_transition_fault(fault.status, to):
        return None
    name = fault.fault_code or fault.title
    status = fault.get_status_display().lower()
    details = {"status": fault.status, "to": to}
    if fault.status == FaultStatus.CLOSED:
        return ActionError(
            "FAULT_CLOSED", f"Fault {name} is closed; it cannot be changed.", field="fault_id", details=details
        )
    if fault.status == FaultStatus.WORK_ORDER_RAISED and to == FaultStatus.CLOSED:
        message = f"Fault {name} has a work order raised: complete or cancel it first, or resolve the fault."
    else:
        message = f"Fault {name} is {status}; it cannot become {FaultStatus(to).label.lower()}."
    return ActionError("INVALID_TRANSITION", message, field="fault_id", details=details)


def check_fault_transition(fault: Fault, to: str) -> None:
    refusal = fault_transition_refusal(fault, to)
    if refusal is not None:
        raise refusal


def resolve_fault(fault: Fault, *, by, notes: str) -> None:
    """Mark the fault resolved by `by` now, with what fixed it."""
    check_fault_transition(fault, FaultStatus.RESOLVED)
    fault.status, fault.resolved_by, fault.resolved_at = FaultStatus.RESOLVED, by, timezone.now()
    fault.resolution_notes = notes[:5000]
    fault.save(update_fields=["status", "resolved_by", "resolved_at", "resolution_notes"])


def close_fault(fault: Fault, *, by, notes: str) -> None:
    check_fault_transition(fault, FaultStatus.CLOSED)
    fault.status, fault.closed_by, fault.closed_at, fault.closing_notes = FaultStatus.CLOSED, by, timezone.now(), notes
    fault.save(update_fields=["status", "closed_by", "closed_at", "closing_notes"])


def create_fault(*, equipment, title: str, severity: str, reported_by, fault_code: str = "", description: str = ""):
    """A new open fault on `equipment`: what report_fault writes, and what a failed job-card step reports."""
    return Fault.objects.create(
        vessel_id=equipment.vessel_id,
        equipment=equipment,
        fault_code=fault_code,
        title=title[:200],
        description=description[:5000],
        severity=severity,
        reported_by=reported_by,
    )
