"""Inventory's slice of the demo data (`parts.json`): each vessel's spare parts and their stock.

`parts`: the parts, with the `opening_quantity` received (as the opening balance, by the
vessel's chief engineer) when the part is created. `movements`: stock used outside work
orders, signed, made right after their part's opening balance. With what the demo's
completed work orders use (the workorders demo), the stock ends in every status on each
vessel. Stock moves only through the ledger (`inventory.services.move_stock`), and only
for a part this run created, so a second run moves nothing.

Publishes `ctx.shared["parts"][vessel code, part number]`.
"""

from inventory.models import MovementReason, Part
from inventory.services import move_stock, receive_initial_stock
from pms.demo import load_data

DEPENDS_ON = ("equipment",)  # a movement names the equipment it was used on

PARTS = load_data(__name__, "parts.json")


def seed(ctx) -> None:
    parts = ctx.shared.setdefault("parts", {})
    for row in PARTS["parts"]:
        vessel_code, number = row["vessel"], row["part_number"]
        part, created = ctx.get_or_create(
            Part,
            vessel=ctx.vessels[vessel_code],
            part_number=number,
            defaults={
                "name": row["name"],
                "manufacturer": row["manufacturer"],
                "category": row["category"],
                "unit": row["unit"],
                "location": row["location"],
                "minimum_quantity": row["minimum_quantity"],
                "maximum_quantity": row["maximum_quantity"],
            },
        )
        parts[vessel_code, number] = part
        if created:
            receive_initial_stock(
                part=part, quantity=row["opening_quantity"], performed_by=ctx.chief_engineer(vessel_code)
            )
            move_standalone(ctx, vessel_code, part)


def move_standalone(ctx, vessel_code, part) -> None:
    equipment = ctx.shared["equipment"]
    for row in PARTS["movements"]:
        if (row["vessel"], row["part_number"]) == (vessel_code, part.part_number):
            move_stock(
                part=part,
                quantity=row["quantity"],
                reason=row["reason"],
                performed_by=ctx.users[row["performed_by"]],
                equipment=equipment[vessel_code, row["equipment"]] if row["equipment"] else None,
                notes=row["notes"],
                counted=row["reason"] == MovementReason.STOCK_COUNT,
            )
