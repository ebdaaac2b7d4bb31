"""The stock actions, one file each; importing this registers them."""

from inventory.actions import check_stock_level, receive_parts, stock_count  # noqa: F401
