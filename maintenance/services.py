"""The only writes of the maintenance plan: planned work orders, closing cycles, postponing, lay-up."""

from datetime import date

from django.db import IntegrityError, transaction
from django.utils import timezone

from audit.signals import log_bulk_create
from equipment.models import Criticality
from equipment.rules import is_open_fault
from equipment.services import create_fault
from maintenance import rules
from maintenance.models import (
    PLAN_FIELDS,
    JobPart,
    JobStep,
    Layup,
    MaintenanceJob,
    MaintenanceRecord,
    PlannedWorkOrder,
    Postponement,
    RecordStatus,
    StepFields,
    StepResult,
    WorkOrderStep,
)
from maintenance.selectors import CounterMap, active_layup, state_filters
from workorders.models import Priority, WorkOrder, WorkOrderPart, WorkOrderStatus
from workorders.services import next_work_order_number, next_work_order_numbers, set_status

# Jobs planned per transaction by `plan_maintenance`: one lock of the number sequence and a
# few multi-row inserts each, so a vessel's first run over a whole imported plan stays quick.
PLAN_BATCH = 500


def planned_title(job: MaintenanceJob) -> str:
    return f"{job.code} – {job.title}"[:200]


def refresh_stored_due(*, vessel_id, today: date | None = None, job_ids=None, counter=None) -> int:
    """Store the current due of the vessel's jobs (all, `job_ids`, or those running on `counter`)
    where it moved; returns how many changed.

    A job's own save stores its due; this is for what moves it from outside the job: a reading
    or rate of its counter, a change in the hierarchy above it, and the daily run (which puts
    every job's stored forecast on today's footing). It reads the plan's columns, not model
    instances, and writes only the rows that changed, without audit entries: the stored due is
    derived from audited rows, not a change of anyone's.
    """
    today = today or timezone.localdate()
    counters = CounterMap(vessel_id)
    jobs = MaintenanceJob.objects.filter(vessel_id=vessel_id)
    if job_ids is not None:
        jobs = jobs.filter(pk__in=job_ids)
    if counter is not None:
        jobs = jobs.filter(interval_hours__isnull=False)
    changed = []
    for row in jobs.values("pk", "equipment_id", *PLAN_FIELDS, *rules.STORED_DUE_FIELDS):
        if counter is not None and counters.counter_for(row["equipment_id"]) != counter:
            continue
        plan = rules.JobPlan(**{name: row[name] for name in PLAN_FIELDS})
        stored = rules.stored_due(plan, rules.compute_due(plan, counters.state_for(row["equipment_id"]), today))
        if any(row[name] != value for name, value in stored.items()):
            changed.append(MaintenanceJob(pk=row["pk"], **stored))
    MaintenanceJob.objects.bulk_update(changed, rules.STORED_DUE_FIELDS, batch_size=500)
    return len(changed)


def jobs_to_plan(*, vessel, today: date, counters: CounterMap | None = None) -> list[tuple[MaintenanceJob, rules.Due]]:
    """Active jobs inside their alarm window without an open planned work order (lay-up pauses calendar-only ones).

    The stored due selects them in SQL (so the cost grows with the jobs due, not with the plan);
    each is then computed in full.
    """
    counters = counters or CounterMap(vessel.pk)
    layup = active_layup(vessel=vessel, today=today) is not None
    planned = PlannedWorkOrder.objects.filter(vessel=vessel, open=True).values("job_id")
    overdue, due_soon = state_filters(today)
    jobs = (
        MaintenanceJob.objects.filter(overdue | due_soon, vessel=vessel, active=True)
        .exclude(pk__in=planned)
        .select_related("equipment", "vessel")
        .order_by("code")
    )
    if layup:
        jobs = jobs.filter(interval_hours__isnull=False)
    found = []
    for job in jobs:
        due = rules.compute_due(job.plan(), counters.state_for(job.equipment_id), today)
        if rules.enters_alarm_window(due):
            found.append((job, due))
    return found


def _planned_rows(job: MaintenanceJob, due: rules.Due, *, number: str, created_by, kit, steps) -> tuple:
    work_order = WorkOrder(
        vessel_id=job.vessel_id,
        number=number,
        title=planned_title(job),
        description=job.instructions[:5000],
        equipment=job.equipment,
        priority=Priority.HIGH if job.critical or job.class_item else Priority.NORMAL,
        status=WorkOrderStatus.OPEN,
        created_by=created_by,
        due_date=due.due_date,
    )
    planned = PlannedWorkOrder(
        vessel_id=job.vessel_id,
        job=job,
        work_order=work_order,
        due_date=due.next_due_date,
        due_hours=due.next_due_hours,
        trigger=due.trigger,
    )
    lines = [
        WorkOrderPart(
            vessel_id=job.vessel_id, work_order=work_order, part=line.part, quantity=line.quantity, added_by=created_by
        )
        for line in kit
    ]
    # The card is the job's steps as they stand now: a later change to the plan leaves it alone.
    copies = [
        WorkOrderStep(
            vessel_id=job.vessel_id,
            work_order=work_order,
            job_step=step,
            **{name: getattr(step, name) for name in StepFields.copied_fields},
        )
        for step in steps
    ]
    return work_order, planned, lines, copies


def create_planned_work_order(*, job: MaintenanceJob, due: rules.Due, created_by=None) -> WorkOrder | None:
    """The cycle's work order with the kit as its parts list; None when another run made it first."""
    try:
        with transaction.atomic():
            work_order, planned, lines, copies = _planned_rows(
                job,
                due,
                number=next_work_order_number(vessel=job.vessel),
                created_by=created_by,
                kit=job.kit.select_related("part"),
                steps=job.steps.order_by("position"),
            )
            work_order.save()
            planned.save()
            for row in [*lines, *copies]:
                row.save()
    except IntegrityError:
        # The partial unique index: this job already has an open work order (a parallel run).
        return None
    return work_order


def create_planned_work_orders(batch: list[tuple[MaintenanceJob, rules.Due]], *, vessel, created_by=None):
    """The work orders of `batch` (jobs of `vessel`) in one transaction and a few multi-row inserts.

    The number sequence's lock serialises generators on the vessel; under it the jobs planned
    meanwhile by another run are dropped. Should a job still collide with the one-open-work-order
    index, the batch rolls back (numbers included) and its jobs are planned one at a time.
    """
    try:
        with transaction.atomic():
            numbers = next_work_order_numbers(vessel=vessel, count=len(batch))
            planned_now = set(
                PlannedWorkOrder.objects.filter(
                    vessel=vessel, open=True, job_id__in=[job.pk for job, _ in batch]
                ).values_list("job_id", flat=True)
            )
            todo = [(job, due) for job, due in batch if job.pk not in planned_now]
            if len(todo) < len(batch):
                # Leaving the block gives back the numbers taken for the jobs another run planned.
                raise _Replan(todo)
            job_ids = [job.pk for job, _ in todo]
            kits: dict = {}
            for line in JobPart.objects.filter(job_id__in=job_ids).select_related("part"):
                kits.setdefault(line.job_id, []).append(line)
            steps: dict = {}
            for step in JobStep.objects.filter(job_id__in=job_ids).order_by("job_id", "position"):
                steps.setdefault(step.job_id, []).append(step)
            orders, planned_rows, part_lines, step_copies = [], [], [], []
            for (job, due), number in zip(todo, numbers, strict=True):
                order, planned, lines, copies = _planned_rows(
                    job,
                    due,
                    number=number,
                    created_by=created_by,
                    kit=kits.get(job.pk, []),
                    steps=steps.get(job.pk, []),
                )
                orders.append(order)
                planned_rows.append(planned)
                part_lines += lines
                step_copies += copies
            WorkOrder.objects.bulk_create(orders)
            PlannedWorkOrder.objects.bulk_create(planned_rows)
            WorkOrderPart.objects.bulk_create(part_lines)
            WorkOrderStep.objects.bulk_create(step_copies)
            log_bulk_create([*orders, *planned_rows, *part_lines, *step_copies])
            return orders
    except _Replan as replan:
        return create_planned_work_orders(replan.todo, vessel=vessel, created_by=created_by) if replan.todo else []
    except IntegrityError:
        return [
            order
            for job, due in batch
            if (order := create_planned_work_order(job=job, due=due, created_by=created_by)) is not None
        ]


class _Replan(Exception):  # noqa: N818  (control flow inside create_planned_work_orders)
    def __init__(self, todo):
        self.todo = todo


def plan_maintenance(*, vessel, today: date | None = None, created_by=None) -> list[WorkOrder]:
    """Create the planned work orders of every job entering its alarm window; running it again creates nothing."""
    today = today or timezone.localdate()
    finish_layups(vessel=vessel, today=today)
    refresh_stored_due(vessel_id=vessel.pk, today=today)
    found = jobs_to_plan(vessel=vessel, today=today)
    created = []
    for start in range(0, len(found), PLAN_BATCH):
        created += create_planned_work_orders(found[start : start + PLAN_BATCH], vessel=vessel, created_by=created_by)
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


def step_fault(step, *, equipment, critical: bool) -> dict:
    """What the fault a failed `step` reports would be: its title and severity."""
    return {
        "title": f"{step.title}: failed on the job card"[:200],
        "severity": rules.step_fault_severity(
            step.fault_severity, critical=critical or equipment.criticality == Criticality.CRITICAL
        ),
    }


def open_fault_of(result: StepResult | None):
    """The fault `result` reported, while it is still open: a failing re-read links it again."""
    if result is not None and result.fault is not None and is_open_fault(result.fault.status):
        return result.fault
    return None


def record_step_result(
    *, step, work_order, passed=None, value=None, text: str = "", notes: str = "", by, critical: bool = False
) -> StepResult:
    """A new result of `step`, the newest of its results (a correction leaves the older ones in place).

    A failed check or a value outside the limits reports a fault on the work order's equipment,
    linked through the result, unless the step's current result already raised one that is still
    open: a second reading that fails again belongs to the same fault, not a new one.
    """
    previous = step.results.order_by("-created_at").select_related("fault").first()
    failure = rules.result_failure(step.step(), passed=passed, value=value)
    fault = None
    if failure:
        fault = open_fault_of(previous)
        if fault is None:
            equipment = work_order.equipment
            shape = step_fault(step, equipment=equipment, critical=critical)
            fault = create_fault(
                equipment=equipment,
                title=shape["title"],
                severity=shape["severity"],
                reported_by=by,
                description=f"{work_order.number}, step {step.position} “{step.title}”: {failure}."
                + (f"\n{notes}" if notes else ""),
            )
    return StepResult.objects.create(
        vessel_id=work_order.vessel_id,
        step=step,
        work_order=work_order,
        passed=passed,
        value=value,
        text=text,
        notes=notes,
        failed=bool(failure),
        fault=fault,
        corrects=previous,
        recorded_by=by,
    )
