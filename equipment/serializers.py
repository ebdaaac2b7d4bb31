"""One dict shape per model of the equipment module: actions, the read API and tests use these."""

from pms.serializers import iso, name_of, values

EQUIPMENT_FIELDS = [
    "code",
    "name",
    "parent",
    "location",
    "manufacturer",
    "model",
    "serial_number",
    "criticality",
    "manual",
]
FAULT_FIELDS = [
    "equipment",
    "fault_code",
    "title",
    "description",
    "severity",
    "status",
    "reported_at",
    "resolved_at",
    "resolution_notes",
    "closed_at",
    "closing_notes",
]


def equipment_dict(equipment) -> dict:
    return values(equipment, EQUIPMENT_FIELDS)


def equipment_brief(equipment) -> dict:
    """Where a record names its equipment: enough to recognise it."""
    return {"code": equipment.code, "name": equipment.name, "location": equipment.location}


def fault_dict(fault) -> dict:
    return {
        **values(fault, FAULT_FIELDS),
        "reported_by": name_of(fault.reported_by),
        "reported_at": iso(fault.reported_at),
    }
