"""Handover actions: add an item for the next watch, and acknowledge items.

Suggestions made by the prefill of add_to_handover:
- category from the kind of record: fault → ongoing_fault, work order → work_in_progress,
  equipment → equipment_status, part and manual section → important_info, none → general;
- priority: a critical fault → urgent and a high-severity fault → high (the same mapping as
  a work order raised from the fault); a low or out-of-stock part → high; else normal.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from equipment.models import Equipment, Fault, Severity
from handover.models import EntityType, HandoverCategory, HandoverItem
from handover.selectors import OPEN_FAULT_STATUSES, open_duplicate, open_items
from inventory.models import Part, StockStatus
from manuals.models import ManualSection
from pms.actions.base import Action, ActionError, Plan, Target, field_error, find, register
from pms.actions.forms import ActionForm, id_field
from workorders.models import Priority, WorkOrder, WorkOrderStatus

SUMMARY_MAX = 2000

ENTITY_QUERYSETS = {
    EntityType.FAULT: Fault.objects.select_related("vessel", "equipment", "reported_by"),
    EntityType.WORK_ORDER: WorkOrder.objects.select_related("vessel", "equipment", "assignee"),
    EntityType.EQUIPMENT: Equipment.objects.select_related("vessel"),
    EntityType.PART: Part.objects.select_related("vessel"),
    EntityType.DOCUMENT_SECTION: ManualSection.objects.select_related("vessel", "document"),
}

CATEGORY_BY_TYPE = {
    EntityType.FAULT: HandoverCategory.ONGOING_FAULT,
    EntityType.WORK_ORDER: HandoverCategory.WORK_IN_PROGRESS,
    EntityType.EQUIPMENT: HandoverCategory.EQUIPMENT_STATUS,
    EntityType.PART: HandoverCategory.IMPORTANT_INFO,
    EntityType.DOCUMENT_SECTION: HandoverCategory.IMPORTANT_INFO,
}

PRIORITY_BY_SEVERITY = {Severity.CRITICAL: Priority.URGENT, Severity.HIGH: Priority.HIGH}
SHORT_STOCK = (StockStatus.OUT_OF_STOCK, StockStatus.LOW_STOCK)


def invalid_entity_type_message() -> str:
    return f"entity_type must be one of: {', '.join(EntityType.values)} (or empty for a free-text note)."


def suggested_category(entity_type: str) -> str:
    return CATEGORY_BY_TYPE.get(entity_type, HandoverCategory.GENERAL)


def suggested_priority(entity_type: str, entity) -> str:
    if entity_type == EntityType.FAULT:
        return PRIORITY_BY_SEVERITY.get(entity.severity, Priority.NORMAL)
    if entity_type == EntityType.PART and entity.stock_status in SHORT_STOCK:
        return Priority.HIGH
    return Priority.NORMAL


def _age(moment) -> str:
    days = (timezone.now() - moment).days
    if days < 1:
        return "today"
    return "1 day ago" if days == 1 else f"{days} days ago"


def _fault_summary(fault: Fault) -> str:
    equipment = fault.equipment
    where = f" ({equipment.location})" if equipment.location else ""
    code = f"{fault.fault_code} " if fault.fault_code else ""
    reporter = f" by {fault.reported_by.printed_name}" if fault.reported_by else ""
    text = (
        f"{equipment.code} {equipment.name}{where}: fault {code}“{fault.title}”, "
        f"{fault.get_severity_display().lower()} severity, {fault.get_status_display().lower()}, "
        f"reported {_age(fault.reported_at)}{reporter}."
    )
    work_order = (
        fault.work_orders.exclude(status=WorkOrderStatus.CANCELLED)
        .select_related("assignee")
        .order_by("-created_at")
        .first()
    )
    if work_order is None:
        return f"{text} No work order yet."
    assignee = f", assigned to {work_order.assignee.printed_name}" if work_order.assignee else ""
    return f"{text} Work order {work_order.number} is {work_order.get_status_display().lower()}{assignee}."


def _work_order_summary(work_order: WorkOrder) -> str:
    assignee = work_order.assignee.printed_name if work_order.assignee else "nobody"
    on = f" on {work_order.equipment.code} {work_order.equipment.name}" if work_order.equipment else ""
    lines = [
        f"{line.quantity} × {line.part.part_number} {line.part.name}"
        for line in work_order.parts.select_related("part").order_by("created_at")
    ]
    parts = f"Parts: {', '.join(lines)}." if lines else "No parts listed."
    return (
        f"{work_order.number} “{work_order.title}”{on}: {work_order.get_status_display().lower()}, "
        f"{work_order.get_priority_display().lower()} priority, assigned to {assignee}. {parts}"
    )


def _equipment_summary(equipment: Equipment) -> str:
    where = f" at {equipment.location}" if equipment.location else ""
    faults = list(
        equipment.faults.filter(status__in=OPEN_FAULT_STATUSES)
        .order_by("-reported_at")
        .values_list("fault_code", "title")
    )
    if not faults:
        return f"{equipment.code} {equipment.name}{where}: no open faults."
    listed = "; ".join(f"{code} {title}".strip() for code, title in faults[:3])
    more = f" and {len(faults) - 3} more" if len(faults) > 3 else ""
    return f"{equipment.code} {equipment.name}{where}: {len(faults)} open fault(s) — {listed}{more}."


def _part_summary(part: Part) -> str:
    where = f" Stored at {part.location}." if part.location else ""
    return (
        f"{part.part_number} {part.name}: {part.quantity_on_hand} {part.unit} on hand "
        f"(minimum {part.minimum_quantity}) — {part.stock_status.label.lower()}.{where}"
    )


def _section_summary(section: ManualSection) -> str:
    return f"See the manual “{section.document.title}”, section “{section.title}”, page {section.page_number}."


SUMMARIES = {
    EntityType.FAULT: _fault_summary,
    EntityType.WORK_ORDER: _work_order_summary,
    EntityType.EQUIPMENT: _equipment_summary,
    EntityType.PART: _part_summary,
    EntityType.DOCUMENT_SECTION: _section_summary,
}


def suggested_summary(entity_type: str, entity) -> str:
    return SUMMARIES[entity_type](entity)[:SUMMARY_MAX] if entity is not None else ""


def item_dict(item: HandoverItem) -> dict:
    return {
        "id": str(item.pk),
        "vessel": item.vessel.code,
        "entity_type": item.entity_type,
        "entity_id": str(item.entity_id) if item.entity_id else None,
        "summary_text": item.summary_text,
        "category": item.category,
        "priority": item.priority,
        "added_by": item.added_by.printed_name if item.added_by else None,
        "added_at": item.created_at.isoformat(),
        "acknowledged_by": item.acknowledged_by.printed_name if item.acknowledged_by else None,
        "acknowledged_at": item.acknowledged_at.isoformat() if item.acknowledged_at else None,
    }


def entity_dict(entity_type: str, entity) -> dict:
    return {
        "type": entity_type,
        "id": str(entity.pk),
        "label": str(entity),
        "url": entity.get_absolute_url(),
        "status": getattr(entity, "status", None) or getattr(entity, "stock_status", None),
    }


class AddToHandoverForm(ActionForm):
    entity_type = forms.CharField(max_length=30, required=False, widget=forms.HiddenInput)
    entity_id = forms.CharField(max_length=64, required=False, widget=forms.HiddenInput)
    summary_text = forms.CharField(
        label="Summary for the next watch",
        min_length=10,
        max_length=SUMMARY_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    category = forms.ChoiceField(
        choices=[("", "Suggested for the record")] + HandoverCategory.choices,
        required=False,
        help_text="Left empty: chosen from the kind of record.",
    )
    priority = forms.ChoiceField(
        choices=[("", "Suggested for the record")] + Priority.choices,
        required=False,
        help_text="Left empty: raised for a critical fault or a part short of stock.",
    )
    override_duplicate = forms.BooleanField(
        label="Add anyway, although an open item about this record is on the board", required=False
    )

    def clean_entity_type(self):
        entity_type = self.cleaned_data["entity_type"]
        if entity_type and entity_type not in EntityType.values:
            raise field_error("INVALID_ENTITY_TYPE", invalid_entity_type_message())
        return entity_type

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("entity_id") and not cleaned.get("entity_type") and "entity_type" not in self.errors:
            self.add_error("entity_type", field_error("INVALID_ENTITY_TYPE", invalid_entity_type_message()))
        elif cleaned.get("entity_type") and not cleaned.get("entity_id"):
            self.add_error("entity_id", ValidationError("Give the id of the record.", code="required"))
        return cleaned


@register
class AddToHandover(Action):
    name = "add_to_handover"
    label = "Add to handover"
    description = "Put a record, or a note, on the handover board for the next watch."
    form_class = AddToHandoverForm
    template_name = "handover/actions/add_to_handover.html"

    def resolve(self, *, user, data, vessel):
        entity_type = data.get("entity_type") or ""
        entity_id = data.get("entity_id") or ""
        if not entity_type and not entity_id:
            return Target(vessel=vessel)
        if entity_type not in EntityType.values:
            raise ActionError("INVALID_ENTITY_TYPE", invalid_entity_type_message(), field="entity_type")
        entity = find(
            ENTITY_QUERYSETS[entity_type],
            user=user,
            pk=entity_id,
            code="ENTITY_NOT_FOUND",
            field="entity_id",
            label=EntityType(entity_type).label,
        )
        return Target(vessel=entity.vessel, objects={"entity_type": entity_type, "entity": entity})

    def prefill(self, *, user, target, params):
        entity_type = target.objects.get("entity_type", "")
        entity = target.objects.get("entity")
        duplicate = entity and open_duplicate(vessel=target.vessel, entity_type=entity_type, entity_id=entity.pk)
        return {
            "entity_type": entity_type,
            "entity_id": str(entity.pk) if entity else "",
            "summary_text": suggested_summary(entity_type, entity),
            "category": suggested_category(entity_type),
            "priority": suggested_priority(entity_type, entity) if entity else Priority.NORMAL,
            "override_duplicate": False,
            "entity": entity_dict(entity_type, entity) if entity else None,
            "duplicate_check": {
                "has_duplicate": bool(duplicate),
                "existing_item": item_dict(duplicate) if duplicate else None,
            },
        }

    def lock(self, *, user, data, target):
        # Locking the record serialises concurrent adds about it, so the duplicate check holds.
        entity = target.objects.get("entity")
        if entity is not None:
            list(type(entity).objects.select_for_update().filter(pk=entity.pk).values_list("pk", flat=True))
        return target

    def plan(self, *, user, data, target):
        entity_type = target.objects.get("entity_type", "")
        entity = target.objects.get("entity")
        duplicate = entity and open_duplicate(vessel=target.vessel, entity_type=entity_type, entity_id=entity.pk)
        if duplicate and not data["override_duplicate"]:
            raise ActionError(
                "DUPLICATE_ENTRY",
                f"An open handover item about this {EntityType(entity_type).label.lower()} is already on the board.",
                field="entity_id",
                details={"existing_item": item_dict(duplicate)},
            )
        plan = Plan()
        if entity is not None:
            plan.change("handover item", "entity", None, f"{EntityType(entity_type).label}: {entity}")
        plan.change("handover item", "category", None, self.category(data, target))
        plan.change("handover item", "priority", None, self.priority(data, target))
        plan.change("handover item", "summary_text", None, data["summary_text"])
        plan.side_effects.append(f"Shown on the {target.vessel.name} handover board until someone acknowledges it.")
        if duplicate:
            added_by = duplicate.added_by.printed_name if duplicate.added_by else "someone"
            plan.warn(
                "DUPLICATE_OVERRIDDEN",
                f"{added_by} already put this on the board ({duplicate.created_at:%Y-%m-%d %H:%M} UTC); "
                "this adds a second item.",
            )
        return plan

    @staticmethod
    def category(data, target) -> str:
        return data["category"] or suggested_category(target.objects.get("entity_type", ""))

    @staticmethod
    def priority(data, target) -> str:
        entity = target.objects.get("entity")
        if data["priority"]:
            return data["priority"]
        return suggested_priority(target.objects["entity_type"], entity) if entity else Priority.NORMAL

    def apply(self, *, user, data, target, plan):
        entity = target.objects.get("entity")
        item = HandoverItem.objects.create(
            vessel=target.vessel,
            entity_type=target.objects.get("entity_type", ""),
            entity_id=entity.pk if entity else None,
            summary_text=data["summary_text"],
            category=self.category(data, target),
            priority=self.priority(data, target),
            added_by=user,
        )
        return {"id": str(item.pk), "item": item_dict(item)}

    def message(self, result):
        return f"Added to the handover: {result['item']['summary_text'][:80]}"


def _truthy(value) -> bool:
    """A boolean from validated data or from a raw prefill parameter."""
    return value is True or str(value).lower() in ("true", "1", "on", "yes")


class AcknowledgeHandoverForm(ActionForm):
    item_id = id_field("Handover item", required=False, widget=forms.HiddenInput)
    all = forms.BooleanField(label="All open items of this vessel", required=False)

    def clean(self):
        cleaned = super().clean()
        if bool(cleaned.get("item_id")) == bool(cleaned.get("all")):
            raise ValidationError("Give either item_id or all: true.", code="invalid")
        return cleaned


@register
class AcknowledgeHandoverItem(Action):
    name = "acknowledge_handover_item"
    label = "Acknowledge handover"
    description = "Confirm that you have read a handover item (or all open items) and taken it over."
    form_class = AcknowledgeHandoverForm
    template_name = "handover/actions/acknowledge_handover_item.html"

    def resolve(self, *, user, data, vessel):
        if _truthy(data.get("all")) and not data.get("item_id"):
            if vessel is None:
                return Target(vessel=None)
            return Target(vessel=vessel, objects={"items": list(open_items(vessel=vessel).select_related("vessel"))})
        item = find(
            HandoverItem.objects.select_related("vessel", "added_by", "acknowledged_by"),
            user=user,
            pk=data.get("item_id"),
            code="HANDOVER_ITEM_NOT_FOUND",
            field="item_id",
            label="Handover item",
        )
        return Target(vessel=item.vessel, objects={"items": [item]})

    def prefill(self, *, user, target, params):
        items = target.items
        return {
            "item_id": str(items[0].pk) if len(items) == 1 and not _truthy(params.get("all")) else "",
            "all": _truthy(params.get("all")),
            "items": [item_dict(item) for item in items],
        }

    def lock(self, *, user, data, target):
        locked = HandoverItem.objects.select_for_update(of=("self",)).select_related(
            "vessel", "added_by", "acknowledged_by"
        )
        if data["all"]:
            locked = locked.filter(vessel=target.vessel, acknowledged_at__isnull=True)
        else:
            locked = locked.filter(pk=target.items[0].pk)
        return Target(vessel=target.vessel, objects={"items": list(locked.order_by("pk"))})

    def plan(self, *, user, data, target):
        items = sorted(target.items, key=lambda item: str(item.pk))
        if not items:
            raise ActionError("ALREADY_ACKNOWLEDGED", "There are no open handover items to acknowledge.")
        done = next((item for item in items if item.acknowledged_at), None)
        if done is not None:
            by = done.acknowledged_by.printed_name if done.acknowledged_by else "someone"
            raise ActionError(
                "ALREADY_ACKNOWLEDGED",
                f"{by} already acknowledged this item ({done.acknowledged_at:%Y-%m-%d %H:%M} UTC).",
                field="item_id",
                details={"item": item_dict(done)},
            )
        plan = Plan(rows=items)
        for item in items:
            plan.change(f"handover item “{item.summary_text[:50]}”", "acknowledged_by", None, user.printed_name)
        plan.side_effects.append(
            f"{len(items)} item(s) leave the board for the handover history, acknowledged by you now."
        )
        return plan

    def apply(self, *, user, data, target, plan):
        now = timezone.now()
        items = sorted(target.items, key=lambda item: str(item.pk))
        for item in items:
            item.acknowledged_by = user
            item.acknowledged_at = now
            item.save(update_fields=["acknowledged_by", "acknowledged_at"])
        return {
            "id": str(items[0].pk) if len(items) == 1 else "",
            "acknowledged_count": len(items),
            "items": [item_dict(item) for item in items],
        }

    def message(self, result):
        count = result["acknowledged_count"]
        return "Handover item acknowledged." if count == 1 else f"{count} handover items acknowledged."


def acknowledge_all_hash(*, user, vessel, items) -> str:
    """The preview hash of acknowledging exactly these open items, for the board's one-tap form."""
    action = AcknowledgeHandoverItem()
    plan = action.plan(
        user=user, data={"all": True, "item_id": ""}, target=Target(vessel=vessel, objects={"items": items})
    )
    return plan.hash(action.name)
