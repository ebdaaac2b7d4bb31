"""The only writes of the maintenance plan: planned work orders, closing cycles, postponing, lay-up."""

from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone

from maintenance import rules
from maintenance.models import Layup, MaintenanceJob, MaintenanceRecord, PlannedWorkOrder, Postponement, RecordStatus
from maintenance.selectors import CounterMap, active_layup
from workorders.models import Priority, WorkOrder, WorkOrderPart, WorkOrderStatus
from workorders.services import next_work_order_number, set_status


def planned_title(job: MaintenanceJob) -> str:
    return f"{job.code} – {job.title}"[:200]


def jobs_to_plan(*, vessel, today: date, counters: CounterMap | None = None) -> list[tuple[MaintenanceJob, rules.Due]]:
    """Active jobs inside their alarm window without an open planned work order (lay-up pauses calendar-only ones)."""
    counters = counters or CounterMap(vessel.pk)
    layup = active_layup(vessel=vessel, today=today) is not None
    planned = set(PlannedWorkOrder.objects.filter(vessel=vessel, open=True).values_list("job_id", flat=True))
    found = []
    jobs = (
        MaintenanceJob.objects.filter(vessel=vessel, active=True)
        .exclude(pk__in=planned)
        .select_related("equipment", "vessel")
    )
    for job in jobs:
        if layup and not job.interval_hours:
            continue
        due = rules.compute_due(job.plan(), counters.state_for(job.equipment_id), today)
        if rules.enters_alarm_window(due):
            found.append((job, due))
    return found


def create_planned_work_order(*, job: MaintenanceJob, due: rules.Due, created_by=None) -> WorkOrder | None:
    """The cycle's work order with the kit as its parts list; None when another run made it first."""
    try:
        with transaction.atomic():
            work_order = WorkOrder.objects.create(
                vessel_id=job.vessel_id,
                number=next_work_order_number(vessel=job.vessel),
                title=planned_title(job),
                description=job.instructions[:5000],
                equipment=job.equipment,
                priority=Priority.HIGH if job.critical or job.class_item else Priority.NORMAL,
                status=WorkOrderStatus.OPEN,
                created_by=created_by,
                due_date=due.due_date,
            )
            PlannedWorkOrder.objects.create(
                vessel_id=job.vessel_id,
                job=job,
                work_order=work_order,
                due_date=due.next_due_date,
                due_hours=due.next_due_hours,
                trigger=due.trigger,
            )
            for line in job.kit.select_related("part"):
                WorkOrderPart.objects.create(
                    vessel_id=job.vessel_id,
                    work_order=work_order,
                    part=line.part,
                    quantity=line.quantity,
                    added_by=created_by,
                )
    except IntegrityError:
        # The partial unique index: this job already has an open work order (a parallel run).
        return None
    return work_order


def plan_maintenance(*, vessel, today: date | None = None, created_by=None) -> list[WorkOrder]:
    """Create the planned work orders of every job entering its alarm window; running it again creates nothing."""
    today = today or timezone.localdate()
    finish_layups(vessel=vessel, today=today)
    created = []
    for job, due in jobs_to_plan(vessel=vessel, today=today):
        work_order = create_planned_work_order(job=job, due=due, created_by=created_by)
        if work_order is not None:
            created.append(work_order)
    return created


def close_cycle(*, planned: PlannedWorkOrder, done_at, done_hours: int | None, done_by) -> MaintenanceRecord:
    """Record the cycle (on time by the trigger that fired, against the original due) and start the next one."""
    job = planned.job
    plan = job.plan()
    original_date, original_hours = rules.scheduled_due_date(plan), rules.scheduled_due_hours(plan)
    on_time = rules.completion_on_time(
        plan,
        due_date=original_date,
        due_hours=original_hours,
        trigger=planned.trigger,
        done_on=done_at.date() if hasattr(done_at, "date") else done_at,
        done_hours=done_hours,
    )
    record = MaintenanceRecord.objects.create(
        vessel_id=job.vessel_id,
        job=job,
        work_order=planned.work_order,
        done_at=done_at,
        done_hours=done_hours,
        done_by=done_by,
        due_date=original_date,
        due_hours=original_hours,
        trigger=planned.trigger,
        on_time=on_time,
        postponed=bool(job.postponed_due_date or job.postponed_due_hours),
        status=RecordStatus.AWAITING_VERIFICATION if job.requires_verification else RecordStatus.CLOSED,
    )
    # Fixed: the next cycle counts from this one's (original) due, so a late completion does not shift the plan.
    job.previous_due_date, job.previous_due_hours = original_date, original_hours
    job.last_done_at = record.done_at.date()
    if done_hours is not None:
        job.last_done_hours = done_hours
    job.postponed_due_date = job.postponed_due_hours = None
    job.layup_days = 0
    job.save()
    planned.open = False
    planned.save(update_fields=["open"])
    return record


def verify_record(*, record: MaintenanceRecord, work_order: WorkOrder, verified_by) -> None:
    record.status = RecordStatus.CLOSED
    record.verified_by, record.verified_at = verified_by, timezone.now()
    record.save(update_fields=["status", "verified_by", "verified_at"])
    set_status(work_order, WorkOrderStatus.CLOSED)


def postpone(*, job: MaintenanceJob, due: rules.Due, new_due_date, new_due_hours, reason: str, by) -> Postponement:
    postponement = Postponement.objects.create(
        vessel_id=job.vessel_id,
        job=job,
        original_due_date=due.original_due_date,
        original_due_hours=due.original_due_hours,
        new_due_date=new_due_date,
        new_due_hours=new_due_hours,
        reason=reason,
        postponed_by=by,
    )
    job.postponed_due_date = new_due_date or job.postponed_due_date
    job.postponed_due_hours = new_due_hours or job.postponed_due_hours
    job.save(update_fields=["postponed_due_date", "postponed_due_hours"])
    return postponement


def start_layup(*, vessel, start: date, end: date, reason: str, by) -> Layup:
    return Layup.objects.create(vessel=vessel, start=start, end=end, reason=reason, set_by=by)


def end_layup(*, layup: Layup, on: date) -> int:
    """End the lay-up on `on`: calendar-only jobs move by its length. Returns the days they moved."""
    layup.ended_on = max(layup.start, on)
    layup.save(update_fields=["ended_on"])
    days = layup_days_between(layup.start, layup.ended_on)
    jobs = MaintenanceJob.objects.filter(vessel_id=layup.vessel_id, active=True, interval_hours__isnull=True)
    for job in jobs.filter(interval_days__isnull=False):
        job.layup_days += days
        job.save(update_fields=["layup_days"])
    return days


def finish_layups(*, vessel, today: date) -> None:
    """Lay-ups whose planned end has passed end then, moving the calendar-only jobs."""
    for layup in Layup.objects.filter(vessel=vessel, ended_on__isnull=True, end__lt=today):
        end_layup(layup=layup, on=layup.end)


def layup_days_between(start: date, end: date) -> int:
    return (end - start).days + 1 if end >= start else 0
