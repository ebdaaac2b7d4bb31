"""Does every job's stored due still match what `maintenance.rules` computes from its rows now?"""

from django.utils import timezone

from maintenance import rules
from maintenance.models import MaintenanceJob
from maintenance.selectors import CounterMap


def stale_stored_dues() -> list[str]:
    """The jobs whose stored due differs from the one computed afresh, with the fields that differ.

    The earlier-trigger date of a job overdue by hours is the day it was computed (a forecast of
    "already"), so it is compared only for the others.
    """
    found, today = [], timezone.localdate()
    jobs = list(MaintenanceJob.objects.order_by("vessel_id", "code"))
    maps = {vessel_id: CounterMap(vessel_id) for vessel_id in {job.vessel_id for job in jobs}}
    for job in jobs:
        plan = job.plan()
        want = rules.stored_due(plan, rules.compute_due(plan, maps[job.vessel_id].state_for(job.equipment_id), today))
        if want["hours_state"] == rules.OVERDUE:
            want.pop("first_due")
        wrong = {name: (getattr(job, name), value) for name, value in want.items() if getattr(job, name) != value}
        if wrong:
            found.append(f"{job.code}: {wrong}")
    return found
