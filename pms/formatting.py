"""How a moment, a day and a role read on every page: written once, here.

A moment is "3 Dec 2026, 15:01 UTC" (the ship keeps UTC); a day is "3 Dec 2026". Both accept
what the pages hold: datetimes and dates, and the ISO 8601 strings of action results.
"""

import datetime
from functools import cache

from django.utils.dates import MONTHS_3
from django.utils.translation import get_language

from pms.roles import Role

# Written out by hand rather than by dateformat.format("j M Y"): a list page writes a day per row,
# and the general formatter costs about 30 µs a call. The month name still follows the language.


@cache
def _month_abbreviation(language: str, month: int) -> str:
    return str(MONTHS_3[month]).title()


def _day_text(value: datetime.date) -> str:
    return f"{value.day} {_month_abbreviation(get_language(), value.month)} {value.year}"


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
        return f"{_day_text(utc)}, {utc.hour:02d}:{utc.minute:02d} UTC"
    if isinstance(value, datetime.date):
        return day(value)
    return ""


def day(value) -> str:
    """'3 Dec 2026' for a date (or a datetime, or their ISO strings); '' for nothing."""
    value = _parsed(value)
    if isinstance(value, datetime.datetime):
        value = (value.astimezone(datetime.UTC) if value.tzinfo else value).date()
    if isinstance(value, datetime.date):
        return _day_text(value)
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
