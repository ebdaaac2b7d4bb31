"""Work orders' slice of the demo data (`work_orders.json`): work orders in every status.

Each work order is numbered `WO-<this year>-<number>` on its vessel and is raised for a
`fault` (by its key in the equipment demo; equipment, title and description then come from
the fault) or for an `equipment` code with its own `title` and `description`. It was
created `created_days_ago` days (and an hour) ago, is due `due_in_days` from now, and a
completed or closed one was completed about two days after it was created. `parts` is its parts
list: a completed or closed work order used them, so their stock went out through the
ledger. `notes` follow two hours after its creation, an hour apart.

Publishes `ctx.shared["work_orders"][vessel code, number]`.
"""

from datetime import timedelta

from inventory.models import MovementReason
from inventory.services import move_stock
from pms.demo import load_data
from workorders.models import WorkOrder, WorkOrderNote, WorkOrderNumberSequence, WorkOrderPart, WorkOrderStatus

DEPENDS_ON = ("equipment", "inventory")  # raised for faults and equipment, with parts lists

WORK_ORDERS = load_data(__name__, "work_orders.json")["work_orders"]
USED_STATUSES = (WorkOrderStatus.COMPLETED, WorkOrderStatus.CLOSED)


def seed(ctx) -> None:
    work_orders = ctx.shared.setdefault("work_orders", {})
    for spec in WORK_ORDERS:
        vessel = ctx.vessels[spec["vessel"]]
        fault = ctx.shared["faults"][spec["fault"]] if "fault" in spec else None
        equipment = fault.equipment if fault else ctx.shared["equipment"][vessel.code, spec["equipment"]]
        title = spec.get("title") or f"{equipment.location} - {equipment.name} - {fault.fault_code}"
        created_at = ctx.ago(days=spec["created_days_ago"], hours=1)
        completed = spec["status"] in USED_STATUSES
        completer = ctx.users.get(spec.get("completed_by"))
        work_order, created = ctx.get_or_create(
            WorkOrder,
            vessel=vessel,
            number=f"WO-{ctx.now.year}-{spec['number']:04d}",
            defaults={
                "title": title,
                "description": spec.get("description") or (fault.description if fault else ""),
                "equipment": equipment,
                "fault": fault,
                "priority": spec["priority"],
                "status": spec["status"],
                "created_by": ctx.users[spec["created_by"]],
                "created_at": created_at,
                "assignee": ctx.users.get(spec.get("assignee")),
                "due_date": (ctx.now + timedelta(days=spec["due_in_days"])).date() if "due_in_days" in spec else None,
                "completed_by": completer,
                "completed_at": ctx.ago(days=max(spec["created_days_ago"] - 2, 0)) if completed else None,
                "completion_notes": spec.get("completion_notes", ""),
            },
        )
        work_orders[vessel.code, spec["number"]] = work_order
        for i, note in enumerate(spec["notes"]):
            ctx.get_or_create(
                WorkOrderNote,
                work_order=work_order,
                note_text=note["note_text"],
                defaults={
                    "vessel": vessel,
                    "note_type": note["note_type"],
                    "created_by": ctx.users[note["created_by"]],
                    "created_at": created_at + timedelta(hours=2 + i),
                },
            )
        for line in spec["parts"]:
            part = ctx.shared["parts"][vessel.code, line["part_number"]]
            ctx.get_or_create(
                WorkOrderPart,
                work_order=work_order,
                part=part,
                defaults={"vessel": vessel, "quantity": line["quantity"], "added_by": work_order.created_by},
            )
            if created and completed:
                move_stock(
                    part=part,
                    quantity=-line["quantity"],
                    reason=MovementReason.WORK_ORDER,
                    performed_by=completer,
                    work_order=work_order,
                    equipment=equipment,
                    reference=work_order.number,
                )
        keep_sequence_in_step(vessel, ctx.now.year, spec["number"])


def keep_sequence_in_step(vessel, year, number) -> None:
    """The numbering row must not hand out a number the seed already used."""
    sequence, _ = WorkOrderNumberSequence.objects.get_or_create(vessel=vessel, year=year)
    if sequence.last_number < number:
        sequence.last_number = number
        sequence.save(update_fields=["last_number"])
