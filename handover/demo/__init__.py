"""The handover board's slice of the demo data (`handover.json`): open and acknowledged items.

Each item was added `created_hours_ago` hours ago; an acknowledged one was acknowledged six
hours later. An item about a fault, work order, part or piece of equipment names it by
`entity_type` and `entity_key`: the fault's key in the equipment demo, the work order's
number, the part number or the equipment code on the item's vessel.
"""

from handover.models import HandoverItem
from pms.demo import load_data

DEPENDS_ON = ("equipment", "inventory", "workorders")  # the items name faults, equipment, parts, work orders

ITEMS = load_data(__name__, "handover.json")["items"]


def entity_id(ctx, vessel_code, entity_type, key):
    if entity_type == "fault":
        return ctx.shared["faults"][key].pk
    if entity_type == "work_order":
        return ctx.shared["work_orders"][vessel_code, key].pk
    if entity_type == "part":
        return ctx.shared["parts"][vessel_code, key].pk
    return ctx.shared["equipment"][vessel_code, key].pk


def seed(ctx) -> None:
    for row in ITEMS:
        vessel_code, entity_type, hours = row["vessel"], row["entity_type"], row["created_hours_ago"]
        acknowledger = row["acknowledged_by"]
        ctx.get_or_create(
            HandoverItem,
            vessel=ctx.vessels[vessel_code],
            summary_text=row["summary_text"],
            defaults={
                "category": row["category"],
                "priority": row["priority"],
                "entity_type": entity_type or "",
                "entity_id": entity_id(ctx, vessel_code, entity_type, row["entity_key"]) if entity_type else None,
                "added_by": ctx.users[row["added_by"]],
                "created_at": ctx.ago(hours=hours),
                "acknowledged_by": ctx.users[acknowledger] if acknowledger else None,
                "acknowledged_at": ctx.ago(hours=hours - 6) if acknowledger else None,
            },
        )
