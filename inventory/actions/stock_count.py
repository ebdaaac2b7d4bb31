"""record_stock_count: set on hand after a physical count, through an adjustment in the ledger."""

from django import forms

from inventory.actions.common import PartForm, PartTarget, part_summary, stock_after_change
from inventory.models import MovementReason
from inventory.services import move_stock
from pms.actions.base import Action, Plan, Ref, register
from pms.actions.forms import QuantityField
from pms.roles import ENGINEER_GRADE_ROLES


class RecordStockCountForm(PartForm):
    counted_quantity = QuantityField(min_value=0, label="Counted quantity")
    notes = forms.CharField(max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2}))


@register
class RecordStockCount(PartTarget, Action):
    name = "record_stock_count"
    roles = ENGINEER_GRADE_ROLES
    example_payload = {"part_id": Ref("inventory.part"), "counted_quantity": 49, "notes": ""}
    label = "Count stock"
    form_class = RecordStockCountForm
    template_name = "inventory/actions/record_stock_count.html"

    def prefill(self, *, user, target, params):
        part = target.objects.get("part")
        if part is None:
            return {}
        return {
            "part_id": str(part.pk),
            "part": part_summary(part),
            "last_counted_at": part.last_counted_at.isoformat() if part.last_counted_at else None,
            "last_counted_by": part.last_counted_by.printed_name if part.last_counted_by else None,
        }

    def plan(self, *, user, data, target):
        part = target.part
        counted = data["counted_quantity"]
        difference = counted - part.quantity_on_hand
        plan = Plan(rows=[part])
        stock_after_change(plan, part, counted)
        plan.change(f"part {part.part_number}", "last_counted_by", None, user.printed_name)
        plan.side_effects.append(
            f"A stock-count ledger row of {difference:+d} {part.unit}"
            + ("." if difference else " (the count confirms the system).")
        )
        if difference:
            plan.warn("COUNT_DIFFERS", f"The count differs from the system by {difference:+d} {part.unit}.")
        return plan

    def apply(self, *, user, data, target, plan):
        part = target.part
        movement = move_stock(
            part=part,
            quantity=data["counted_quantity"] - part.quantity_on_hand,
            reason=MovementReason.STOCK_COUNT,
            performed_by=user,
            notes=data["notes"],
            counted=True,
        )
        return {
            "id": str(part.pk),
            "part": part_summary(part),
            "adjustment": movement.quantity,
            "ledger_entry_id": str(movement.pk),
        }

    def message(self, result):
        part = result["part"]
        return f"Count recorded: {part['quantity_on_hand']} {part['unit']} of {part['part_number']}."
