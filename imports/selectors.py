"""Reads: a vessel's rows that a plan file may name, each kind in one query, keyed by code.

Only the vessel's own rows are read, so a code that exists only on another vessel is simply
"no such …" here: nothing of another vessel is ever named or revealed.
"""

from dataclasses import dataclass, field

from counters.models import Counter
from equipment.models import Equipment
from inventory.models import Part
from maintenance.models import JobPart, JobStep, MaintenanceJob

# What each kind of row needs read to be planned.
NEEDS = {
    "equipment": {"equipment"},
    "parts": {"parts"},
    "counters": {"equipment", "counters"},
    "jobs": {"equipment", "counters", "jobs"},
    "job_steps": {"jobs", "steps"},
    "job_kit": {"jobs", "parts", "kit"},
}


@dataclass
class Existing:
    """The vessel's rows by their codes (only the kinds a file needs are read)."""

    equipment: dict = field(default_factory=dict)  # code → Equipment
    equipment_code_of: dict = field(default_factory=dict)  # pk → code
    parts: dict = field(default_factory=dict)  # part_number → Part
    counters: dict = field(default_factory=dict)  # equipment code → Counter
    jobs: dict = field(default_factory=dict)  # code → MaintenanceJob
    job_code_of: dict = field(default_factory=dict)  # pk → code
    steps: dict = field(default_factory=dict)  # (job code, position) → JobStep
    kit: dict = field(default_factory=dict)  # (job code, part_number) → JobPart


def existing_rows(*, vessel, kinds) -> Existing:
    wanted = set().union(*(NEEDS[k] for k in kinds)) if kinds else set()
    found = Existing()
    if "equipment" in wanted or "counters" in wanted:
        for item in Equipment.objects.filter(vessel=vessel):
            found.equipment[item.code] = item
            found.equipment_code_of[item.pk] = item.code
    if "parts" in wanted:
        found.parts = {p.part_number: p for p in Part.objects.filter(vessel=vessel)}
    if "counters" in wanted:
        for counter in Counter.objects.filter(vessel=vessel):
            code = found.equipment_code_of.get(counter.equipment_id)
            if code is not None:
                found.counters[code] = counter
    if "jobs" in wanted:
        jobs = MaintenanceJob.objects.filter(vessel=vessel).select_related("equipment")
        for job in jobs:
            found.jobs[job.code] = job
            found.job_code_of[job.pk] = job.code
    if "steps" in wanted:
        for step in JobStep.objects.filter(vessel=vessel):
            found.steps[(found.job_code_of.get(step.job_id), step.position)] = step
    if "kit" in wanted:
        for line in JobPart.objects.filter(vessel=vessel).select_related("part"):
            found.kit[(found.job_code_of.get(line.job_id), line.part.part_number)] = line
    return found


def plan_rows(*, vessel) -> dict[str, list[dict]]:
    """Every row of the vessel's plan in the import format (column → value), by kind: what
    the export writes, so that an export imports back unchanged. Six queries."""
    equipment = list(Equipment.objects.filter(vessel=vessel).order_by("code"))
    code_of = {e.pk: e.code for e in equipment}
    parts = list(Part.objects.filter(vessel=vessel).order_by("part_number"))
    counters = sorted(Counter.objects.filter(vessel=vessel), key=lambda c: code_of.get(c.equipment_id, ""))
    jobs = list(MaintenanceJob.objects.filter(vessel=vessel).order_by("code"))
    job_code_of = {j.pk: j.code for j in jobs}
    steps = sorted(JobStep.objects.filter(vessel=vessel), key=lambda s: (job_code_of.get(s.job_id, ""), s.position))
    kit = sorted(
        JobPart.objects.filter(vessel=vessel).select_related("part"),
        key=lambda k: (job_code_of.get(k.job_id, ""), k.part.part_number),
    )
    return {
        "equipment": [
            {
                "code": e.code,
                "name": e.name,
                "parent_code": code_of.get(e.parent_id, ""),
                "location": e.location,
                "manufacturer": e.manufacturer,
                "model": e.model,
                "serial_number": e.serial_number,
                "criticality": e.criticality,
            }
            for e in equipment
        ],
        "parts": [
            {
                "part_number": p.part_number,
                "name": p.name,
                "manufacturer": p.manufacturer,
                "category": p.category,
                "unit": p.unit,
                "location": p.location,
                "minimum_quantity": p.minimum_quantity,
                "maximum_quantity": p.maximum_quantity,
                "opening_stock": p.quantity_on_hand,
            }
            for p in parts
        ],
        "counters": [
            {
                "equipment_code": code_of.get(c.equipment_id, ""),
                "name": c.name,
                "unit": c.unit,
                "default_daily_hours": c.default_daily_hours,
                "reading": c.meter_value,
                "read_at": c.last_read_at,
            }
            for c in counters
        ],
        "jobs": [
            {
                "code": j.code,
                "equipment_code": code_of.get(j.equipment_id, ""),
                "title": j.title,
                "instructions": j.instructions,
                "interval_days": j.interval_days,
                "interval_hours": j.interval_hours,
                "schedule": j.schedule,
                "alarm_days": j.alarm_days,
                "alarm_hours": j.alarm_hours,
                "tolerance_days": j.tolerance_days,
                "tolerance_hours": j.tolerance_hours,
                "postpone_limit_percent": j.postpone_limit_percent,
                "critical": j.critical,
                "class_item": j.class_item,
                "requires_verification": j.requires_verification,
                "estimated_hours": j.estimated_hours,
                "active": j.active,
                "last_done_at": j.last_done_at,
                "last_done_hours": j.last_done_hours,
            }
            for j in jobs
        ],
        "job_steps": [
            {
                "job_code": job_code_of.get(s.job_id, ""),
                "position": s.position,
                "kind": s.kind,
                "title": s.title,
                "unit": s.unit,
                "min_value": s.min_value,
                "max_value": s.max_value,
                "mandatory": s.mandatory,
                "fault_severity": s.fault_severity,
            }
            for s in steps
        ],
        "job_kit": [
            {"job_code": job_code_of.get(k.job_id, ""), "part_number": k.part.part_number, "quantity": k.quantity}
            for k in kit
        ],
    }
