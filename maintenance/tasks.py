"""The scheduled run of the plan: every vessel's due jobs become planned work orders."""

from django.tasks import task

from audit.context import audit_context
from maintenance.services import plan_maintenance
from pms.models import Vessel


@task
def plan_all_vessels() -> int:
    created = 0
    with audit_context(actor=None, actor_label="system:plan_maintenance", action_name="plan_maintenance"):
        for vessel in Vessel.objects.order_by("code"):
            created += len(plan_maintenance(vessel=vessel))
    return created
