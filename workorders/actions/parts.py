"""add_part_to_work_order: the work order's parts list (a shopping list; stock is not deducted)."""

from django import forms

from inventory.actions.common import find_part, part_summary
from inventory.rules import stock_warning
from inventory.selectors import part_picker
from pms.actions.base import Action, ActionError, Plan, Ref, register
from pms.actions.forms import ActionForm, QuantityField, id_field
from pms.roles import ENGINEER_GRADE_ROLES
from workorders.actions.common import WorkOrderTarget, parts_list, refuse_if_closed, work_order_summary
from workorders.models import (
    WorkOrderPart,
    WorkOrderStatus,
)
from workorders.rules import CLOSED_STATUSES


class AddPartForm(ActionForm):
    work_order_id = id_field("Work order", widget=forms.HiddenInput)
    part_id = id_field("Part")
    quantity = QuantityField(initial=1)
    notes = forms.CharField(max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2}))

    pickers = {"part_id": part_picker(with_stock=True)}


@register
class AddPartToWorkOrder(WorkOrderTarget, Action):
    name = "add_part_to_work_order"
    roles = ENGINEER_GRADE_ROLES
    example_payload = {
        "work_order_id": Ref("workorders.workorder"),
        "part_id": Ref("inventory.part"),
        "quantity": 1,
        "notes": "",
    }
    label = "Add a part"
    form_class = AddPartForm
    template_name = "workorders/actions/add_part_to_work_order.html"

    def resolve(self, *, user, data, vessel):
        target = super().resolve(user=user, data=data, vessel=vessel)
        if data.get("part_id"):
            part = find_part(user=user, pk=data["part_id"])
            if part.vessel_id != target.vessel.pk:
                raise ActionError("PART_NOT_FOUND", "Part not found.", field="part_id")
            target.objects["part"] = part
        return target

    def prefill(self, *, user, target, params):
        work_order = target.work_order
        part = target.objects.get("part")
        line = work_order.parts.filter(part=part).first() if part else None
        return {
            "work_order_id": str(work_order.pk),
            "part_id": str(part.pk) if part else "",
            "quantity": 1,
            "work_order": work_order_summary(work_order),
            "parts": parts_list(work_order),
            "part": part_summary(part) if part else None,
            "quantity_on_list": line.quantity if line else 0,
        }

    def plan(self, *, user, data, target):
        work_order, part = target.work_order, target.part
        refuse_if_closed(work_order, closed=(*CLOSED_STATUSES, WorkOrderStatus.COMPLETED))
        line = work_order.parts.filter(part=part).first()
        quantity = (line.quantity if line else 0) + data["quantity"]
        if quantity > QuantityField.MAX:
            raise ActionError(
                "INVALID_QUANTITY", f"The line would hold more than {QuantityField.MAX:,}.", field="quantity"
            )
        plan = Plan(rows=[work_order, part, *([line] if line else [])])
        entity = f"{work_order.number} parts list"
        plan.change(entity, f"{part.part_number} {part.name}", line.quantity if line else None, quantity)
        if data["notes"]:
            plan.change(entity, f"{part.part_number} notes", line.notes if line else None, data["notes"])
        plan.side_effects.append("Stock is not deducted now: it is deducted when the work order is completed.")
        plan.warn(*stock_warning(part=part, needed=quantity))
        return plan

    def apply(self, *, user, data, target, plan):
        work_order, part = target.work_order, target.part
        line = work_order.parts.filter(part=part).first()
        if line is None:
            line = WorkOrderPart.objects.create(
                vessel=target.vessel,
                work_order=work_order,
                part=part,
                quantity=data["quantity"],
                notes=data["notes"],
                added_by=user,
            )
        else:
            line.quantity += data["quantity"]
            line.notes = data["notes"] or line.notes
            line.save(update_fields=["quantity", "notes"])
        return {
            "id": str(line.pk),
            "line": {
                "id": str(line.pk),
                "part_id": str(part.pk),
                "part_number": part.part_number,
                "quantity": line.quantity,
                "notes": line.notes,
            },
            "part": part_summary(part),
            "stock_warning": plan.warnings[0]["code"],
            "work_order": work_order_summary(work_order),
        }

    def message(self, result):
        line = result["line"]
        return f"{result['work_order']['number']} now lists {line['quantity']} × {line['part_number']}."
