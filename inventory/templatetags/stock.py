"""`{{ status|stock_label }}`: a stock status in words, from StockStatus (OUT_OF_STOCK → 'Out of stock')."""

from django import template

from inventory.models import StockStatus

register = template.Library()


@register.filter
def stock_label(status) -> str:
    try:
        return StockStatus(status).label
    except ValueError:
        return status or ""
