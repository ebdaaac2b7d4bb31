"""What the maintenance plan declares to the kernel, the top tier and the modules below it."""

from django.utils import timezone

from counters import hooks as counter_hooks
from maintenance import rules
from maintenance.card import MaintenanceCard
from maintenance.completion import MaintenanceCompletion
from maintenance.models import MaintenanceJob
from maintenance.selectors import CounterMap, card_steps, due_counts, job_due, on_time_percent
from maintenance.serializers import job_dict
from pms import registry
from pms.actions.base import Target
from pms.actions.base import registry as action_registry
from workorders import hooks as workorder_hooks

workorder_hooks.register(MaintenanceCompletion())
workorder_hooks.register(MaintenanceCard())


def _job_item(job) -> dict:
    return job_dict(job, job_due(job, today=timezone.localdate()))


registry.register_collection(
    registry.Collection(
        name="maintenance-jobs",
        queryset=lambda: MaintenanceJob.objects.select_related("vessel", "equipment"),
        serialize=_job_item,
        search=("code", "title"),
    )
)


def maintenance_tile(request, vessel) -> dict:
    today = timezone.localdate()
    counts = due_counts(vessel=vessel, today=today, horizon_days=0)
    return {
        "maintenance_counts": {"overdue": counts[rules.OVERDUE], "due_soon": counts[rules.DUE_SOON]},
        "maintenance_on_time": on_time_percent(vessel=vessel, today=today, days=90),
    }


registry.register_tile(
    registry.Tile(name="maintenance", template="maintenance/tiles/maintenance.html", context=maintenance_tile, order=25)
)


def equipment_jobs_panel(request, equipment) -> dict | None:
    jobs = list(MaintenanceJob.objects.filter(equipment=equipment, active=True).order_by("code"))
    if not jobs:
        return None
    counters, today = CounterMap(equipment.vessel_id, equipment_ids=[equipment.pk]), timezone.localdate()
    return {"rows": [(job, rules.compute_due(job.plan(), counters.state_for(job.equipment_id), today)) for job in jobs]}


registry.register_panel(
    registry.Panel(
        model="equipment.equipment",
        name="maintenance",
        template="maintenance/_equipment_jobs.html",
        context=equipment_jobs_panel,
        order=20,
    )
)


def reading_makes_due(*, counter, hours: int, read_at) -> list[str]:
    """record_counter_reading's preview: the jobs on this counter that the reading brings into their window."""
    found = []
    today = timezone.localdate()
    counters = CounterMap(counter.vessel_id)
    after = rules.CounterState(value=hours, daily_rate=float(counter.daily_rate))
    for job in MaintenanceJob.objects.filter(vessel_id=counter.vessel_id, active=True, interval_hours__isnull=False):
        if counters.counter_for(job.equipment_id) != counter:
            continue
        before = rules.compute_due(job.plan(), counters.state_for(job.equipment_id), today)
        now_due = rules.compute_due(job.plan(), after, today)
        if now_due.due_state != before.due_state and rules.enters_alarm_window(now_due):
            found.append(
                f"{job.code} becomes {'overdue' if now_due.due_state == rules.OVERDUE else 'due soon'}: {now_due.due_reason}"
            )
    return found


counter_hooks.register_due_consequences(reading_makes_due)

_on_job = {"model": "maintenance.maintenancejob", "params": lambda job: {"job_id": job.pk}, "target": "job"}
registry.register_button(registry.ObjectButton(action="postpone_maintenance_job", order=10, primary=False, **_on_job))

registry.register_button(
    registry.ObjectButton(
        model="workorders.workorder",
        action="verify_work_order",
        params=lambda wo: {"work_order_id": wo.pk},
        target="work_order",
        shown=lambda wo: (
            wo.status == "completed"
            and hasattr(wo, "maintenance_record")
            and wo.maintenance_record.status == "awaiting_verification"
        ),
        order=6,
    )
)


def work_order_card_panel(request, work_order) -> dict | None:
    """The job card on the work order's page: each step with its current result, recordable while open."""
    steps = card_steps(work_order)
    if not steps:
        return None
    for step in steps:
        step.limits, step.earlier = rules.limits_text(step.step()), step.history[:-1]
    record = action_registry.get("record_job_step")
    target = Target(vessel=work_order.vessel, objects={"work_order": work_order})
    can_record = work_order.is_open and record.is_permitted(
        user=request.user, role=request.user.role_on(work_order.vessel_id), target=target
    )
    planned = getattr(work_order, "planned", None)
    return {
        "work_order": work_order,
        "job": planned.job if planned else None,
        "steps": steps,
        "done": sum(1 for s in steps if s.current),
        "missing": sum(1 for s in steps if s.mandatory and not s.current),
        "failed": sum(1 for s in steps if s.current and s.current.failed),
        "can_record": can_record,
        # A photo of a result goes through the photos module's action, when it is installed.
        "photo_action": "attach_photo" if action_registry.get("attach_photo") else None,
    }


registry.register_panel(
    registry.Panel(
        model="workorders.workorder", name="job_card", template="maintenance/_card.html", context=work_order_card_panel
    )
)
