"""mark_work_order_complete: the signed completion that deducts every part through the ledger."""

import uuid

from django import forms
from django.utils import timezone

from equipment.models import Fault, FaultStatus
from equipment.rules import is_open_fault
from equipment.services import resolve_fault
from inventory.models import MovementReason, Part
from inventory.services import insufficient_stock, lock_parts, move_stock
from pms.actions.base import Action, ActionError, Plan, Ref, register
from pms.actions.forms import ActionForm, id_field
from pms.roles import ENGINEER_GRADE_ROLES
from workorders import hooks
from workorders.actions.common import WorkOrderTarget, parts_list, work_order_summary
from workorders.forms import PartsUsedField
from workorders.models import COMPLETION_SIGNED_FIELDS, OPEN_STATUSES, WorkOrder, WorkOrderStatus
from workorders.selectors import logged_usage
from workorders.services import check_transition, set_status, transition_refusal


class CompleteWorkOrderForm(ActionForm):
    json_fields = ("parts_used",)

    work_order_id = id_field("Work order", widget=forms.HiddenInput)
    completion_notes = forms.CharField(
        min_length=10, max_length=5000, widget=forms.Textarea(attrs={"rows": 5}), help_text="What was done."
    )
    parts_used = PartsUsedField(required=False, label="Parts used")
    counter_reading = forms.IntegerField(
        required=False,
        min_value=0,
        max_value=10**9,
        label="Running hours on the meter",
        help_text="For planned maintenance counted in running hours: what the meter shows now.",
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )

    def setup_for_vessel(self, vessel):
        self.fields["parts_used"].widget.vessel = vessel

    @classmethod
    def payload_from_post(cls, post) -> dict:
        return {**super().payload_from_post(post), **PartsUsedField.payload_from_post(post, "parts_used")}


def usage_of(work_order: WorkOrder | None, data: dict, logged: dict) -> list[tuple[uuid.UUID, int]]:
    """(part id, quantity) to deduct now: `parts_used` when given, else the parts list less
    what was already logged against the work order (log_part_usage), per part."""
    if not isinstance(data.get("parts_used"), list):
        lines = work_order.parts.order_by("created_at")
        return [
            (line.part_id, line.quantity - logged.get(line.part_id, 0))
            for line in lines
            if line.quantity > logged.get(line.part_id, 0)
        ]
    usage = []
    for item in data["parts_used"]:
        try:
            usage.append((uuid.UUID(item["part_id"]), item["quantity_used"]))
        except ValueError:
            raise ActionError("PART_NOT_FOUND", "Part not found.", field="parts_used") from None
    return usage


def given_parts(data: dict) -> set:
    """The parts named in `parts_used`, when it is given."""
    return {part_id for part_id, _ in usage_of(None, data, {})} if isinstance(data.get("parts_used"), list) else set()


def parts_involved(work_order: WorkOrder, data: dict, logged: dict) -> set:
    """Every part the completion deducts or reports as already logged (all locked at execute)."""
    return set(work_order.parts.values_list("part_id", flat=True)) | set(logged) | given_parts(data)


def fault_to_resolve(work_order: WorkOrder, fault):
    """The work order's fault, when this completion resolves it: still open, and no other
    work order of it still open."""
    if fault is None or not is_open_fault(fault.status):
        return None
    others = fault.work_orders.exclude(pk=work_order.pk).filter(status__in=OPEN_STATUSES)
    return None if others.exists() else fault


@register
class MarkWorkOrderComplete(WorkOrderTarget, Action):
    name = "mark_work_order_complete"
    roles = ENGINEER_GRADE_ROLES
    example_payload = {
        "work_order_id": Ref("workorders.workorder"),
        "completion_notes": "Seal replaced and tested.",
        "parts_used": [{"part_id": Ref("inventory.part"), "quantity_used": 1}],
    }
    label = "Mark complete"
    form_class = CompleteWorkOrderForm
    template_name = "workorders/actions/mark_work_order_complete.html"
    requires_signature = True
    signature_meaning = "I confirm this work order is complete"
    signed_object_type = "workorders.workorder"
    signed_fields = COMPLETION_SIGNED_FIELDS

    def resolve(self, *, user, data, vessel):
        target = super().resolve(user=user, data=data, vessel=vessel)
        work_order = target.work_order
        logged = logged_usage(work_order)
        ids = parts_involved(work_order, data, logged)
        parts = {p.pk: p for p in Part.objects.filter(vessel=target.vessel, pk__in=ids)}
        if not given_parts(data) <= set(parts):
            raise ActionError("PART_NOT_FOUND", "Part not found.", field="parts_used")
        target.objects.update(parts=parts, logged=logged, fault=work_order.fault)
        hooks.call("resolve", user=user, data=data, target=target)
        return target

    def lock(self, *, user, data, target):
        # The work order first, then its fault, then every part it names, in id order; the
        # usage already logged is read once the parts are locked (log_part_usage locks them too).
        target = super().lock(user=user, data=data, target=target)
        work_order = target.work_order
        if work_order.fault_id:
            target.objects["fault"] = Fault.objects.select_for_update().get(pk=work_order.fault_id)
        parts = lock_parts(parts_involved(work_order, data, target.objects["logged"]))
        logged = logged_usage(work_order)
        # A part first logged in between is only shown (as already used), never deducted: no lock needed.
        missing = set(logged) - set(parts)
        parts.update({p.pk: p for p in Part.objects.filter(pk__in=missing)} if missing else {})
        target.objects.update(parts=parts, logged=logged)
        hooks.call("lock", target=target)
        return target

    def is_permitted(self, *, user, role, target):
        return super().is_permitted(user=user, role=role, target=target) or target.work_order.assignee_id == user.pk

    def prefill(self, *, user, target, params):
        work_order, logged = target.work_order, target.logged
        lines = [
            {**line, "already_logged": logged.get(uuid.UUID(line["part_id"]), 0)} for line in parts_list(work_order)
        ]
        blockers = []
        refusal = transition_refusal(work_order, WorkOrderStatus.COMPLETED)
        if refusal is not None:
            blockers.append({"code": refusal.code, "message": refusal.message})
        blockers += [blocker for found in hooks.call("blockers", target=target) for blocker in found]
        warnings = []
        if not work_order.notes.exists():
            warnings.append({"code": "NO_NOTES", "message": "No notes yet: say what was found and done."})
        for line in lines:
            needed = line["quantity"] - line["already_logged"]
            if needed > 0 and line["quantity_on_hand"] < needed:
                warnings.append(
                    {
                        "code": "INSUFFICIENT_STOCK",
                        "message": f"Only {line['quantity_on_hand']} {line['unit']} of {line['part_number']} "
                        f"on hand; the list needs {needed} more.",
                    }
                )
        parts = target.parts
        fault = fault_to_resolve(work_order, target.fault)
        return {
            "work_order_id": str(work_order.pk),
            "work_order": {**work_order_summary(work_order), "description": work_order.description},
            "parts": lines,
            "already_logged": [
                {"part_id": str(part_id), "part_number": parts[part_id].part_number, "quantity": quantity}
                for part_id, quantity in logged.items()
                if part_id in parts
            ],
            "parts_used": [
                {"part_id": line["part_id"], "quantity_used": line["quantity"] - line["already_logged"]}
                for line in lines
                if line["quantity"] > line["already_logged"]
            ],
            "resolves_fault": {"id": str(fault.pk), "fault_code": fault.fault_code, "title": fault.title}
            if fault
            else None,
            "validation": {"can_complete": not blockers, "warnings": warnings, "blockers": blockers},
            **{k: v for extra in hooks.call("prefill", target=target) for k, v in extra.items()},
        }

    def plan(self, *, user, data, target):
        work_order, parts, logged = target.work_order, target.parts, target.logged
        check_transition(work_order, WorkOrderStatus.COMPLETED)
        usage = usage_of(work_order, data, logged)
        fault = fault_to_resolve(work_order, target.fault)
        plan = Plan(rows=[work_order, *parts.values(), *([target.fault] if target.fault else [])])
        plan.found["fault_to_resolve"] = fault
        shortages = []
        for part_id, quantity in usage:
            part = parts[part_id]
            after = part.quantity_on_hand - quantity
            plan.change(f"part {part.part_number}", "quantity_on_hand", part.quantity_on_hand, after)
            if after < 0:
                shortages.append((part, quantity))
            elif after <= part.minimum_quantity:
                plan.warn("LOW_STOCK", f"{part.part_number} will be at {after} {part.unit}, at or under its minimum.")
            if logged.get(part_id) and "parts_used" in data:
                plan.warn(
                    "ALREADY_LOGGED",
                    f"{logged[part_id]} {part.unit} of {part.part_number} already logged against {work_order.number}; "
                    f"this deducts {quantity} more.",
                )
        now = dict(usage)
        for part_id, already in logged.items():
            part = parts[part_id]
            plan.change(
                f"work order {work_order.number}",
                f"parts used {part.part_number}",
                already,
                already + now.get(part_id, 0),
            )
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
        if logged:
            already = ", ".join(f"{q} {parts[p].unit} {parts[p].part_number}" for p, q in logged.items())
            plan.side_effects.append(f"Already logged against {work_order.number}, not deducted again: {already}.")
        if fault is not None:
            name = f"fault {fault.fault_code or fault.title}"
            plan.change(name, "status", fault.status, FaultStatus.RESOLVED)
            plan.side_effects.append(f"The {name} this work order was raised for is resolved.")
        elif target.fault is not None and is_open_fault(target.fault.status):
            plan.warn("FAULT_STAYS_OPEN", "Another work order of this fault is still open; the fault stays open.")
        if not work_order.notes.exists():
            plan.warn("NO_NOTES", f"{work_order.number} has no notes.")
        hooks.call("plan", user=user, data=data, target=target, plan=plan)
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
            for part_id, quantity in usage_of(work_order, data, target.logged)
        ]
        set_status(
            work_order,
            WorkOrderStatus.COMPLETED,
            completed_by=user,
            completed_at=timezone.now(),
            completion_notes=data["completion_notes"],
        )
        fault = plan.found["fault_to_resolve"]
        if fault is not None:
            resolve_fault(fault, by=user, notes=f"{work_order.number} completed: {data['completion_notes']}")
        result = {
            "id": str(work_order.pk),
            "work_order": {
                **work_order_summary(work_order),
                "completed_by": user.printed_name,
                "completed_at": work_order.completed_at.isoformat(),
                "completion_notes": work_order.completion_notes,
            },
            "fault": {"id": str(fault.pk), "status": fault.status} if fault else None,
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
        hooks.call("apply", user=user, data=data, target=target, result=result)
        return result

    def message(self, result):
        return f"{result['work_order']['number']} completed."
