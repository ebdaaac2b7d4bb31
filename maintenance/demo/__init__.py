"""The maintenance plan's slice of the demo data (`plan.json`): AURORA's plan.

Each job's baseline is given relative to now — `days_since_done`, and `hours_since_done`
below its equipment's counter as the counters demo left it — so the plan shows jobs
overdue, due soon and not yet due whatever the day. `postpone_hours` postpones one cycle,
`awaiting_verification` completes one planned work order whose job needs a HOD's
verification, and `history` adds past cycles (some late) for the compliance figures.
`steps` is a job's card; `card_cycles` completes past cycles through real work orders with
their step results (measurements for the job page's trend, a failed check and the fault it
reported on the newest one).
Only a job this run created gets its extras, so a second run adds nothing.
"""

from datetime import timedelta
from decimal import Decimal

from counters.selectors import counter_for_equipment
from maintenance.models import JobPart, JobStep, Layup, MaintenanceJob, MaintenanceRecord, PlannedWorkOrder
from maintenance.selectors import job_due
from maintenance.services import close_cycle, create_planned_work_order, postpone, record_step_result
from pms.demo import load_data
from workorders.models import WorkOrderStatus
from workorders.services import set_status

DEPENDS_ON = ("equipment", "inventory", "counters", "workorders")

PLAN = load_data(__name__, "plan.json")


def seed(ctx) -> None:
    today = ctx.now.date()
    jobs, created_jobs = {}, set()
    for spec in PLAN["jobs"]:
        vessel = ctx.vessels[spec["vessel"]]
        equipment = ctx.shared["equipment"][spec["vessel"], spec["equipment"]]
        counter = counter_for_equipment(equipment) if spec.get("interval_hours") else None
        critical, class_item = spec.get("critical", False), spec.get("class_item", False)
        job, created = ctx.get_or_create(
            MaintenanceJob,
            vessel=vessel,
            code=spec["code"],
            defaults={
                "equipment": equipment,
                "title": spec["title"],
                "instructions": spec.get("instructions", ""),
                "interval_days": spec.get("interval_days"),
                "interval_hours": spec.get("interval_hours"),
                "schedule": spec.get("schedule", "floating"),
                "alarm_days": spec.get("alarm_days", 14),
                "critical": critical,
                "class_item": class_item,
                "requires_verification": spec.get("requires_verification", critical or class_item),
                "last_done_at": today - timedelta(days=spec["days_since_done"]),
                "last_done_hours": (counter.value or 0) - spec["hours_since_done"] if counter else None,
            },
        )
        jobs[spec["code"]] = job
        if created:
            created_jobs.add(spec["code"])
            for part_number, quantity in spec.get("kit", []):
                part = ctx.shared["parts"][spec["vessel"], part_number]
                ctx.get_or_create(JobPart, vessel=vessel, job=job, part=part, defaults={"quantity": quantity})
            for position, step in enumerate(spec.get("steps", []), start=1):
                ctx.get_or_create(
                    JobStep,
                    vessel=vessel,
                    job=job,
                    position=position,
                    defaults={
                        "kind": step["kind"],
                        "title": step["title"],
                        "unit": step.get("unit", ""),
                        "min_value": Decimal(step["min"]) if "min" in step else None,
                        "max_value": Decimal(step["max"]) if "max" in step else None,
                        "mandatory": step.get("mandatory", True),
                    },
                )
            if spec.get("postpone_hours"):
                due = job_due(job, today=today)
                postpone(
                    job=job,
                    due=due,
                    new_due_date=None,
                    new_due_hours=due.original_due_hours + spec["postpone_hours"],
                    reason=spec["postpone_reason"],
                    by=ctx.chief_engineer(spec["vessel"]),
                )
    for spec in PLAN["card_cycles"]:
        if spec["job"] in created_jobs:
            _card_cycles(ctx, jobs[spec["job"]], done_by=ctx.users[spec["done_by"]], cycles=spec["cycles"])
    for spec in PLAN["history"]:
        if spec["job"] in created_jobs:
            _history(ctx, jobs[spec["job"]], cycles=spec["cycles"], late=set(spec["late"]))
    for spec in PLAN["layups"]:
        start = today - timedelta(days=spec["start_days_ago"])
        # A past lay-up, over before the current cycles began: on record, moving nothing now.
        ctx.get_or_create(
            Layup,
            vessel=ctx.vessels[spec["vessel"]],
            start=start,
            defaults={
                "end": today - timedelta(days=spec["end_days_ago"]),
                "ended_on": today - timedelta(days=spec["end_days_ago"]),
                "reason": spec["reason"],
                "set_by": ctx.users["captain"],
            },
        )
    waiting = PLAN["awaiting_verification"]
    if waiting["job"] in created_jobs:
        _awaiting_verification(
            ctx, jobs[waiting["job"]], done_by=ctx.users[waiting["done_by"]], days_ago=waiting["days_ago"]
        )


def _history(ctx, job, *, cycles: int, late: set) -> None:
    """Past cycles before the current baseline, one interval apart; `late` ones a few days past due."""
    done_by = ctx.users["engineer"] if job.vessel.code == "AURORA" else ctx.chief_engineer(job.vessel.code)
    for n in range(1, cycles + 1):
        due = job.last_done_at - timedelta(days=job.interval_days * n)
        done_on = due + timedelta(days=job.interval_days // 5 + 2 if n in late else 0)
        MaintenanceRecord.objects.create(
            vessel=job.vessel,
            job=job,
            done_at=ctx.now.replace(year=done_on.year, month=done_on.month, day=done_on.day),
            done_by=done_by,
            due_date=due,
            trigger="calendar",
            on_time=n not in late,
        )
        ctx.created += 1


def _awaiting_verification(ctx, job, *, done_by, days_ago: int) -> None:
    """A planned work order done by an engineer, its cycle waiting for the chief's signature."""
    due = job_due(job, today=ctx.now.date())
    work_order = create_planned_work_order(job=job, due=due, created_by=ctx.chief_engineer(job.vessel.code))
    done_at = ctx.ago(days=days_ago)
    set_status(
        work_order,
        WorkOrderStatus.COMPLETED,
        completed_by=done_by,
        completed_at=done_at,
        completion_notes="1000-hour service done to the maker's schedule; impeller replaced.",
    )
    counter = counter_for_equipment(job.equipment)
    planned = PlannedWorkOrder.objects.get(work_order=work_order)
    close_cycle(
        planned=planned,
        done_at=done_at,
        done_hours=counter.value if counter else None,
        done_by=done_by,
    )
    ctx.created += 3


def _card_cycles(ctx, job, *, done_by, cycles: list) -> None:
    """Past cycles done through planned work orders, oldest first, each card filled in as recorded."""
    hours = job.last_done_hours
    for cycle in cycles:
        done_at = ctx.ago(days=cycle["days_ago"])
        work_order = create_planned_work_order(
            job=job, due=job_due(job, today=done_at.date()), created_by=ctx.chief_engineer(job.vessel.code)
        )
        notes = cycle.get("notes", {})
        for step, given in zip(work_order.steps.order_by("position"), cycle["results"], strict=True):
            if given == "":
                continue
            result = record_step_result(
                step=step,
                work_order=work_order,
                passed=given if step.kind == "check" else None,
                value=Decimal(given) if step.kind == "measurement" else None,
                text=given if step.kind == "text" else "",
                notes=notes.get(str(step.position), ""),
                by=done_by,
                critical=job.critical,
            )
            result.created_at = done_at
            result.save(update_fields=["created_at"])
            ctx.created += 2 if result.fault_id else 1
        set_status(
            work_order,
            WorkOrderStatus.COMPLETED,
            completed_by=done_by,
            completed_at=done_at,
            completion_notes="Membranes cleaned to the maker's procedure; salinity logged on the card.",
        )
        close_cycle(
            planned=PlannedWorkOrder.objects.get(work_order=work_order),
            done_at=done_at,
            done_hours=hours,
            done_by=done_by,
        )
        ctx.created += 3
