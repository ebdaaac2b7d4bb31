from django import forms

from equipment.selectors import equipment_picker, find_equipment
from inventory.models import USAGE_REASONS, MovementReason, Part, StockMovement, StockStatus, stock_status
from inventory.selectors import part_picker, stock_report
from inventory.services import insufficient_stock, lock_parts, move_stock
from pms.actions.base import Action, ActionError, Kind, Plan, Target, find, register
from pms.actions.forms import ActionForm, QuantityField, id_field
from workorders.selectors import find_work_order, open_work_order_picker


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
    """Resolve and lock the part named by `part_id`.

    Without a part (an empty form opened from the menu) the target is the current vessel;
    preview and execute always have one, the form requires it.
    """

    def resolve(self, *, user, data, vessel):
        if not data.get("part_id"):
            return Target(vessel=vessel)
        part = find_part(user=user, pk=data["part_id"])
        return Target(vessel=part.vessel, objects={"part": part})

    def lock(self, *, user, data, target):
        part = lock_parts([target.part.pk])[target.part.pk]
        return Target(vessel=target.vessel, objects={**target.objects, "part": part})


class PartForm(ActionForm):
    """A form about one part: offers the vessel's parts to choose from in the HTML flow."""

    part_id = id_field("Part")

    pickers = {"part_id": part_picker()}


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
        "stock_status": str(part.stock_status),
    }


def ledger_entry(movement: StockMovement) -> dict:
    return {
        "id": str(movement.pk),
        "quantity": movement.quantity,
        "quantity_after": movement.quantity_after,
        "reason": movement.reason,
        "work_order_id": str(movement.work_order_id) if movement.work_order_id else None,
        "equipment_id": str(movement.equipment_id) if movement.equipment_id else None,
        "reference": movement.reference,
        "notes": movement.notes,
        "performed_by": movement.performed_by.printed_name if movement.performed_by else None,
        "performed_at": movement.performed_at.isoformat(),
    }


def stock_after_change(plan: Plan, part: Part, after: int) -> None:
    """The preview line every stock-moving action shows: on hand now → after."""
    plan.change(f"part {part.part_number}", "quantity_on_hand", part.quantity_on_hand, after)


class RecordStockCountForm(PartForm):
    counted_quantity = QuantityField(min_value=0, label="Counted quantity")
    notes = forms.CharField(max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2}))


@register
class RecordStockCount(PartTarget, Action):
    name = "record_stock_count"
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


class CheckStockLevelForm(PartForm):
    pass


@register
class CheckStockLevel(PartTarget, Action):
    name = "check_stock_level"
    label = "Check stock"
    kind = Kind.READ
    form_class = CheckStockLevelForm
    template_name = "inventory/actions/check_stock_level.html"

    def read(self, *, user, data, target):
        part = target.part
        return {"part": part_summary(part), **stock_report(part=part)}

    def message(self, result):
        part, stock = result["part"], result["stock"]
        return f"{part['part_number']}: {stock['quantity_on_hand']} {stock['unit']} on hand ({stock['stock_status']})."


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
    label = "Log usage"
    form_class = LogPartUsageForm
    template_name = "inventory/actions/log_part_usage.html"

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


class ReceivePartsForm(PartForm):
    quantity = QuantityField(label="Quantity received")
    reference = forms.CharField(max_length=200, required=False, help_text="Supplier, purchase order or delivery note.")
    notes = forms.CharField(max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2}))


@register
class ReceiveParts(PartTarget, Action):
    name = "receive_parts"
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
