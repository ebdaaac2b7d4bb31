"""Reads of the maintenance plan: each job's due (by `maintenance.rules`), the due list, compliance."""

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, Prefetch, Q
from django.utils import timezone

from counters.models import Counter
from equipment.models import Equipment
from maintenance import rules
from maintenance.models import (
    JobStep,
    Layup,
    MaintenanceJob,
    MaintenanceRecord,
    PlannedWorkOrder,
    StepKind,
    StepResult,
    WorkOrderStep,
)
from pms.actions.base import find

DUE_HORIZON_DAYS = 30


def find_job(*, user, pk) -> MaintenanceJob:
    return find(
        MaintenanceJob.objects.select_related("vessel", "equipment"),
        user=user,
        pk=pk,
        code="JOB_NOT_FOUND",
        field="job_id",
        label="Maintenance job",
    )


class CounterMap:
    """Every counter of a vessel by the equipment that runs on it (own or nearest ancestor's): two queries."""

    def __init__(self, vessel_id, *, now=None):
        self.now = now or timezone.now()
        self.parents = dict(Equipment.objects.filter(vessel_id=vessel_id).values_list("pk", "parent_id"))
        self.counters = {c.equipment_id: c for c in Counter.objects.filter(vessel_id=vessel_id)}

    def counter_for(self, equipment_id):
        seen = set()
        while equipment_id is not None and equipment_id not in seen:
            if equipment_id in self.counters:
                return self.counters[equipment_id]
            seen.add(equipment_id)
            equipment_id = self.parents.get(equipment_id)
        return None

    def state_for(self, equipment_id) -> rules.CounterState | None:
        counter = self.counter_for(equipment_id)
        return state_of(counter, now=self.now)


def state_of(counter, *, now) -> rules.CounterState | None:
    if counter is None:
        return None
    return rules.CounterState(
        value=counter.value or 0, daily_rate=float(counter.daily_rate), stale=counter.is_stale(now)
    )


def job_due(job: MaintenanceJob, *, today: date, counters: CounterMap | None = None) -> rules.Due:
    counters = counters or CounterMap(job.vessel_id)
    return rules.compute_due(job.plan(), counters.state_for(job.equipment_id), today)


@dataclass
class DueRow:
    job: MaintenanceJob
    due: rules.Due
    counter: object
    open_work_order: object = None

    @property
    def stale(self) -> bool:
        return bool(self.counter and self.job.interval_hours and self.counter.is_stale(timezone.now()))


def due_rows(*, vessel, today: date, critical=False, class_item=False, horizon_days=DUE_HORIZON_DAYS) -> list[DueRow]:
    """Active jobs that are overdue, due soon or due within the horizon, soonest first."""
    counters = CounterMap(vessel.pk)
    jobs = MaintenanceJob.objects.filter(vessel=vessel, active=True).select_related("equipment")
    if critical:
        jobs = jobs.filter(critical=True)
    if class_item:
        jobs = jobs.filter(class_item=True)
    open_orders = dict(
        PlannedWorkOrder.objects.filter(vessel=vessel, open=True)
        .select_related("work_order")
        .values_list("job_id", "work_order__number")
    )
    horizon = today + timedelta(days=horizon_days)
    rows = []
    for job in jobs:
        due = rules.compute_due(job.plan(), counters.state_for(job.equipment_id), today)
        if due.due_state == rules.OK and (due.due_date is None or due.due_date > horizon):
            continue
        rows.append(DueRow(job, due, counters.counter_for(job.equipment_id), open_orders.get(job.pk)))
    order = {rules.OVERDUE: 0, rules.DUE_SOON: 1, rules.OK: 2}
    rows.sort(key=lambda r: (order[r.due.due_state], r.due.due_date or date.max, r.job.code))
    return rows


def group_by_system(rows: list[DueRow]) -> list[tuple[str, list[DueRow]]]:
    """Rows grouped by the top of their equipment's hierarchy (the system), in the rows' order."""
    groups: dict[str, list[DueRow]] = {}
    for row in rows:
        groups.setdefault(row.job.equipment.code.split("-")[0], []).append(row)
    return list(groups.items())


def active_layup(*, vessel, today: date) -> Layup | None:
    return next(
        (layup for layup in Layup.objects.filter(vessel=vessel, ended_on__isnull=True) if layup.active_on(today)), None
    )


def on_time_percent(*, vessel, today: date, days: int) -> int | None:
    """The on-time share of cycles closed in the last `days` days (None when none closed), in one query."""
    closed = MaintenanceRecord.objects.filter(vessel=vessel, done_at__date__gt=today - timedelta(days=days))
    figures = closed.aggregate(total=Count("id"), on_time=Count("id", filter=Q(on_time=True)))
    return round(100 * figures["on_time"] / figures["total"]) if figures["total"] else None


def compliance(*, vessel, today: date) -> dict:
    """On-time share of cycles closed in the last 30, 90 and 365 days; overdue jobs by criticality."""
    records = MaintenanceRecord.objects.filter(vessel=vessel, done_at__date__gt=today - timedelta(days=365))
    done = list(records.values_list("done_at", "on_time"))
    windows = {}
    for days in (30, 90, 365):
        inside = [on_time for done_at, on_time in done if done_at.date() > today - timedelta(days=days)]
        windows[days] = {
            "closed": len(inside),
            "on_time": sum(inside),
            "percent": round(100 * sum(inside) / len(inside)) if inside else None,
        }
    overdue = {"critical": 0, "class_item": 0, "other": 0}
    for row in due_rows(vessel=vessel, today=today, horizon_days=0):
        if row.due.due_state != rules.OVERDUE:
            continue
        key = "critical" if row.job.critical else "class_item" if row.job.class_item else "other"
        overdue[key] += 1
    return {"windows": windows, "overdue": overdue}


# --- Job cards ------------------------------------------------------------------------------


def card_steps(work_order) -> list[WorkOrderStep]:
    """The work order's steps in order, each with `history` (its results, oldest first, who
    recorded them and the fault each raised) and `current` (the newest, or None): two queries."""
    results = StepResult.objects.select_related("recorded_by", "fault").order_by("created_at")
    steps = list(
        WorkOrderStep.objects.filter(work_order=work_order)
        .order_by("position")
        .prefetch_related(Prefetch("results", queryset=results, to_attr="history"))
    )
    for step in steps:
        step.current = step.history[-1] if step.history else None
    return steps


def missing_steps(work_order) -> list[WorkOrderStep]:
    """The mandatory steps of the work order's card without a result yet."""
    return list(
        WorkOrderStep.objects.filter(work_order=work_order, mandatory=True, results__isnull=True).order_by("position")
    )


def find_card_step(*, work_order, pk) -> WorkOrderStep:
    """A step of this work order's card, or STEP_NOT_FOUND (another card's step is not found either)."""
    from pms.actions.base import ActionError
    from pms.actions.forms import is_uuid

    step = WorkOrderStep.objects.filter(work_order=work_order, pk=pk).first() if is_uuid(pk) else None
    if step is None:
        raise ActionError("STEP_NOT_FOUND", "Step not found on this work order.", field="step_id")
    return step


@dataclass
class Trend:
    """A measurement step's values across the job's cycles, oldest first: (work order number, day, value, failed)."""

    step: JobStep
    points: list


def measurement_trends(job: MaintenanceJob, *, cycles: int = 20) -> list[Trend]:
    """Each measurement step of the job with its current value on the last `cycles` work orders: two queries."""
    steps = list(job.steps.filter(kind=StepKind.MEASUREMENT).order_by("position"))
    if not steps:
        return []
    results = (
        StepResult.objects.filter(step__job_step__in=steps, value__isnull=False)
        .select_related("work_order", "step")
        .order_by("step__job_step_id", "work_order_id", "-created_at")
    )
    newest: dict = {}
    for result in results:
        newest.setdefault((result.step.job_step_id, result.work_order_id), result)
    trends = []
    for step in steps:
        points = sorted(
            (r.work_order.completed_at or r.created_at, r.work_order.number, float(r.value), r.failed)
            for (job_step_id, _), r in newest.items()
            if job_step_id == step.pk
        )[-cycles:]
        trends.append(Trend(step=step, points=[(number, day, value, failed) for day, number, value, failed in points]))
    return trends
