"""Handover actions: add an item for the next watch, and acknowledge items.

Suggestions made by the prefill of add_to_handover:
- category from the kind of record: fault → ongoing_fault, work order → work_in_progress,
  equipment → equipment_status, part and manual section → important_info, none → general;
- priority: a critical fault → urgent and a high-severity fault → high (the same mapping as
  a work order raised from the fault); a low or out-of-stock part → high; else normal.
"""

from django.utils import timezone

from equipment.models import Equipment, Fault
from equipment.rules import OPEN_FAULT_STATUSES
from handover.models import EntityType, HandoverCategory
from handover.serializers import entity_dict, item_dict  # noqa: F401  (shared by the actions)
from inventory.models import Part
from inventory.rules import needs_reorder
from manuals.models import ManualSection
from workorders.models import Priority, WorkOrder, WorkOrderStatus
from workorders.rules import raised_priority

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


def invalid_entity_type_message() -> str:
    return f"entity_type must be one of: {', '.join(EntityType.values)} (or empty for a free-text note)."


def suggested_category(entity_type: str) -> str:
    return CATEGORY_BY_TYPE.get(entity_type, HandoverCategory.GENERAL)


def suggested_priority(entity_type: str, entity) -> str:
    if entity_type == EntityType.FAULT:
        return raised_priority(entity.severity)
    if entity_type == EntityType.PART and needs_reorder(entity.stock_status):
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
