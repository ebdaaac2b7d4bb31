"""One dict shape per model of the maintenance plan: actions, pages, the read API and tests use these."""

from maintenance.models import MaintenanceJob, MaintenanceRecord
from maintenance.rules import Due
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
