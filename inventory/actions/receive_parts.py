"""receive_parts: stock arriving on board, through the ledger."""

from django import forms

from inventory.actions.common import PartForm, PartTarget, ledger_entry, part_summary, stock_after_change
from inventory.models import MovementReason
from inventory.services import move_stock
from pms.actions.base import Action, Plan, Ref, register
from pms.actions.forms import QuantityField
from pms.roles import ENGINEER_GRADE_ROLES


class ReceivePartsForm(PartForm):
    quantity = QuantityField(label="Quantity received")
    reference = forms.CharField(max_length=200, required=False, help_text="Supplier, purchase order or delivery note.")
    notes = forms.CharField(max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2}))


@register
class ReceiveParts(PartTarget, Action):
    name = "receive_parts"
    roles = ENGINEER_GRADE_ROLES
    example_payload = {"part_id": Ref("inventory.part"), "quantity": 2, "reference": "PO-1", "notes": ""}
    label = "Receive"
    form_class = ReceivePartsForm
    template_name = "inventory/actions/receive_parts.html"

    def prefill(self, *, user, target, params):
        part = target.objects.get("part")
        return {"part_id": str(part.pk), "part": part_summary(part)} if part else {}

    def plan(self, *, user, data, target):
        part = target.part
        after = part.quantity_on_hand + data["quantity"]
        plan = Plan(rows=[part])
        stock_after_change(plan, part, after)
        reference = f" ({data['reference']})" if data["reference"] else ""
        plan.side_effects.append(f"A receipt ledger row of +{data['quantity']} {part.unit}{reference}.")
        if part.maximum_quantity is not None and after > part.maximum_quantity:
            plan.warn("OVERSTOCKED", f"{after} {part.unit} is over the maximum of {part.maximum_quantity}.")
        return plan

    def apply(self, *, user, data, target, plan):
        part = target.part
        movement = move_stock(
            part=part,
            quantity=data["quantity"],
            reason=MovementReason.RECEIVED,
            performed_by=user,
            reference=data["reference"],
            notes=data["notes"],
        )
        return {"id": str(part.pk), "part": part_summary(part), "ledger_entry": ledger_entry(movement)}

    def message(self, result):
        part, entry = result["part"], result["ledger_entry"]
        return (
            f"Received {entry['quantity']} {part['unit']} of {part['part_number']}; "
            f"{part['quantity_on_hand']} {part['unit']} on hand."
        )
