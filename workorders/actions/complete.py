"""mark_work_order_complete: the signed completion that deducts every part through the ledger."""

import uuid

from django import forms
from django.utils import timezone

from inventory.models import MovementReason, Part
from inventory.services import insufficient_stock, lock_parts, move_stock
from pms.actions.base import Action, ActionError, Plan, register
from pms.actions.forms import ActionForm, id_field
from pms.roles import ENGINEER_GRADE_ROLES
from workorders.actions.common import WorkOrderTarget, parts_list, work_order_summary
from workorders.forms import PartsUsedField
from workorders.models import (
    COMPLETION_SIGNED_FIELDS,
    WorkOrder,
    WorkOrderStatus,
)
from workorders.services import check_transition, set_status, transition_refusal


class CompleteWorkOrderForm(ActionForm):
    json_fields = ("parts_used",)

    work_order_id = id_field("Work order", widget=forms.HiddenInput)
    completion_notes = forms.CharField(
        min_length=10, max_length=5000, widget=forms.Textarea(attrs={"rows": 5}), help_text="What was done."
    )
    parts_used = PartsUsedField(required=False, label="Parts used")

    def setup_for_vessel(self, vessel):
        self.fields["parts_used"].widget.vessel = vessel

    @classmethod
    def payload_from_post(cls, post) -> dict:
        return {**super().payload_from_post(post), **PartsUsedField.payload_from_post(post, "parts_used")}


def usage_of(work_order: WorkOrder, data: dict) -> list[tuple[uuid.UUID, int]]:
    """(part id, quantity) to deduct: `parts_used` when given, else the parts list."""
    if not isinstance(data.get("parts_used"), list):
        return [(line.part_id, line.quantity) for line in work_order.parts.order_by("created_at")]
    usage = []
    for item in data["parts_used"]:
        try:
            usage.append((uuid.UUID(item["part_id"]), item["quantity_used"]))
        except ValueError:
            raise ActionError("PART_NOT_FOUND", "Part not found.", field="parts_used") from None
    return usage


@register
class MarkWorkOrderComplete(WorkOrderTarget, Action):
    name = "mark_work_order_complete"
    roles = ENGINEER_GRADE_ROLES
    label = "Mark complete"
    form_class = CompleteWorkOrderForm
    template_name = "workorders/actions/mark_work_order_complete.html"
    requires_signature = True
    signature_meaning = "I confirm this work order is complete"
    signed_object_type = "workorders.workorder"
    signed_fields = COMPLETION_SIGNED_FIELDS

    def resolve(self, *, user, data, vessel):
        target = super().resolve(user=user, data=data, vessel=vessel)
        ids = {part_id for part_id, _ in usage_of(target.work_order, data)}
        parts = {p.pk: p for p in Part.objects.filter(vessel=target.vessel, pk__in=ids)}
        if len(parts) != len(ids):
            raise ActionError("PART_NOT_FOUND", "Part not found.", field="parts_used")
        target.objects["parts"] = parts
        return target

    def lock(self, *, user, data, target):
        # The work order first, then every part it deducts, in id order.
        target = super().lock(user=user, data=data, target=target)
        ids = [part_id for part_id, _ in usage_of(target.work_order, data)]
        target.objects["parts"] = lock_parts(ids)
        return target

    def is_permitted(self, *, user, role, target):
        return super().is_permitted(user=user, role=role, target=target) or target.work_order.assignee_id == user.pk

    def prefill(self, *, user, target, params):
        work_order = target.work_order
        lines = parts_list(work_order)
        blockers = []
        refusal = transition_refusal(work_order, WorkOrderStatus.COMPLETED)
        if refusal is not None:
            blockers.append({"code": refusal.code, "message": refusal.message})
        warnings = []
        if not work_order.notes.exists():
            warnings.append({"code": "NO_NOTES", "message": "No notes yet: say what was found and done."})
        for line in lines:
            if line["quantity_on_hand"] < line["quantity"]:
                warnings.append(
                    {
                        "code": "INSUFFICIENT_STOCK",
                        "message": f"Only {line['quantity_on_hand']} {line['unit']} of {line['part_number']} "
                        f"on hand; the list needs {line['quantity']}.",
                    }
                )
        return {
            "work_order_id": str(work_order.pk),
            "work_order": {**work_order_summary(work_order), "description": work_order.description},
            "parts": lines,
            "parts_used": [{"part_id": line["part_id"], "quantity_used": line["quantity"]} for line in lines],
            "validation": {"can_complete": not blockers, "warnings": warnings, "blockers": blockers},
        }

    def plan(self, *, user, data, target):
        work_order, parts = target.work_order, target.parts
        check_transition(work_order, WorkOrderStatus.COMPLETED)
        usage = usage_of(work_order, data)
        plan = Plan(rows=[work_order, *parts.values()])
        shortages = []
        for part_id, quantity in usage:
            part = parts[part_id]
            after = part.quantity_on_hand - quantity
            plan.change(f"part {part.part_number}", "quantity_on_hand", part.quantity_on_hand, after)
            if after < 0:
                shortages.append((part, quantity))
            elif after <= part.minimum_quantity:
                plan.warn("LOW_STOCK", f"{part.part_number} will be at {after} {part.unit}, at or under its minimum.")
        if shortages:
            error = insufficient_stock(*shortages[0])
            error.details["shortages"] = [
                {
                    "part_id": str(p.pk),
                    "part_number": p.part_number,
                    "quantity_on_hand": p.quantity_on_hand,
                    "needed": q,
                }
                for p, q in shortages
            ]
            raise error
        entity = f"work order {work_order.number}"
        plan.change(entity, "status", work_order.status, WorkOrderStatus.COMPLETED)
        plan.change(entity, "completed_by", None, user.printed_name)
        plan.change(entity, "completion_notes", work_order.completion_notes or None, data["completion_notes"])
        plan.side_effects.append(
            f"{len(usage)} part-usage ledger row(s) are written for {work_order.number}."
            if usage
            else "No stock is deducted."
        )
        if not work_order.notes.exists():
            plan.warn("NO_NOTES", f"{work_order.number} has no notes.")
        return plan

    def apply(self, *, user, data, target, plan):
        work_order, parts = target.work_order, target.parts
        movements = [
            move_stock(
                part=parts[part_id],
                quantity=-quantity,
                reason=MovementReason.WORK_ORDER,
                performed_by=user,
                work_order=work_order,
                equipment=work_order.equipment,
                reference=work_order.number,
            )
            for part_id, quantity in usage_of(work_order, data)
        ]
        set_status(
            work_order,
            WorkOrderStatus.COMPLETED,
            completed_by=user,
            completed_at=timezone.now(),
            completion_notes=data["completion_notes"],
        )
        return {
            "id": str(work_order.pk),
            "work_order": {
                **work_order_summary(work_order),
                "completed_by": user.printed_name,
                "completed_at": work_order.completed_at.isoformat(),
                "completion_notes": work_order.completion_notes,
            },
            "stock_movements": [
                {
                    "id": str(m.pk),
                    "part_id": str(m.part_id),
                    "part_number": parts[m.part_id].part_number,
                    "quantity": m.quantity,
                    "quantity_after": m.quantity_after,
                }
                for m in movements
            ],
        }

    def message(self, result):
        return f"{result['work_order']['number']} completed."
