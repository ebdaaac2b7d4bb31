"""record_job_step: an engineer records the result of one step of a work order's job card.

A result is never edited: a correction is a new result, the newest is the step's current one
and the older ones stay on the card. A failed check, or a measurement outside its limits,
reports a fault on the work order's equipment (linked through the result); the preview says
so, with the fault's severity, before anything is written.
"""

from django import forms

from maintenance import rules
from maintenance.models import StepKind, StepResult
from maintenance.selectors import find_card_step
from maintenance.serializers import step_result_dict
from maintenance.services import open_fault_of, record_step_result, step_fault
from pms.actions.base import Action, ActionError, Plan, Ref, register
from pms.actions.forms import ActionForm, id_field
from pms.roles import ENGINEER_GRADE_ROLES
from workorders.actions.common import WorkOrderTarget, refuse_if_closed, work_order_summary
from workorders.models import OPEN_STATUSES, WorkOrderStatus

SIGNED_OR_CLOSED = tuple(s for s in WorkOrderStatus.values if s not in OPEN_STATUSES)


class RecordStepForm(ActionForm):
    work_order_id = id_field("Work order", widget=forms.HiddenInput)
    step_id = id_field("Step", widget=forms.HiddenInput)
    passed = forms.NullBooleanField(
        required=False,
        label="Result",
        widget=forms.RadioSelect(choices=[("true", "Pass"), ("false", "Fail")]),
        help_text="Checks: pass or fail.",
    )
    value = forms.DecimalField(
        required=False,
        max_digits=12,
        decimal_places=3,
        label="Value",
        widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "any"}),
        help_text="Measurements: what you read.",
    )
    text = forms.CharField(required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    notes = forms.CharField(required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))


@register
class RecordJobStep(WorkOrderTarget, Action):
    name = "record_job_step"
    roles = ENGINEER_GRADE_ROLES
    example_payload = {
        "work_order_id": Ref("workorders.workorder"),
        "step_id": Ref("maintenance.workorderstep"),
        "value": "3.4",
        "notes": "At idle, engine warm.",
    }
    label = "Record a step"
    form_class = RecordStepForm
    template_name = "maintenance/actions/record_job_step.html"

    def resolve(self, *, user, data, vessel):
        target = super().resolve(user=user, data=data, vessel=vessel)
        target.objects["step"] = find_card_step(work_order=target.work_order, pk=data.get("step_id"))
        return target

    def lock(self, *, user, data, target):
        target = super().lock(user=user, data=data, target=target)
        # The step's row orders its results: two engineers recording at once are taken one after the other.
        target.objects["step"] = type(target.step).objects.select_for_update().get(pk=target.step.pk)
        return target

    def is_permitted(self, *, user, role, target):
        return super().is_permitted(user=user, role=role, target=target) or target.work_order.assignee_id == user.pk

    def _critical(self, work_order) -> bool:
        planned = getattr(work_order, "planned", None)  # a reverse one-to-one: absent on a reactive work order
        return bool(planned and planned.job.critical)

    def prefill(self, *, user, target, params):
        step, work_order = target.step, target.work_order
        current = step.results.order_by("-created_at").first()
        return {
            "work_order_id": str(work_order.pk),
            "step_id": str(step.pk),
            "work_order": work_order_summary(work_order),
            "step": {
                "id": str(step.pk),
                "position": step.position,
                "title": step.title,
                "kind": step.kind,
                "unit": step.unit,
                "limits": rules.limits_text(step.step()),
                "min_value": str(step.min_value) if step.min_value is not None else None,
                "max_value": str(step.max_value) if step.max_value is not None else None,
                "mandatory": step.mandatory,
            },
            "current": step_result_dict(current) if current else None,
        }

    def plan(self, *, user, data, target):
        step, work_order = target.step, target.work_order
        # A completed card is signed: results go on while the work order is open.
        refuse_if_closed(work_order, closed=SIGNED_OR_CLOSED)
        passed, value, text = _given(step, data)
        lacking = rules.missing_result(step.step(), passed=passed, value=value, text=text)
        if lacking:
            field = {StepKind.CHECK: "passed", StepKind.MEASUREMENT: "value"}.get(step.kind, "text")
            raise ActionError("VALIDATION_ERROR", f"{field}: {lacking}.", field=field)
        current = step.results.order_by("-created_at").select_related("fault").first()
        plan = Plan(rows=[work_order, step, *([current] if current else [])])
        entity = f"step {step.position} of {work_order.number}"
        shown = rules.result_text(step.kind, passed=passed, value=value, text=text, unit=step.unit)
        plan.change(entity, "result", current.display_value() if current else None, shown, model=StepResult)
        if data.get("notes"):
            plan.change(entity, "notes", None, data["notes"], model=StepResult)
        if current is not None:
            plan.side_effects.append(
                f"This corrects the result recorded {current.created_at:%d %b %H:%M}; it stays on the card."
            )
        failure = rules.result_failure(step.step(), passed=passed, value=value)
        if failure:
            if (linked := open_fault_of(current)) is not None:
                plan.side_effects.append(
                    f"{failure.capitalize()}: the open fault this step already reported ({linked.title}) "
                    "is linked again; no new fault is reported."
                )
            else:
                shape = step_fault(step, equipment=work_order.equipment, critical=self._critical(work_order))
                plan.change("fault", "equipment", None, f"{work_order.equipment.code} {work_order.equipment.name}")
                plan.change("fault", "title", None, shape["title"])
                plan.change("fault", "severity", None, shape["severity"])
                plan.warn(
                    "FAULT_WILL_BE_REPORTED",
                    f"{failure.capitalize()}: a {shape['severity']} fault will be reported on "
                    f"{work_order.equipment.code}, linked to {work_order.number} and this step.",
                )
        return plan

    def apply(self, *, user, data, target, plan):
        step, work_order = target.step, target.work_order
        passed, value, text = _given(step, data)
        result = record_step_result(
            step=step,
            work_order=work_order,
            passed=passed,
            value=value,
            text=text,
            notes=data.get("notes") or "",
            by=user,
            critical=self._critical(work_order),
        )
        return {
            "id": str(result.pk),
            "result": step_result_dict(result),
            "work_order": work_order_summary(work_order),
            "fault": {"id": str(result.fault_id), "title": result.fault.title, "severity": result.fault.severity}
            if result.fault_id
            else None,
        }

    def message(self, result):
        step = result["result"]
        fault = result["fault"]
        said = f"Step {step['position']}: {step['display']} recorded on {result['work_order']['number']}."
        return f"{said} Fault reported: {fault['title']} ({fault['severity']})." if fault else said


def _given(step, data) -> tuple:
    """The part of the payload this step's kind takes: passed for a check, value for a measurement, text."""
    if step.kind == StepKind.CHECK:
        return data.get("passed"), None, ""
    if step.kind == StepKind.MEASUREMENT:
        return None, data.get("value"), ""
    return None, None, (data.get("text") or "").strip()
