"""The equipment actions; importing this registers them."""

from equipment.actions import report_fault, resolve_close  # noqa: F401
from pms.actions.base import register_error_codes

register_error_codes(
    {
        "EQUIPMENT_NOT_FOUND": 404,
        "FAULT_NOT_FOUND": 404,
        "FAULT_CLOSED": 409,
        "INVALID_TRANSITION": 409,
    }
)
