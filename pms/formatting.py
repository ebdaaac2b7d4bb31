"""How a moment, a day and a role read on every page: written once, here.

A moment is "3 Dec 2026, 15:01 UTC" (the ship keeps UTC); a day is "3 Dec 2026". Both accept
what the pages hold: datetimes and dates, and the ISO 8601 strings of action results.
"""

import datetime

from django.utils import dateformat

from pms.roles import Role

MOMENT = "j M Y, H:i"
DAY = "j M Y"


def _parsed(value):
    if isinstance(value, str):
        try:
            return datetime.datetime.fromisoformat(value) if "T" in value else datetime.date.fromisoformat(value)
        except ValueError:
            return None
    return value


def moment(value) -> str:
    """'3 Dec 2026, 15:01 UTC' for a datetime (or its ISO string); '' for nothing."""
    value = _parsed(value)
    if isinstance(value, datetime.datetime):
        utc = value.astimezone(datetime.UTC) if value.tzinfo else value
        return f"{dateformat.format(utc, MOMENT)} UTC"
    if isinstance(value, datetime.date):
        return day(value)
    return ""


def day(value) -> str:
    """'3 Dec 2026' for a date (or a datetime, or their ISO strings); '' for nothing."""
    value = _parsed(value)
    if isinstance(value, datetime.datetime):
        value = (value.astimezone(datetime.UTC) if value.tzinfo else value).date()
    if isinstance(value, datetime.date):
        return dateformat.format(value, DAY)
    return ""


def role_label(value) -> str:
    """'Chief engineer' for 'chief_engineer'; an unknown value as it is."""
    try:
        return Role(value).label
    except ValueError:
        return value or ""


def humane(value) -> str:
    """A stored code as words, where no label is at hand: 'work_order_raised' → 'Work order raised'."""
    text = str(value or "").replace("_", " ").strip()
    return text[:1].upper() + text[1:].lower()
