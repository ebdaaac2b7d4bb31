import uuid
from datetime import timedelta

from django import forms
from django.utils import timezone

from equipment.models import Equipment, Fault, FaultStatus, Severity
from equipment.selectors import equipment_picker, find_equipment
from inventory.actions import find_part, part_summary
from inventory.models import MovementReason, Part
from inventory.selectors import part_picker
from inventory.services import insufficient_stock, lock_parts, move_stock
from pms.actions.base import Action, ActionError, Plan, Target, find, register, registry
from pms.actions.forms import ActionForm, QuantityField, id_field
from workorders.forms import PartsUsedField
from workorders.models import (
    NoteType,
    Priority,
    WorkOrder,
    WorkOrderNote,
    WorkOrderPart,
    WorkOrderStatus,
    can_transition,
)
from workorders.selectors import find_work_order, open_duplicate_of, work_order_for_update
from workorders.services import check_transition, next_work_order_number, set_status, transition_refusal

CLOSED_STATUSES = (WorkOrderStatus.CLOSED, WorkOrderStatus.CANCELLED)
PRIORITY_FOR_SEVERITY = {
    Severity.CRITICAL: Priority.URGENT,
    Severity.HIGH: Priority.HIGH,
    Severity.MEDIUM: Priority.NORMAL,
    Severity.LOW: Priority.LOW,
}
RECURRENCE_DAYS = 30


def refuse_if_closed(work_order: WorkOrder, *, closed=CLOSED_STATUSES) -> None:
    if work_order.status in closed:
        raise ActionError(
            "WO_CLOSED",
            f"{work_order.number} is {work_order.get_status_display().lower()}; it cannot be changed.",
            field="work_order_id",
            details={"status": work_order.status},
        )


class WorkOrderTarget:
    """Resolve and lock the work order named by `work_order_id`."""

    def resolve(self, *, user, data, vessel):
        if not data.get("work_order_id"):
            raise ActionError("WO_NOT_FOUND", "Work order not found.", field="work_order_id")
        work_order = find_work_order(user=user, pk=data["work_order_id"])
        return Target(vessel=work_order.vessel, objects={"work_order": work_order})

    def lock(self, *, user, data, target):
        work_order = work_order_for_update(target.work_order.pk)
        return Target(vessel=target.vessel, objects={**target.objects, "work_order": work_order})


def work_order_summary(work_order: WorkOrder) -> dict:
    return {
        "id": str(work_order.pk),
        "number": work_order.number,
        "title": work_order.title,
        "status": work_order.status,
        "priority": work_order.priority,
        "assignee": work_order.assignee.printed_name if work_order.assignee else None,
    }


def stock_warning(part: Part, needed: int) -> tuple[str, str]:
    """Exactly one of, in this order: out of stock, insufficient, low after use, sufficient."""
    on_hand, unit = part.quantity_on_hand, part.unit
    if on_hand <= 0:
        return "OUT_OF_STOCK", f"{part.part_number} is out of stock."
    if on_hand < needed:
        return "INSUFFICIENT_STOCK", f"Only {on_hand} {unit} of {part.part_number} on hand; {needed} needed."
    if on_hand - needed <= part.minimum_quantity:
        return (
            "LOW_STOCK",
            f"{on_hand} {unit} of {part.part_number} on hand; using {needed} leaves it at or under "
            f"the minimum of {part.minimum_quantity}.",
        )
    return "SUFFICIENT_STOCK", f"{on_hand} {unit} of {part.part_number} on hand: enough for {needed}."


def parts_list(work_order: WorkOrder) -> list[dict]:
    """The work order's shopping list with the stock of each line."""
    lines = work_order.parts.select_related("part").order_by("created_at")
    return [
        {
            "part_id": str(line.part_id),
            "part_number": line.part.part_number,
            "name": line.part.name,
            "unit": line.part.unit,
            "quantity": line.quantity,
            "notes": line.notes,
            "quantity_on_hand": line.part.quantity_on_hand,
            "stock_status": line.part.stock_status,
            "stock_warning": stock_warning(line.part, line.quantity)[0],
        }
        for line in lines
    ]


class AddNoteForm(ActionForm):
    work_order_id = id_field("Work order", widget=forms.HiddenInput)
    note_text = forms.CharField(label="Note", min_length=1, max_length=5000, widget=forms.Textarea(attrs={"rows": 5}))
    note_type = forms.ChoiceField(choices=NoteType.choices, required=False, initial=NoteType.GENERAL)

    def clean_note_type(self):
        return self.cleaned_data["note_type"] or NoteType.GENERAL


@register
class AddNoteToWorkOrder(WorkOrderTarget, Action):
    name = "add_note_to_work_order"
    label = "Add a note"
    form_class = AddNoteForm
    template_name = "workorders/actions/add_note_to_work_order.html"

    def prefill(self, *, user, target, params):
        work_order = target.work_order
        recent = work_order.notes.select_related("created_by").order_by("-created_at")[:5]
        return {
            "work_order_id": str(work_order.pk),
            "note_type": NoteType.GENERAL,
            "work_order": work_order_summary(work_order),
            "recent_notes": [
                {
                    "note_type": n.note_type,
                    "note_text": n.note_text,
                    "created_by": n.created_by.printed_name if n.created_by else None,
                    "created_at": n.created_at.isoformat(),
                }
                for n in recent
            ],
        }

    def plan(self, *, user, data, target):
        work_order = target.work_order
        refuse_if_closed(work_order)
        plan = Plan(rows=[work_order])
        plan.change("note", "work_order", None, work_order.number)
        plan.change("note", "note_type", None, data["note_type"])
        plan.change("note", "note_text", None, data["note_text"])
        plan.side_effects.append("Notes cannot be edited or deleted once added.")
        return plan

    def apply(self, *, user, data, target, plan):
        note = WorkOrderNote.objects.create(
            vessel=target.vessel,
            work_order=target.work_order,
            note_text=data["note_text"],
            note_type=data["note_type"],
            created_by=user,
        )
        return {
            "id": str(note.pk),
            "note": {
                "id": str(note.pk),
                "work_order_id": str(note.work_order_id),
                "note_type": note.note_type,
                "note_text": note.note_text,
                "created_by": user.printed_name,
                "created_at": note.created_at.isoformat(),
            },
            "work_order": work_order_summary(target.work_order),
        }

    def message(self, result):
        return f"Note added to {result['work_order']['number']}."


# create_work_order_from_fault


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
    label = "Create work order"
    form_class = CreateWorkOrderForm
    template_name = "workorders/actions/create_work_order_from_fault.html"
    requires_signature = True
    signature_meaning = "I authorise this work order"
    signed_object_type = "workorders.workorder"

    def resolve(self, *, user, data, vessel):
        if not data.get("fault_id"):
            raise ActionError("FAULT_NOT_FOUND", "Fault not found.", field="fault_id")
        fault = find(
            Fault.objects.select_related("vessel", "equipment"),
            user=user,
            pk=data["fault_id"],
            code="FAULT_NOT_FOUND",
            field="fault_id",
            label="Fault",
        )
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
            "priority": PRIORITY_FOR_SEVERITY[fault.severity],
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


# add_part_to_work_order


class AddPartForm(ActionForm):
    work_order_id = id_field("Work order", widget=forms.HiddenInput)
    part_id = id_field("Part")
    quantity = QuantityField(initial=1)
    notes = forms.CharField(max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2}))

    pickers = {"part_id": part_picker(with_stock=True)}


@register
class AddPartToWorkOrder(WorkOrderTarget, Action):
    name = "add_part_to_work_order"
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
        plan.warn(*stock_warning(part, quantity))
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


# start_work_order, cancel_work_order


class WorkOrderOnlyForm(ActionForm):
    work_order_id = id_field("Work order", widget=forms.HiddenInput)


@register
class StartWorkOrder(WorkOrderTarget, Action):
    name = "start_work_order"
    label = "Start work"
    form_class = WorkOrderOnlyForm
    template_name = "workorders/actions/start_work_order.html"

    def prefill(self, *, user, target, params):
        return {"work_order_id": str(target.work_order.pk), "work_order": work_order_summary(target.work_order)}

    def plan(self, *, user, data, target):
        work_order = target.work_order
        check_transition(work_order, WorkOrderStatus.IN_PROGRESS)
        plan = Plan(rows=[work_order])
        plan.change(f"work order {work_order.number}", "status", work_order.status, WorkOrderStatus.IN_PROGRESS)
        if work_order.assignee is None:
            plan.change(f"work order {work_order.number}", "assignee", None, user.printed_name)
        return plan

    def apply(self, *, user, data, target, plan):
        work_order = target.work_order
        fields = {} if work_order.assignee_id else {"assignee": user}
        set_status(work_order, WorkOrderStatus.IN_PROGRESS, **fields)
        return {"id": str(work_order.pk), "work_order": work_order_summary(work_order)}

    def message(self, result):
        return f"{result['work_order']['number']} is in progress."


class CancelWorkOrderForm(ActionForm):
    work_order_id = id_field("Work order", widget=forms.HiddenInput)
    reason = forms.CharField(min_length=3, max_length=1000, widget=forms.Textarea(attrs={"rows": 3}))


@register
class CancelWorkOrder(WorkOrderTarget, Action):
    name = "cancel_work_order"
    label = "Cancel work order"
    form_class = CancelWorkOrderForm
    template_name = "workorders/actions/cancel_work_order.html"

    def lock(self, *, user, data, target):
        target = super().lock(user=user, data=data, target=target)
        if target.work_order.fault_id:
            target.objects["fault"] = Fault.objects.select_for_update().get(pk=target.work_order.fault_id)
        return target

    def prefill(self, *, user, target, params):
        return {"work_order_id": str(target.work_order.pk), "work_order": work_order_summary(target.work_order)}

    def _reopened_fault(self, work_order, target) -> Fault | None:
        """The fault goes back to open when this was its only live work order."""
        fault = target.objects.get("fault") or work_order.fault
        if fault is None or fault.status != FaultStatus.WORK_ORDER_RAISED:
            return None
        others = fault.work_orders.exclude(pk=work_order.pk).exclude(status=WorkOrderStatus.CANCELLED)
        return None if others.exists() else fault

    def plan(self, *, user, data, target):
        work_order = target.work_order
        check_transition(work_order, WorkOrderStatus.CANCELLED)
        fault = self._reopened_fault(work_order, target)
        plan = Plan(rows=[work_order, *([fault] if fault else [])])
        plan.change(f"work order {work_order.number}", "status", work_order.status, WorkOrderStatus.CANCELLED)
        plan.change("note", "note_text", None, f"Cancelled: {data['reason']}")
        if fault is not None:
            plan.change(f"fault {fault.fault_code or fault.title}", "status", fault.status, FaultStatus.OPEN)
        plan.side_effects.append("A cancelled work order cannot be reopened; its parts list is kept.")
        return plan

    def apply(self, *, user, data, target, plan):
        work_order = target.work_order
        fault = self._reopened_fault(work_order, target)
        set_status(work_order, WorkOrderStatus.CANCELLED)
        WorkOrderNote.objects.create(
            vessel=target.vessel, work_order=work_order, note_text=f"Cancelled: {data['reason']}", created_by=user
        )
        if fault is not None:
            fault.status = FaultStatus.OPEN
            fault.save(update_fields=["status"])
        return {"id": str(work_order.pk), "work_order": work_order_summary(work_order)}

    def message(self, result):
        return f"{result['work_order']['number']} cancelled."


# mark_work_order_complete


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
    label = "Mark complete"
    form_class = CompleteWorkOrderForm
    template_name = "workorders/actions/mark_work_order_complete.html"
    requires_signature = True
    signature_meaning = "I confirm this work order is complete"
    signed_object_type = "workorders.workorder"

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


# Buttons of the work order page, in the order shown, with the status each needs.
WORK_ORDER_BUTTONS = (
    ("add_part_to_work_order", lambda wo: wo.is_open),
    ("add_note_to_work_order", lambda wo: wo.status not in CLOSED_STATUSES),
    ("start_work_order", lambda wo: can_transition(wo.status, WorkOrderStatus.IN_PROGRESS)),
    ("mark_work_order_complete", lambda wo: can_transition(wo.status, WorkOrderStatus.COMPLETED)),
    ("cancel_work_order", lambda wo: can_transition(wo.status, WorkOrderStatus.CANCELLED)),
)


def available_actions(*, user, work_order: WorkOrder) -> list[Action]:
    """The actions this user may run on this work order now (by role and by status)."""
    role = user.role_on(work_order.vessel_id)
    target = Target(vessel=work_order.vessel, objects={"work_order": work_order})
    actions = [registry.get(name) for name, allowed in WORK_ORDER_BUTTONS if allowed(work_order)]
    return [a for a in actions if role is not None and a.is_permitted(user=user, role=role, target=target)]
