"""The pieces every searchable kind is made of: a hit, a suggestion, ranking and highlighting.

Modules declare their kinds (`pms.registry.SearchKind`); the search box (`search/`) runs them.
Search only reads: hits link to pages, suggestions to an action's prefill step (a GET).
"""

import re
from dataclasses import dataclass

from django.db.models import Case, IntegerField, Q, Value, When
from django.urls import reverse
from django.utils.html import escape
from django.utils.http import urlencode
from django.utils.safestring import mark_safe

PER_TYPE = 8


@dataclass
class Hit:
    kind: str
    title: str
    url: str
    snippet: str = ""
    badge: str = ""  # the stored value, for the badge's colour (badge-<value>)
    badge_label: str = ""  # what the badge says; the value itself when empty


@dataclass
class Suggestion:
    label: str
    url: str


def highlight(text: str, terms: list[str], *, width: int = 0) -> str:
    """Escape `text` and wrap each matched term in <mark>; with `width`, cut around the first match."""
    if width and len(text) > width:
        lowered = text.lower()
        first = min((i for i in (lowered.find(t.lower()) for t in terms) if i >= 0), default=0)
        start = max(0, first - width // 3)
        text = ("…" if start else "") + text[start : start + width] + ("…" if start + width < len(text) else "")
    escaped = escape(text)
    if terms:
        pattern = re.compile(
            "|".join(re.escape(escape(t)) for t in sorted(terms, key=len, reverse=True)), re.IGNORECASE
        )
        escaped = pattern.sub(lambda m: f"<mark>{m.group(0)}</mark>", escaped)
    return mark_safe(escaped)  # noqa: S308 — built from escaped text only


def containing(queryset, fields: list[str], terms: list[str]):
    """Rows where every term is in one of `fields` (case-insensitive)."""
    condition = Q()
    for term in terms:
        any_field = Q()
        for name in fields:
            any_field |= Q(**{f"{name}__icontains": term})
        condition &= any_field
    return queryset.filter(condition)


def newest(queryset, fields: list[str], terms: list[str], *, by: str = "-created_at"):
    """Free text (notes, handover items): the newest rows containing every term."""
    return containing(queryset, fields, terms).order_by(by)[:PER_TYPE]


def ranked(queryset, fields: list[str], query: str, terms: list[str]) -> list:
    """Rows where every term is in one of `fields`, ranked exact > prefix > substring on the first field.

    Two reads rather than one ranked sort: ranking every match means reading every match (5,000
    work orders whose title holds "pump" on a fleet vessel, 38 ms), while the prefix matches are
    few and the rest, ordered by the first field alone, is read off its index until a page is full.
    """
    key = fields[0]
    matching = containing(queryset, fields, terms)
    prefix = Q(**{f"{key}__istartswith": query})
    rank = Case(When(**{f"{key}__iexact": query}, then=Value(3)), default=Value(2), output_field=IntegerField())
    rows = list(matching.filter(prefix).annotate(rank=rank).order_by("-rank", key)[:PER_TYPE])
    if len(rows) < PER_TYPE:
        rows += matching.exclude(prefix).order_by(key)[: PER_TYPE - len(rows)]
    return rows


def action_link(name: str, **params) -> str:
    return f"{reverse('action', args=[name])}?{urlencode(params)}"
