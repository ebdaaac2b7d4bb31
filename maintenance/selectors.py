"""Reads of the maintenance plan: each job's due (by `maintenance.rules`), the due list, compliance."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db import connection
from django.db.models import Case, Count, F, Prefetch, Q, When
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
    counter_state,
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
    """Every counter of a vessel by the equipment that runs on it (own or nearest ancestor's): two queries.

    With `equipment_ids`, only those equipment and their ancestors are read (one recursive query
    for the chains, one for their counters), so a page of the due list or one job's page does not
    read the vessel's whole equipment register.
    """

    def __init__(self, vessel_id, *, now=None, equipment_ids=None):
        self.now = now or timezone.now()
        if equipment_ids is None:
            self.parents = dict(Equipment.objects.filter(vessel_id=vessel_id).values_list("pk", "parent_id"))
        else:
            self.parents = ancestry(vessel_id=vessel_id, equipment_ids=equipment_ids)
        counters = Counter.objects.filter(vessel_id=vessel_id)
        if equipment_ids is not None:
            counters = counters.filter(equipment_id__in=list(self.parents))
        self.counters = {c.equipment_id: c for c in counters}

    def counter_for(self, equipment_id):
        seen = set()
        while equipment_id is not None and equipment_id not in seen:
            if equipment_id in self.counters:
                return self.counters[equipment_id]
            seen.add(equipment_id)
            equipment_id = self.parents.get(equipment_id)
        return None

    def state_for(self, equipment_id) -> rules.CounterState | None:
        return counter_state(self.counter_for(equipment_id), now=self.now)


def ancestry(*, vessel_id, equipment_ids) -> dict:
    """{equipment id: parent id} for `equipment_ids` and every ancestor of theirs on the vessel: one query."""
    ids = list({str(pk) for pk in equipment_ids if pk is not None})
    if not ids:
        return {}
    table = connection.ops.quote_name(Equipment._meta.db_table)
    # Depth is capped so that a (refused, but possible in old data) loop in the hierarchy ends.
    sql = f"""
        WITH RECURSIVE chain(id, parent_id, depth) AS (
            SELECT id, parent_id, 0 FROM {table} WHERE vessel_id = %s AND id IN ({", ".join(["%s"] * len(ids))})
            UNION
            SELECT e.id, e.parent_id, chain.depth + 1 FROM {table} e JOIN chain ON e.id = chain.parent_id
            WHERE e.vessel_id = %s AND chain.depth < 50
        )
        SELECT DISTINCT id, parent_id FROM chain
    """
    field = Equipment._meta.pk
    params = [field.get_db_prep_value(vessel_id, connection), *(field.get_db_prep_value(pk, connection) for pk in ids)]
    params.append(params[0])
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    convert = field.to_python
    return {convert(pk): (convert(parent) if parent is not None else None) for pk, parent in rows}


def job_due(job: MaintenanceJob, *, today: date, counters: CounterMap | None = None) -> rules.Due:
    counters = counters or CounterMap(job.vessel_id, equipment_ids=[job.equipment_id])
    return rules.compute_due(job.plan(), counters.state_for(job.equipment_id), today)


# --- The due list: selected, counted and ordered in SQL by the stored due ----------------------


def state_filters(today: date) -> tuple[Q, Q]:
    """(overdue, due soon) for `today` over the stored due columns; see `rules.stored_state`."""
    overdue = Q(hours_state=rules.OVERDUE) | Q(calendar_due__lt=today)
    due_soon = ~overdue & (Q(hours_state=rules.DUE_SOON) | Q(calendar_alarm_from__lte=today))
    return overdue, due_soon


def due_jobs(*, vessel, today: date, critical=False, class_item=False, horizon_days=DUE_HORIZON_DAYS):
    """The vessel's active jobs overdue, due soon or due within the horizon: overdue first, then due
    soon, then the rest, each by the earlier of its triggers' dates, then by code."""
    overdue, due_soon = state_filters(today)
    jobs = MaintenanceJob.objects.filter(vessel=vessel, active=True)
    if critical:
        jobs = jobs.filter(critical=True)
    if class_item:
        jobs = jobs.filter(class_item=True)
    horizon = today + timedelta(days=horizon_days)
    return (
        jobs.filter(overdue | due_soon | Q(first_due__lte=horizon))
        .annotate(state_rank=Case(When(overdue, then=0), When(due_soon, then=1), default=2))
        .order_by("state_rank", F("first_due").asc(nulls_last=True), "code")
    )


def due_counts(*, vessel, today: date, critical=False, class_item=False, horizon_days=DUE_HORIZON_DAYS) -> dict:
    """How many of the due list's jobs are overdue, due soon and listed at all: one query."""
    overdue, due_soon = state_filters(today)
    figures = due_jobs(
        vessel=vessel, today=today, critical=critical, class_item=class_item, horizon_days=horizon_days
    ).aggregate(overdue=Count("pk", filter=overdue), due_soon=Count("pk", filter=due_soon), total=Count("pk"))
    return {rules.OVERDUE: figures["overdue"], rules.DUE_SOON: figures["due_soon"], "total": figures["total"]}


@dataclass
class DueRow:
    job: MaintenanceJob
    due: rules.Due
    counter: object
    open_work_order: object = None

    @property
    def stale(self) -> bool:
        return bool(self.counter and self.job.interval_hours and self.counter.is_stale(timezone.now()))


def due_rows_of(jobs, *, vessel, today: date) -> list[DueRow]:
    """The rows of the due list for `jobs` (one page of it), each with its due computed in full."""
    jobs = list(jobs)
    if not jobs:
        return []
    counters = CounterMap(vessel.pk, equipment_ids={job.equipment_id for job in jobs})
    open_orders = dict(
        PlannedWorkOrder.objects.filter(vessel=vessel, open=True, job__in=jobs).values_list(
            "job_id", "work_order__number"
        )
    )
    return [
        DueRow(
            job,
            rules.compute_due(job.plan(), counters.state_for(job.equipment_id), today),
            counters.counter_for(job.equipment_id),
            open_orders.get(job.pk),
        )
        for job in jobs
    ]


def due_rows(*, vessel, today: date, critical=False, class_item=False, horizon_days=DUE_HORIZON_DAYS) -> list[DueRow]:
    """Every row of the due list (tests and small vessels; the page shows it a page at a time)."""
    jobs = due_jobs(vessel=vessel, today=today, critical=critical, class_item=class_item, horizon_days=horizon_days)
    return due_rows_of(jobs.select_related("equipment"), vessel=vessel, today=today)


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


def closed_since(today: date, days: int) -> datetime:
    """The first moment of the last `days` days up to `today`: a bound the (vessel, done_at) index can use,
    where `done_at__date__gt=...` compares a cast of every row."""
    return timezone.make_aware(datetime.combine(today - timedelta(days=days - 1), time.min))


def on_time_percent(*, vessel, today: date, days: int) -> int | None:
    """The on-time share of cycles closed in the last `days` days (None when none closed), in one query."""
    closed = MaintenanceRecord.objects.filter(vessel=vessel, done_at__gte=closed_since(today, days))
    figures = closed.aggregate(total=Count("id"), on_time=Count("id", filter=Q(on_time=True)))
    return round(100 * figures["on_time"] / figures["total"]) if figures["total"] else None


def compliance(*, vessel, today: date) -> dict:
    """On-time share of cycles closed in the last 30, 90 and 365 days; overdue jobs by criticality."""
    records = MaintenanceRecord.objects.filter(vessel=vessel, done_at__gte=closed_since(today, 365))
    done = list(records.values_list("done_at", "on_time"))
    windows = {}
    for days in (30, 90, 365):
        inside = [on_time for done_at, on_time in done if done_at.date() > today - timedelta(days=days)]
        windows[days] = {
            "closed": len(inside),
            "on_time": sum(inside),
            "percent": round(100 * sum(inside) / len(inside)) if inside else None,
        }
    late, _ = state_filters(today)
    figures = MaintenanceJob.objects.filter(late, vessel=vessel, active=True).aggregate(
        n_critical=Count("pk", filter=Q(critical=True)),
        n_class_item=Count("pk", filter=Q(critical=False, class_item=True)),
        n_other=Count("pk", filter=Q(critical=False, class_item=False)),
    )
    overdue = {key: figures[f"n_{key}"] for key in ("critical", "class_item", "other")}
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
