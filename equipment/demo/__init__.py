"""Equipment's slice of the demo data: each vessel's equipment hierarchy and its faults.

`equipment.json`: per vessel code, the equipment in order, a parent before its children
(`parent` is the parent's code, null at the top); `manual` is the key of the system's manual
in the manuals demo (null for none). `faults.json`: `descriptions` by fault code, and the
faults, each with a `key` other modules refer to it by, reported `reported_days_ago` days
(and two hours) ago; a resolved or closed one was resolved about a day later.

Publishes `ctx.shared["equipment"][vessel code, code]` and `ctx.shared["faults"][key]`.
"""

from equipment.models import Equipment, Fault, FaultStatus
from pms.demo import load_data

DEPENDS_ON = ("manuals",)  # equipment links its system's manual

EQUIPMENT = load_data(__name__, "equipment.json")
FAULTS = load_data(__name__, "faults.json")


def seed(ctx) -> None:
    manuals = ctx.shared["manuals"]
    equipment = ctx.shared.setdefault("equipment", {})
    for vessel_code, rows in EQUIPMENT.items():
        vessel = ctx.vessels[vessel_code]
        for row in rows:
            equipment[vessel_code, row["code"]], _ = ctx.get_or_create(
                Equipment,
                vessel=vessel,
                code=row["code"],
                defaults={
                    "name": row["name"],
                    "parent": equipment[vessel_code, row["parent"]] if row["parent"] else None,
                    "location": row["location"],
                    "manufacturer": row["manufacturer"],
                    "model": row["model"],
                    "serial_number": row["serial_number"],
                    "criticality": row["criticality"],
                    "manual": manuals[vessel_code, row["manual"]] if row["manual"] else None,
                },
            )
    seed_faults(ctx, equipment)


def seed_faults(ctx, equipment) -> None:
    faults = ctx.shared.setdefault("faults", {})
    for row in FAULTS["faults"]:
        days = row["reported_days_ago"]
        reported_at = ctx.ago(days=days, hours=2)
        resolved = row["status"] in (FaultStatus.RESOLVED, FaultStatus.CLOSED)
        faults[row["key"]], _ = ctx.get_or_create(
            Fault,
            vessel=ctx.vessels[row["vessel"]],
            equipment=equipment[row["vessel"], row["equipment"]],
            fault_code=row["fault_code"],
            title=row["title"],
            defaults={
                "description": FAULTS["descriptions"][row["fault_code"]],
                "severity": row["severity"],
                "status": row["status"],
                "detected_at": reported_at,
                "reported_at": reported_at,
                "reported_by": ctx.users[row["reported_by"]],
                "resolved_by": ctx.users[row["resolved_by"]] if resolved else None,
                "resolved_at": ctx.ago(days=max(days - 1, 0)) if resolved else None,
            },
        )
