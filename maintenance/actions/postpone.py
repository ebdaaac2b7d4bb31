"""postpone_maintenance_job: one cycle moved, within the job's limit, with a reason (signed)."""

from django import forms
from django.utils import timezone

from maintenance import rules
from maintenance.selectors import find_job, job_due
from maintenance.serializers import job_dict
from maintenance.services import postpone
from pms.actions.base import Action, ActionError, Plan, Ref, Target, register
from pms.actions.forms import ActionForm, DayField, id_field
from pms.roles import HOD_ROLES


class PostponeForm(ActionForm):
    job_id = id_field("Maintenance job", widget=forms.HiddenInput)
    new_due_date = DayField(required=False, label="New due date")
    new_due_hours = forms.IntegerField(required=False, min_value=0, max_value=10**9, label="New due running hours")
    reason = forms.CharField(min_length=10, max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))

    def clean(self):
        data = super().clean()
        if not data.get("new_due_date") and data.get("new_due_hours") is None and not self.errors:
            raise forms.ValidationError("Give a new due date, new due running hours, or both.", code="required")
        return data


def limit_refusal(job, due, data) -> ActionError | None:
    """Past the job's postpone limit (a class item: past its tolerance) → POSTPONE_LIMIT_EXCEEDED."""
    plan = job.plan()
    checks = []
    if data.get("new_due_date"):
        if due.original_due_date is None:
            return ActionError("VALIDATION_ERROR", "This job has no calendar due to move.", field="new_due_date")
        limit = rules.postpone_limit(interval=job.interval_days, percent=job.postpone_limit_percent)
        if job.class_item:
            limit = min(limit, plan.tolerance_days_or_default)
        checks.append(("new_due_date", (data["new_due_date"] - due.original_due_date).days, limit, "days"))
    if data.get("new_due_hours") is not None:
        if due.original_due_hours is None:
            return ActionError("VALIDATION_ERROR", "This job has no running-hours due to move.", field="new_due_hours")
        limit = rules.postpone_limit(interval=job.interval_hours, percent=job.postpone_limit_percent)
        if job.class_item:
            limit = min(limit, plan.tolerance_hours_or_default)
        checks.append(("new_due_hours", data["new_due_hours"] - due.original_due_hours, limit, "h"))
    for field, moved, limit, unit in checks:
        if moved <= 0:
            return ActionError("VALIDATION_ERROR", "A postponement moves the due later.", field=field)
        if moved > limit:
            kind = (
                "its tolerance (a class item)" if job.class_item else f"{job.postpone_limit_percent} % of its interval"
            )
            return ActionError(
                "POSTPONE_LIMIT_EXCEEDED",
                f"{job.code} may move by at most {limit} {unit} ({kind}); {moved} {unit} asked.",
                field=field,
                details={"limit": limit, "asked": moved, "unit": unit},
            )
    return None


@register
class PostponeMaintenanceJob(Action):
    name = "postpone_maintenance_job"
    roles = HOD_ROLES
    example_payload = {
        "job_id": Ref("maintenance.maintenancejob"),
        "new_due_hours": lambda row_of: rules.scheduled_due_hours(row_of("maintenance.maintenancejob").plan()) + 20,
        "reason": "Spare parts arrive at the next port.",
    }
    label = "Postpone"
    form_class = PostponeForm
    template_name = "maintenance/actions/postpone_maintenance_job.html"
    requires_signature = True
    signature_meaning = "I authorise postponing this maintenance job"
    signed_object_type = "maintenance.maintenancejob"
    signed_fields = ("postponed_due_date", "postponed_due_hours")

    def resolve(self, *, user, data, vessel):
        job = find_job(user=user, pk=data.get("job_id"))
        return Target(vessel=job.vessel, objects={"job": job})

    def lock(self, *, user, data, target):
        job = (
            type(target.job)
            .objects.select_for_update(of=("self",))
            .select_related("vessel", "equipment")
            .get(pk=target.job.pk)
        )
        return Target(vessel=target.vessel, objects={"job": job})

    def prefill(self, *, user, target, params):
        due = job_due(target.job, today=timezone.localdate())
        return {"job_id": str(target.job.pk), "job": job_dict(target.job, due)}

    def plan(self, *, user, data, target):
        job = target.job
        due = job_due(job, today=timezone.localdate())
        refusal = limit_refusal(job, due, data)
        if refusal is not None:
            raise refusal
        plan = Plan(rows=[job])
        if data.get("new_due_date"):
            plan.change(f"job {job.code}", "due date", str(due.next_due_date), str(data["new_due_date"]))
        if data.get("new_due_hours") is not None:
            plan.change(f"job {job.code}", "due running hours", due.next_due_hours, data["new_due_hours"])
        plan.side_effects.append(
            f"The original due ({due.original_due_date or ''} {due.original_due_hours or ''}) stays on record; "
            "compliance counts against it."
        )
        return plan

    def apply(self, *, user, data, target, plan):
        job = target.job
        due = job_due(job, today=timezone.localdate())
        postpone(
            job=job,
            due=due,
            new_due_date=data.get("new_due_date"),
            new_due_hours=data.get("new_due_hours"),
            reason=data["reason"],
            by=user,
        )
        return {"id": str(job.pk), "job": job_dict(job, job_due(job, today=timezone.localdate()))}

    def message(self, result):
        return f"{result['job']['code']} postponed: {result['job']['due_reason']}"
