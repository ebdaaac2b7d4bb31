"""log_part_usage: parts taken from stock, against a work order or not (here because it names work orders)."""

from django import forms

from equipment.selectors import equipment_picker, find_equipment
from inventory.actions.common import PartForm, PartTarget, ledger_entry, part_summary, stock_after_change
from inventory.models import USAGE_REASONS, MovementReason, Part, StockStatus
from inventory.rules import stock_status
from inventory.services import insufficient_stock, move_stock
from pms.actions.base import Action, ActionError, Plan, Ref, Target, register
from pms.actions.forms import QuantityField, id_field
from pms.roles import ENGINEER_GRADE_ROLES
from workorders.selectors import find_work_order, open_work_order_picker


class LogPartUsageForm(PartForm):
    quantity = QuantityField(label="Quantity used")
    usage_reason = forms.ChoiceField(
        choices=[("", "Choose a reason…")] + [(r.value, r.label) for r in USAGE_REASONS],
        required=False,
        label="Reason",
    )
    work_order_id = id_field("Work order", required=False)
    equipment_id = id_field("Equipment", required=False)
    notes = forms.CharField(max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2}))

    pickers = {
        **PartForm.pickers,
        "work_order_id": open_work_order_picker(blank="None"),
        "equipment_id": equipment_picker(blank="None"),
    }

    def clean(self):
        data = super().clean()
        if not data.get("usage_reason"):
            if data.get("work_order_id"):
                data["usage_reason"] = MovementReason.WORK_ORDER
            elif "usage_reason" not in self.errors:
                self.add_error("usage_reason", "Choose why the part was used.")
        return data


def _same_vessel(obj, part: Part, *, field: str, label: str) -> None:
    if obj.vessel_id != part.vessel_id:
        raise ActionError(
            "VALIDATION_ERROR",
            f"{label} is on {obj.vessel.name}, the part on {part.vessel.name}.",
            field=field,
        )


@register
class LogPartUsage(PartTarget, Action):
    name = "log_part_usage"
    roles = ENGINEER_GRADE_ROLES
    example_payload = {
        "part_id": Ref("inventory.part"),
        "quantity": 1,
        "usage_reason": "work_order",
        "work_order_id": Ref("workorders.workorder"),
        "equipment_id": Ref("equipment.equipment"),
        "notes": "",
    }
    label = "Log usage"
    form_class = LogPartUsageForm
    template_name = "workorders/actions/log_part_usage.html"

    def resolve(self, *, user, data, vessel):
        target = super().resolve(user=user, data=data, vessel=vessel)
        part = target.objects.get("part")
        objects = dict(target.objects)
        if data.get("work_order_id"):
            work_order = find_work_order(user=user, pk=data["work_order_id"])
            if part is not None:
                _same_vessel(work_order, part, field="work_order_id", label=f"Work order {work_order.number}")
            objects["work_order"] = work_order
        if data.get("equipment_id"):
            equipment = find_equipment(user=user, pk=data["equipment_id"])
            if part is not None:
                _same_vessel(equipment, part, field="equipment_id", label=f"Equipment {equipment.code}")
            objects["equipment"] = equipment
        return Target(vessel=target.vessel, objects=objects)

    def prefill(self, *, user, target, params):
        part = target.objects.get("part")
        work_order = target.objects.get("work_order")
        equipment = target.objects.get("equipment") or (work_order.equipment if work_order else None)
        prefill = {
            "usage_reason": MovementReason.WORK_ORDER.value if work_order else params.get("usage_reason", ""),
            "work_order_id": str(work_order.pk) if work_order else "",
            "equipment_id": str(equipment.pk) if equipment else "",
        }
        if work_order:
            prefill["work_order"] = {"id": str(work_order.pk), "number": work_order.number, "title": work_order.title}
        if part:
            prefill.update(part_id=str(part.pk), part=part_summary(part))
        return prefill

    def plan(self, *, user, data, target):
        part = target.part
        quantity = data["quantity"]
        after = part.quantity_on_hand - quantity
        if after < 0:
            raise insufficient_stock(part, quantity)
        work_order = target.objects.get("work_order")
        equipment = target.objects.get("equipment")
        plan = Plan(rows=[part])
        stock_after_change(plan, part, after)
        reason = MovementReason(data["usage_reason"]).label.lower()
        linked = ", ".join(x for x in (work_order and work_order.number, equipment and equipment.code) if x)
        plan.side_effects.append(
            f"A usage ledger row of -{quantity} {part.unit} ({reason})" + (f" for {linked}." if linked else ".")
        )
        if work_order and not work_order.is_open:
            plan.warn("WORK_ORDER_NOT_OPEN", f"{work_order.number} is {work_order.get_status_display().lower()}.")
        status = stock_status(on_hand=after, minimum=part.minimum_quantity, maximum=part.maximum_quantity)
        if status == StockStatus.OUT_OF_STOCK:
            plan.warn("OUT_OF_STOCK", f"This uses the last {part.unit} of {part.part_number}: none will be left.")
        elif status == StockStatus.LOW_STOCK:
            plan.warn(
                "LOW_STOCK",
                f"Only {after} {part.unit} will be left, at or under the minimum of {part.minimum_quantity}.",
            )
        return plan

    def apply(self, *, user, data, target, plan):
        part = target.part
        movement = move_stock(
            part=part,
            quantity=-data["quantity"],
            reason=data["usage_reason"],
            performed_by=user,
            work_order=target.objects.get("work_order"),
            equipment=target.objects.get("equipment"),
            notes=data["notes"],
        )
        return {
            "id": str(part.pk),
            "part": part_summary(part),
            "ledger_entry": ledger_entry(movement),
            "warnings": plan.warnings,
        }

    def message(self, result):
        part, entry = result["part"], result["ledger_entry"]
        return (
            f"Used {-entry['quantity']} {part['unit']} of {part['part_number']}; "
            f"{part['quantity_on_hand']} {part['unit']} left."
        )
