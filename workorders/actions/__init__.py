"""The work order actions, one file per action or small family; importing this registers them."""

from pms.actions.base import register_error_codes
from workorders.actions import (  # noqa: F401
    assign,
    complete,
    create_from_fault,
    lifecycle,
    log_part_usage,
    notes,
    parts,
)

register_error_codes(
    {
        "WO_NOT_FOUND": 404,
        "ASSIGNEE_NOT_FOUND": 404,
        "DUPLICATE_WO_EXISTS": 409,
        "WO_CLOSED": 409,
        "WO_ALREADY_COMPLETE": 409,
        "INVALID_TRANSITION": 409,
    }
)
