"""One dict shape per model of the maintenance plan: actions, pages, the read API and tests use these."""

from maintenance.models import MaintenanceJob, MaintenanceRecord
from maintenance.rules import Due, limits_text
from pms.serializers import iso, name_of, values

JOB_FIELDS = [
    "equipment",
    "code",
    "title",
    "interval_days",
    "interval_hours",
    "schedule",
    "alarm_days",
    "alarm_hours",
    "tolerance_days",
    "tolerance_hours",
    "postpone_limit_percent",
    "critical",
    "class_item",
    "requires_verification",
    "manual_section",
    "active",
    "last_done_at",
    "last_done_hours",
]


def due_dict(due: Due) -> dict:
    return {
        "next_due_date": iso(due.next_due_date),
        "next_due_hours": due.next_due_hours,
        "forecast_due_date": iso(due.forecast_due_date),
        "due_state": due.due_state,
        "due_reason": due.due_reason,
        "due_trigger": due.trigger,
        "original_due_date": iso(due.original_due_date),
        "original_due_hours": due.original_due_hours,
    }


def job_dict(job: MaintenanceJob, due: Due | None = None) -> dict:
    return {**values(job, JOB_FIELDS), **(due_dict(due) if due is not None else {})}


def record_dict(record: MaintenanceRecord) -> dict:
    return {
        "id": str(record.pk),
        "job_id": str(record.job_id),
        "work_order_id": str(record.work_order_id) if record.work_order_id else None,
        "done_at": iso(record.done_at),
        "done_hours": record.done_hours,
        "done_by": name_of(record.done_by),
        "due_date": iso(record.due_date),
        "due_hours": record.due_hours,
        "trigger": record.trigger,
        "on_time": record.on_time,
        "postponed": record.postponed,
        "status": record.status,
        "verified_by": name_of(record.verified_by),
        "verified_at": iso(record.verified_at),
    }


def step_result_dict(result) -> dict:
    step = result.step
    return {
        "id": str(result.pk),
        "step_id": str(result.step_id),
        "position": step.position,
        "passed": result.passed,
        "value": str(result.value) if result.value is not None else None,
        "text": result.text,
        "notes": result.notes,
        "display": result.display_value(),
        "failed": result.failed,
        "fault_id": str(result.fault_id) if result.fault_id else None,
        "corrects": str(result.corrects_id) if result.corrects_id else None,
        "recorded_by": name_of(result.recorded_by),
        "recorded_at": iso(result.created_at),
    }


def card_step_dict(step) -> dict:
    """A step of a work order's card with its current result and every earlier one (`card_steps`)."""
    history = getattr(step, "history", None)
    if history is None:
        history = list(step.results.order_by("created_at"))
    return {
        "id": str(step.pk),
        "position": step.position,
        "kind": step.kind,
        "title": step.title,
        "unit": step.unit,
        "min_value": str(step.min_value) if step.min_value is not None else None,
        "max_value": str(step.max_value) if step.max_value is not None else None,
        "limits": limits_text(step.step()),
        "mandatory": step.mandatory,
        "result": step_result_dict(history[-1]) if history else None,
        "earlier_results": [step_result_dict(r) for r in history[:-1]],
    }
