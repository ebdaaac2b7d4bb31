from django import forms

from inventory.models import MovementReason, Part
from inventory.services import lock_parts, move_stock
from pms.actions.base import Action, ActionError, Plan, Target, find, register
from pms.actions.forms import ActionForm, QuantityField, id_field


def find_part(*, user, pk) -> Part:
    return find(
        Part.objects.select_related("vessel", "last_counted_by"),
        user=user,
        pk=pk,
        code="PART_NOT_FOUND",
        field="part_id",
        label="Part",
    )


class PartTarget:
    """Resolve and lock the part named by `part_id`."""

    def resolve(self, *, user, data, vessel):
        if not data.get("part_id"):
            raise ActionError("PART_NOT_FOUND", "Part not found.", field="part_id")
        part = find_part(user=user, pk=data["part_id"])
        return Target(vessel=part.vessel, objects={"part": part})

    def lock(self, *, user, data, target):
        part = lock_parts([target.part.pk])[target.part.pk]
        return Target(vessel=target.vessel, objects={**target.objects, "part": part})


def part_summary(part: Part) -> dict:
    return {
        "id": str(part.pk),
        "part_number": part.part_number,
        "name": part.name,
        "unit": part.unit,
        "location": part.location,
        "quantity_on_hand": part.quantity_on_hand,
        "minimum_quantity": part.minimum_quantity,
        "maximum_quantity": part.maximum_quantity,
        "stock_status": part.stock_status,
    }


class RecordStockCountForm(ActionForm):
    part_id = id_field("Part", widget=forms.HiddenInput)
    counted_quantity = QuantityField(min_value=0, label="Counted quantity")
    notes = forms.CharField(max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2}))


@register
class RecordStockCount(PartTarget, Action):
    name = "record_stock_count"
    label = "Count stock"
    form_class = RecordStockCountForm
    template_name = "inventory/actions/record_stock_count.html"

    def prefill(self, *, user, target, params):
        part = target.part
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
        plan.change(f"part {part.part_number}", "quantity_on_hand", part.quantity_on_hand, counted)
        plan.change(f"part {part.part_number}", "last_counted_by", None, user.printed_name)
        plan.side_effects.append(
            f"A stock-count ledger row of {difference:+d} {part.unit}." if difference else "No stock adjustment."
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
