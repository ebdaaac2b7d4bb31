"""How a planned work order's completion closes its job's cycle (a `workorders.hooks` extension).

`mark_work_order_complete` of a planned work order takes `counter_reading` (what the meter
shows), required when the job counts running hours and checked by the counter rules; its
preview shows the reading and the next due, and its execute records the reading and a
`MaintenanceRecord`, then moves the job's next due. A job that requires verification
leaves its cycle awaiting a HOD's `verify_work_order`.
"""

from dataclasses import replace

from django.utils import timezone

from counters.selectors import assess_reading, counter_for_equipment, counter_for_update
from counters.services import record_reading
from maintenance import rules
from maintenance.models import MaintenanceJob, PlannedWorkOrder, counter_state
from maintenance.selectors import job_due, missing_steps
from maintenance.serializers import record_dict
from maintenance.services import close_cycle
from pms.actions.base import ActionError


def checklist_refusal(work_order) -> ActionError | None:
    """CHECKLIST_INCOMPLETE while a mandatory step of the work order's card has no result."""
    missing = missing_steps(work_order)
    if not missing:
        return None
    names = "; ".join(f"{step.position}. {step.title}" for step in missing)
    return ActionError(
        "CHECKLIST_INCOMPLETE",
        f"{work_order.number}: {len(missing)} mandatory step(s) have no result yet: {names}.",
        field="work_order_id",
        details={
            "missing_steps": [{"id": str(s.pk), "position": s.position, "title": s.title} for s in missing],
        },
    )


class MaintenanceCompletion:
    def resolve(self, *, user, data, target):
        planned = (
            PlannedWorkOrder.objects.filter(work_order=target.work_order, open=True)
            .select_related("job__equipment", "job__vessel")
            .first()
        )
        target.objects["planned"] = planned
        counter = counter_for_equipment(planned.job.equipment) if planned and planned.job.interval_hours else None
        target.objects["planned_counter"] = counter
        if planned is None and data.get("counter_reading") not in (None, ""):
            raise ActionError(
                "VALIDATION_ERROR",
                "counter_reading: only a planned work order of a job counted in running hours takes one.",
                field="counter_reading",
            )

    def lock(self, *, target):
        planned = target.objects.get("planned")
        if planned is None:
            return
        target.objects["planned"] = (
            PlannedWorkOrder.objects.select_for_update(of=("self",)).select_related("job__equipment").get(pk=planned.pk)
        )
        MaintenanceJob.objects.select_for_update().filter(pk=planned.job_id).first()
        if target.objects.get("planned_counter") is not None:
            target.objects["planned_counter"] = counter_for_update(target.objects["planned_counter"].pk)

    def prefill(self, *, target) -> dict:
        planned, counter = target.objects.get("planned"), target.objects.get("planned_counter")
        if planned is None:
            return {}
        return {
            "maintenance": {
                "job": {"id": str(planned.job_id), "code": planned.job.code, "title": planned.job.title},
                "counter_reading_required": counter is not None,
                "counter": {"value": counter.value, "meter_value": counter.meter_value, "unit": counter.unit}
                if counter
                else None,
                "requires_verification": planned.job.requires_verification,
            }
        }

    def blockers(self, *, target) -> list[dict]:
        refusal = checklist_refusal(target.work_order)
        return [{"code": refusal.code, "message": refusal.message}] if refusal else []

    def plan(self, *, user, data, target, plan):
        refusal = checklist_refusal(target.work_order)
        if refusal is not None:
            raise refusal
        planned, counter = target.objects.get("planned"), target.objects.get("planned_counter")
        if planned is None:
            return
        job, now = planned.job, timezone.now()
        plan.rows.extend([planned, job])
        done_hours = None
        if planned.job.interval_hours:
            if counter is None:
                raise ActionError(
                    "VALIDATION_ERROR",
                    f"{job.code} counts running hours but {job.equipment.code} has no counter.",
                    field="counter_reading",
                )
            if data.get("counter_reading") in (None, ""):
                raise ActionError(
                    "VALIDATION_ERROR",
                    f"counter_reading: give the running hours {counter.equipment.code}'s meter shows now.",
                    field="counter_reading",
                )
            assessment = assess_reading(counter=counter, meter_reading=data["counter_reading"], read_at=None, now=now)
            done_hours = assessment.total
            plan.rows.append(counter)
            plan.change(f"counter of {counter.equipment.code}", "running hours", counter.value, done_hours)
        due = job_due(job, today=timezone.localdate())
        on_time = rules.completion_on_time(
            job.plan(),
            due_date=due.original_due_date,
            due_hours=due.original_due_hours,
            trigger=planned.trigger,
            done_on=timezone.localdate(),
            done_hours=done_hours,
        )
        after = _next_due(job, done_hours=done_hours, counter=counter, now=now, due=due)
        plan.change(f"job {job.code}", "last done", str(job.last_done_at or "—"), str(timezone.localdate()))
        plan.side_effects.append(
            f"The cycle of {job.code} is recorded as {'on time' if on_time else 'late'}; next: {after.due_reason}"
        )
        if job.requires_verification:
            plan.side_effects.append("The cycle then awaits a HOD's verification (not yours).")

    def apply(self, *, user, data, target, result):
        planned, counter = target.objects.get("planned"), target.objects.get("planned_counter")
        if planned is None:
            return
        done_hours = None
        if counter is not None and data.get("counter_reading") not in (None, ""):
            reading = record_reading(counter=counter, meter_reading=data["counter_reading"], recorded_by=user)
            done_hours = reading.reading
        record = close_cycle(
            planned=planned,
            done_at=target.work_order.completed_at or timezone.now(),
            done_hours=done_hours,
            done_by=user,
        )
        result["maintenance_record"] = record_dict(record)

    def cancelled(self, *, user, target):
        planned = PlannedWorkOrder.objects.filter(work_order=target.work_order, open=True).first()
        if planned is not None:
            planned.open = False
            planned.save(update_fields=["open"])


def _next_due(job, *, done_hours, counter, now, due) -> rules.Due:
    """The job's due after this completion, as the preview promises it."""
    plan = job.plan()
    fixed = plan.schedule == rules.FIXED
    after = replace(
        plan,
        last_done_at=timezone.localdate(),
        last_done_hours=done_hours if done_hours is not None else plan.last_done_hours,
        previous_due_date=due.original_due_date if fixed else plan.previous_due_date,
        previous_due_hours=due.original_due_hours if fixed else plan.previous_due_hours,
        postponed_due_date=None,
        postponed_due_hours=None,
        layup_days=0,
    )
    state = counter_state(counter, now=now)
    if state is not None and done_hours is not None:
        state = rules.CounterState(value=done_hours, daily_rate=state.daily_rate, stale=False)
    return rules.compute_due(after, state, timezone.localdate())
