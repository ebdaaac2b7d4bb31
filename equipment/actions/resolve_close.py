"""resolve_fault and close_fault: a fault is fixed (engineer-grade), then closed after review (HOD)."""

from django import forms

from equipment.models import Fault, FaultStatus
from equipment.selectors import find_fault
from equipment.serializers import fault_dict
from equipment.services import check_fault_transition, close_fault, resolve_fault
from pms.actions.base import Action, ActionError, Plan, Ref, Target, register
from pms.actions.forms import ActionForm, id_field
from pms.roles import ENGINEER_GRADE_ROLES, HOD_ROLES


class FaultTarget:
    """Resolve and lock the fault named by `fault_id`."""

    def resolve(self, *, user, data, vessel):
        fault = find_fault(user=user, pk=data.get("fault_id"))
        return Target(vessel=fault.vessel, objects={"fault": fault})

    def lock(self, *, user, data, target):
        fault = (
            Fault.objects.select_for_update(of=("self",)).select_related("vessel", "equipment").get(pk=target.fault.pk)
        )
        return Target(vessel=target.vessel, objects={**target.objects, "fault": fault})

    def prefill(self, *, user, target, params):
        fault = target.fault
        return {
            "fault_id": str(fault.pk),
            "fault": {
                **fault_dict(fault),
                "id": str(fault.pk),
                "equipment": f"{fault.equipment.code} {fault.equipment.name}",
            },
            "open_work_orders": open_work_orders(fault),
        }

    def message(self, result):
        fault = result["fault"]
        return f"Fault {fault['fault_code'] or fault['title']} {fault['status']}."


def open_work_orders(fault: Fault) -> list[dict]:
    """The fault's work orders that are still open (the completion of the last one resolves it)."""
    return [
        {"id": str(w.pk), "number": w.number, "status": w.status, "url": w.get_absolute_url()}
        for w in fault.work_orders.all()
        if w.is_open
    ]


def fault_name(fault: Fault) -> str:
    return f"fault {fault.fault_code or fault.title}"


class ResolveFaultForm(ActionForm):
    fault_id = id_field("Fault", widget=forms.HiddenInput)
    resolution_notes = forms.CharField(
        min_length=3, max_length=5000, widget=forms.Textarea(attrs={"rows": 4}), help_text="What fixed it."
    )


@register
class ResolveFault(FaultTarget, Action):
    name = "resolve_fault"
    roles = ENGINEER_GRADE_ROLES
    example_payload = {"fault_id": Ref("equipment.fault"), "resolution_notes": "Shaft seal replaced; no more drips."}
    label = "Resolve fault"
    form_class = ResolveFaultForm
    template_name = "equipment/actions/resolve_fault.html"

    def plan(self, *, user, data, target):
        fault = target.fault
        check_fault_transition(fault, FaultStatus.RESOLVED)
        plan = Plan(rows=[fault])
        plan.change(fault_name(fault), "status", fault.status, FaultStatus.RESOLVED)
        plan.change(fault_name(fault), "resolved_by", None, user.printed_name)
        plan.change(fault_name(fault), "resolution_notes", fault.resolution_notes or None, data["resolution_notes"])
        for work_order in open_work_orders(fault):
            plan.warn("OPEN_WORK_ORDER", f"{work_order['number']} is still open; it stays open.")
        plan.side_effects.append("The fault leaves the open faults; a head of department closes it after review.")
        return plan

    def apply(self, *, user, data, target, plan):
        fault = target.fault
        resolve_fault(fault, by=user, notes=data["resolution_notes"])
        return {"id": str(fault.pk), "fault": {**fault_dict(fault), "id": str(fault.pk)}}


class CloseFaultForm(ActionForm):
    fault_id = id_field("Fault", widget=forms.HiddenInput)
    closing_notes = forms.CharField(
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Needed when the fault was never resolved (a false alarm, a duplicate report).",
    )


@register
class CloseFault(FaultTarget, Action):
    name = "close_fault"
    roles = HOD_ROLES
    example_payload = {"fault_id": Ref("equipment.fault"), "closing_notes": "A false alarm: the sensor's wiring."}
    label = "Close fault"
    form_class = CloseFaultForm
    template_name = "equipment/actions/close_fault.html"

    def plan(self, *, user, data, target):
        fault = target.fault
        check_fault_transition(fault, FaultStatus.CLOSED)
        if fault.status == FaultStatus.OPEN and len(data["closing_notes"].strip()) < 3:
            raise ActionError(
                "VALIDATION_ERROR",
                "closing_notes: say why a fault that was never resolved is closed.",
                field="closing_notes",
            )
        plan = Plan(rows=[fault])
        plan.change(fault_name(fault), "status", fault.status, FaultStatus.CLOSED)
        plan.change(fault_name(fault), "closed_by", None, user.printed_name)
        if data["closing_notes"]:
            plan.change(fault_name(fault), "closing_notes", fault.closing_notes or None, data["closing_notes"])
        plan.side_effects.append("A closed fault cannot be changed; a recurrence is reported as a new fault.")
        return plan

    def apply(self, *, user, data, target, plan):
        fault = target.fault
        close_fault(fault, by=user, notes=data["closing_notes"])
        return {"id": str(fault.pk), "fault": {**fault_dict(fault), "id": str(fault.pk)}}
