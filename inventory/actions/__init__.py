"""The stock actions, one file each; importing this registers them."""

from inventory.actions import check_stock_level, receive_parts, stock_count  # noqa: F401
from pms.actions.base import register_error_codes

register_error_codes(
    {
        "PART_NOT_FOUND": 404,
        "INSUFFICIENT_STOCK": 409,
    }
)
