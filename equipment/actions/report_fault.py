"""report_fault: crew report a fault on a piece of equipment."""

from django import forms

from equipment.models import Fault, FaultStatus, Severity
from equipment.selectors import equipment_picker, find_equipment
from equipment.serializers import equipment_brief, fault_dict
from equipment.services import create_fault
from pms.actions.base import Action, Plan, Ref, Target, register
from pms.actions.forms import ActionForm, id_field
from pms.roles import ANY_MEMBER


class ReportFaultForm(ActionForm):
    equipment_id = id_field("Equipment")
    fault_code = forms.CharField(max_length=40, required=False, help_text="As shown on the panel, e.g. E047.")
    title = forms.CharField(min_length=3, max_length=200)
    description = forms.CharField(max_length=5000, required=False, widget=forms.Textarea(attrs={"rows": 4}))
    severity = forms.ChoiceField(choices=Severity.choices, initial=Severity.MEDIUM)

    pickers = {"equipment_id": equipment_picker()}

    def clean_fault_code(self):
        return " ".join(self.cleaned_data["fault_code"].upper().split())


@register
class ReportFault(Action):
    name = "report_fault"
    roles = ANY_MEMBER
    example_payload = {
        "equipment_id": Ref("equipment.equipment"),
        "fault_code": "E901",
        "title": "Seawater leak at the pump",
        "description": "Drips at the shaft seal.",
        "severity": "low",
    }
    label = "Report a fault"
    form_class = ReportFaultForm
    template_name = "equipment/actions/report_fault.html"

    def resolve(self, *, user, data, vessel):
        if not data.get("equipment_id"):
            return Target(vessel=vessel)
        equipment = find_equipment(user=user, pk=data["equipment_id"])
        return Target(vessel=equipment.vessel, objects={"equipment": equipment})

    def prefill(self, *, user, target, params):
        equipment = target.objects.get("equipment")
        return {
            "equipment_id": str(equipment.pk) if equipment else "",
            "equipment": equipment_brief(equipment) if equipment else None,
            "severity": Severity.MEDIUM,
        }

    def plan(self, *, user, data, target):
        equipment = target.equipment
        plan = Plan(rows=[equipment])
        plan.change("fault", "equipment", None, f"{equipment.code} {equipment.name}")
        for name in ("fault_code", "title", "description", "severity"):
            if data[name]:
                plan.change("fault", name, None, data[name])
        plan.change("fault", "status", None, FaultStatus.OPEN)
        plan.side_effects.append(f"The fault is listed as open on {target.vessel.name}.")
        if data["fault_code"]:
            same = Fault.objects.filter(
                equipment=equipment,
                fault_code=data["fault_code"],
                status__in=[FaultStatus.OPEN, FaultStatus.WORK_ORDER_RAISED],
            ).count()
            if same:
                plan.warn(
                    "SIMILAR_OPEN_FAULT",
                    f"{same} open fault(s) with code {data['fault_code']} already on {equipment.code}.",
                )
        return plan

    def apply(self, *, user, data, target, plan):
        fault = create_fault(
            equipment=target.equipment,
            fault_code=data["fault_code"],
            title=data["title"],
            description=data["description"],
            severity=data["severity"],
            reported_by=user,
        )
        return {"id": str(fault.pk), "fault": fault_dict(fault)}

    def message(self, result):
        fault = result["fault"]
        return f"Fault reported: {fault['fault_code'] or ''} {fault['title']}".replace("  ", " ")
