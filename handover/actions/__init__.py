"""The handover actions; importing this registers them."""

from handover.actions import acknowledge, add_to_handover  # noqa: F401
from handover.actions.common import ENTITY_QUERYSETS  # noqa: F401  (the kinds of record an item may name)
from pms.actions.base import register_error_codes

register_error_codes(
    {
        "INVALID_ENTITY_TYPE": 400,
        "ENTITY_NOT_FOUND": 404,
        "HANDOVER_ITEM_NOT_FOUND": 404,
        "DUPLICATE_ENTRY": 409,
        "ALREADY_ACKNOWLEDGED": 409,
    }
)
