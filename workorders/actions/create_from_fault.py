"""create_work_order_from_fault: a signed work order raised from a reported fault."""

from datetime import timedelta

from django import forms
from django.utils import timezone

from equipment.models import Equipment, Fault, FaultStatus
from equipment.selectors import equipment_picker, find_equipment, find_fault
from pms.actions.base import Action, ActionError, Plan, Ref, Target, register
from pms.actions.forms import ActionForm, id_field
from pms.roles import HOD_ROLES
from workorders.actions.common import work_order_summary
from workorders.models import (
    CREATION_SIGNED_FIELDS,
    Priority,
    WorkOrder,
    WorkOrderStatus,
)
from workorders.rules import RECURRENCE_DAYS, priority_for_severity
from workorders.selectors import open_duplicate_of, open_for_fault_code
from workorders.services import next_work_order_number


def duplicate_dict(work_order: WorkOrder) -> dict:
    return {
        "id": str(work_order.pk),
        "number": work_order.number,
        "status": work_order.status,
        "assignee": work_order.assignee.printed_name if work_order.assignee else None,
        "created_at": work_order.created_at.isoformat(),
        "days_ago": (timezone.now() - work_order.created_at).days,
    }


def suggested_title(fault: Fault) -> str:
    parts = [fault.equipment.location, fault.equipment.name, fault.fault_code]
    return " - ".join(p for p in parts if p)[:200]


def suggested_description(fault: Fault) -> str:
    occurrences = 0
    if fault.fault_code:
        since = timezone.now() - timedelta(days=RECURRENCE_DAYS)
        occurrences = Fault.objects.filter(
            vessel_id=fault.vessel_id, fault_code=fault.fault_code, reported_at__gte=since
        ).count()
    recurrence = f"Occurrences: {occurrences} in last {RECURRENCE_DAYS} days" if occurrences > 1 else ""
    text = "\n\n".join(p for p in (fault.title, fault.description) if p)
    return "\n\n".join(p for p in (text[: 5000 - len(recurrence) - 2], recurrence) if p)


class CreateWorkOrderForm(ActionForm):
    fault_id = id_field("Fault", widget=forms.HiddenInput)
    title = forms.CharField(min_length=3, max_length=200)
    priority = forms.ChoiceField(choices=Priority.choices, initial=Priority.NORMAL)
    equipment_id = id_field("Equipment", required=False, help_text="Leave empty for the fault's equipment.")
    description = forms.CharField(max_length=5000, required=False, widget=forms.Textarea(attrs={"rows": 6}))
    override_duplicate = forms.BooleanField(
        required=False, label="Create it anyway, although this fault already has a work order"
    )

    pickers = {"equipment_id": equipment_picker(blank="The fault's equipment")}


@register
class CreateWorkOrderFromFault(Action):
    name = "create_work_order_from_fault"
    roles = HOD_ROLES
    example_payload = {
        "fault_id": Ref("equipment.fault"),
        "title": "Replace the pump seal",
        "priority": "normal",
        "equipment_id": Ref("equipment.equipment"),
        "description": "",
        "override_duplicate": True,
    }
    label = "Create work order"
    form_class = CreateWorkOrderForm
    template_name = "workorders/actions/create_work_order_from_fault.html"
    requires_signature = True
    signature_meaning = "I authorise this work order"
    signed_object_type = "workorders.workorder"
    signed_fields = CREATION_SIGNED_FIELDS

    def resolve(self, *, user, data, vessel):
        fault = find_fault(user=user, pk=data.get("fault_id"))
        equipment = fault.equipment
        if data.get("equipment_id"):
            equipment = find_equipment(
                user=user, pk=data["equipment_id"], queryset=Equipment.objects.filter(vessel_id=fault.vessel_id)
            )
        return Target(vessel=fault.vessel, objects={"fault": fault, "equipment": equipment})

    def lock(self, *, user, data, target):
        # The fault's lock serialises creations from it, so the duplicate check holds.
        fault = (
            Fault.objects.select_for_update(of=("self",)).select_related("vessel", "equipment").get(pk=target.fault.pk)
        )
        return Target(vessel=target.vessel, objects={**target.objects, "fault": fault})

    def prefill(self, *, user, target, params):
        fault = target.fault
        duplicate = open_duplicate_of(fault)
        return {
            "fault_id": str(fault.pk),
            "title": suggested_title(fault),
            "description": suggested_description(fault),
            "priority": priority_for_severity(fault.severity),
            "equipment_id": str(fault.equipment_id),
            "override_duplicate": False,
            "fault": {
                "id": str(fault.pk),
                "fault_code": fault.fault_code,
                "title": fault.title,
                "severity": fault.severity,
                "status": fault.status,
                "equipment": f"{fault.equipment.code} {fault.equipment.name}",
                "location": fault.equipment.location,
            },
            "duplicate_check": {
                "has_duplicate": duplicate is not None,
                "existing_work_order": duplicate_dict(duplicate) if duplicate else None,
            },
        }

    def plan(self, *, user, data, target):
        fault, equipment = target.fault, target.equipment
        duplicate = open_duplicate_of(fault)
        if duplicate is not None and not data["override_duplicate"]:
            raise ActionError(
                "DUPLICATE_WO_EXISTS",
                f"{duplicate.number} ({duplicate.get_status_display().lower()}) already exists for this fault.",
                field="override_duplicate",
                details={"existing_work_order": duplicate_dict(duplicate)},
            )
        plan = Plan(rows=[fault, equipment])
        plan.change("work_order", "title", None, data["title"])
        plan.change("work_order", "priority", None, data["priority"])
        plan.change("work_order", "equipment", None, f"{equipment.code} {equipment.name}")
        if data["description"]:
            plan.change("work_order", "description", None, data["description"])
        plan.change("work_order", "status", None, WorkOrderStatus.OPEN)
        plan.change("work_order", "fault", None, str(fault))
        plan.change("work_order", "created_by", None, user.printed_name)
        if fault.status == FaultStatus.OPEN:
            plan.change(
                f"fault {fault.fault_code or fault.title}", "status", fault.status, FaultStatus.WORK_ORDER_RAISED
            )
        elif fault.status != FaultStatus.WORK_ORDER_RAISED:
            plan.warn("FAULT_NOT_OPEN", f"The fault is {fault.get_status_display().lower()}; its status stays.")
        if duplicate is not None:
            plan.warn(
                "DUPLICATE_OVERRIDDEN",
                f"{duplicate.number} ({duplicate.get_status_display().lower()}) already exists for this fault; "
                "a second work order will be created.",
            )
        same_code = open_for_fault_code(equipment=equipment, fault_code=fault.fault_code, besides_fault=fault)
        if same_code:
            listed = ", ".join(f"{number} ({WorkOrderStatus(status).label.lower()})" for number, status in same_code)
            plan.warn(
                "OPEN_WORK_ORDERS_SAME_CODE",
                f"Other open work orders for {fault.fault_code} on {equipment.code}: {listed}. "
                "Check that this is not the same job.",
            )
        plan.side_effects.append(f"The work order gets the next number WO-{timezone.now().year}-NNNN when you sign.")
        return plan

    def apply(self, *, user, data, target, plan):
        fault = target.fault
        work_order = WorkOrder.objects.create(
            vessel=target.vessel,
            number=next_work_order_number(vessel=target.vessel),
            title=data["title"],
            description=data["description"],
            priority=data["priority"],
            equipment=target.equipment,
            fault=fault,
            created_by=user,
        )
        if fault.status == FaultStatus.OPEN:
            fault.status = FaultStatus.WORK_ORDER_RAISED
            fault.save(update_fields=["status"])
        return {
            "id": str(work_order.pk),
            "work_order": {
                **work_order_summary(work_order),
                "description": work_order.description,
                "fault_id": str(fault.pk),
                "equipment_id": str(work_order.equipment_id),
                "created_by": user.printed_name,
                "created_at": work_order.created_at.isoformat(),
            },
            "fault": {"id": str(fault.pk), "status": fault.status},
        }

    def message(self, result):
        return f"Work order {result['work_order']['number']} created."
