"""plan_maintenance: the HOD's button for what `manage.py plan_maintenance` and the scheduled task do."""

from django import forms
from django.utils import timezone

from maintenance.services import jobs_to_plan, plan_maintenance, planned_title
from pms.actions.base import Action, ActionError, Plan, Target, register
from pms.actions.forms import ActionForm
from pms.roles import HOD_ROLES


class PlanForm(ActionForm):
    confirm = forms.BooleanField(required=False, initial=True, widget=forms.HiddenInput)


@register
class PlanMaintenance(Action):
    name = "plan_maintenance"
    roles = HOD_ROLES
    example_payload = {"confirm": True}
    label = "Generate due work orders"
    description = "Create a planned work order for every job entering its alarm window."
    form_class = PlanForm
    template_name = "maintenance/actions/plan_maintenance.html"

    def resolve(self, *, user, data, vessel):
        if vessel is None:
            raise ActionError("FORBIDDEN", "Choose a vessel first.")
        return Target(vessel=vessel)

    def plan(self, *, user, data, target):
        due = jobs_to_plan(vessel=target.vessel, today=timezone.localdate())
        plan = Plan(rows=[job for job, _ in due])
        for job, job_due in due:
            plan.change("planned work order", "title", None, planned_title(job))
            plan.side_effects.append(f"{job.code}: {job_due.due_reason}")
        if not due:
            plan.warn("NOTHING_DUE", "No job enters its alarm window now: nothing would be created.")
        return plan

    def apply(self, *, user, data, target, plan):
        created = plan_maintenance(vessel=target.vessel, created_by=user)
        return {
            "id": str(target.vessel.pk),
            "created": [{"id": str(w.pk), "number": w.number, "title": w.title} for w in created],
        }

    def message(self, result):
        n = len(result["created"])
        return f"{n} planned work order{'s' if n != 1 else ''} created."
