"""Filters for the counters' pages, which show the serialised counter (ISO times, whole hours)."""

from django import template
from django.utils.dateparse import parse_datetime

register = template.Library()


@register.filter
def moment(value):
    """An ISO 8601 string (as the serialisers give times) as a datetime, for the `date` filter."""
    if isinstance(value, str):
        return parse_datetime(value)
    return value


@register.filter
def hours(value):
    """Whole hours with thousands separators: 13512 → 13,512."""
    if value is None or value == "":
        return "—"
    try:
        return f"{int(value):,}"
    except (TypeError, ValueError):
        return value
