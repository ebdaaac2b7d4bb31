"""One dict shape per model of the work order module: actions, the read API and tests use these."""

from inventory.rules import stock_warning
from pms.serializers import iso, name_of, values
from workorders import hooks

WORK_ORDER_FIELDS = [
    "number",
    "title",
    "description",
    "status",
    "priority",
    "fault",
    "equipment",
    "assignee",
    "due_date",
    "completed_at",
    "completion_notes",
]


def work_order_summary(work_order) -> dict:
    """Where an action names the work order it changed: enough to recognise it."""
    return {
        "id": str(work_order.pk),
        "number": work_order.number,
        "title": work_order.title,
        "status": work_order.status,
        "priority": work_order.priority,
        "assignee": name_of(work_order.assignee),
    }


def work_order_dict(work_order) -> dict:
    """The whole work order, as the read API lists it."""
    return values(work_order, WORK_ORDER_FIELDS)


def note_dict(note) -> dict:
    return {
        "id": str(note.pk),
        "work_order_id": str(note.work_order_id),
        "note_type": note.note_type,
        "note_text": note.note_text,
        "created_by": name_of(note.created_by),
        "created_at": iso(note.created_at),
    }


def part_line_dict(line) -> dict:
    """A line of the parts list with the stock of its part."""
    return {
        "part_id": str(line.part_id),
        "part_number": line.part.part_number,
        "name": line.part.name,
        "unit": line.part.unit,
        "quantity": line.quantity,
        "notes": line.notes,
        "quantity_on_hand": line.part.quantity_on_hand,
        "stock_status": line.part.stock_status,
        "stock_warning": stock_warning(part=line.part, needed=line.quantity)[0],
    }


def work_order_detail(work_order) -> dict:
    """What the work order's page shows besides its fields: the parts list and the notes."""
    lines = work_order.parts.select_related("part").order_by("created_at")
    return {
        "parts": [part_line_dict(line) for line in lines],
        "notes": [note_dict(n) for n in work_order.notes.select_related("created_by")],
        **{k: v for extra in hooks.call("detail", work_order=work_order) for k, v in extra.items()},
    }
