"""The inventory module's rules: stock status and its thresholds, written once."""

from django.db.models import F, Q

from inventory.models import StockStatus


def stock_status(*, on_hand: int, minimum: int, maximum: int | None) -> str:
    """OUT_OF_STOCK at or under 0, LOW_STOCK at or under minimum, OVERSTOCKED over a set maximum."""
    if on_hand <= 0:
        return StockStatus.OUT_OF_STOCK
    if on_hand <= minimum:
        return StockStatus.LOW_STOCK
    if maximum is not None and on_hand > maximum:
        return StockStatus.OVERSTOCKED
    return StockStatus.IN_STOCK


def needs_reorder(status: str) -> bool:
    """Out of stock or low: the statuses that put a part on the reorder list."""
    return status in (StockStatus.OUT_OF_STOCK, StockStatus.LOW_STOCK)


# The part list's `?status=` filters, which the dashboard counts too (same thresholds as stock_status).
STATUS_FILTERS = {
    "low": Q(quantity_on_hand__lte=F("minimum_quantity"), quantity_on_hand__gt=0),
    "out": Q(quantity_on_hand__lte=0),
}
# Every part at or under its minimum (out of stock included): the reorder list.
REORDER_Q = Q(quantity_on_hand__lte=F("minimum_quantity"))


def stock_warning(*, part, needed: int) -> tuple[str, str]:
    """Exactly one of, in this order: out of stock, insufficient, low after use, sufficient."""
    on_hand, unit = part.quantity_on_hand, part.unit
    if on_hand <= 0:
        return "OUT_OF_STOCK", f"{part.part_number} is out of stock."
    if on_hand < needed:
        return "INSUFFICIENT_STOCK", f"Only {on_hand} {unit} of {part.part_number} on hand; {needed} needed."
    if on_hand - needed <= part.minimum_quantity:
        return (
            "LOW_STOCK",
            f"{on_hand} {unit} of {part.part_number} on hand; using {needed} leaves it at or under "
            f"the minimum of {part.minimum_quantity}.",
        )
    return "SUFFICIENT_STOCK", f"{on_hand} {unit} of {part.part_number} on hand: enough for {needed}."
