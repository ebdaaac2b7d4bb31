"""One search over everything on board. Reads only: it returns previews and suggested
actions (links to an action's prefill step), never executes anything.

Equipment, faults, work orders and parts match by case-insensitive substring on their
identifying fields (on PostgreSQL served by trigram GIN indexes, so part numbers and fault
codes match as typed) and rank exact > prefix > substring. Manual sections use PostgreSQL
full-text search (a GIN index on their title and text) plus the fault-code index; on
SQLite they fall back to the substring matcher.
"""

import re
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import BooleanField, Case, FloatField, IntegerField, Q, Value, When
from django.db.models.expressions import RawSQL
from django.urls import reverse
from django.utils.html import escape
from django.utils.http import urlencode
from django.utils.safestring import mark_safe

from equipment.models import Equipment, Fault
from inventory.models import Part
from manuals.models import ManualSection
from workorders.models import WorkOrder

MAX_QUERY_LENGTH = 200
PER_TYPE = 8
WORK_ORDER_NUMBER = re.compile(r"^WO-\d{4}-\d{4,}$", re.IGNORECASE)
FAULT_CODE = re.compile(r"^(?:[A-Z]{1,3}-?\d{2,4}|SPN\s*\d+(?:\s*FMI\s*\d+)?)$", re.IGNORECASE)

# The full-text document of a manual section: a stored generated column with a GIN index (search/migrations/0002).
SECTION_DOCUMENT = "manuals_manualsection.search_document"


@dataclass
class Hit:
    kind: str
    title: str
    url: str
    snippet: str = ""
    badge: str = ""


@dataclass
class Suggestion:
    label: str
    url: str


@dataclass
class Results:
    query: str
    groups: list[tuple[str, list[Hit]]] = field(default_factory=list)
    suggestions: list[Suggestion] = field(default_factory=list)

    @property
    def count(self) -> int:
        return sum(len(hits) for _, hits in self.groups)


def normalise(query: str) -> str:
    return " ".join(query.split())[:MAX_QUERY_LENGTH]


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


def _ranked(queryset, fields: list[str], query: str, terms: list[str]):
    """Rows where every term is in one of `fields`, ranked exact > prefix > substring on the first field."""
    condition = Q()
    for term in terms:
        any_field = Q()
        for name in fields:
            any_field |= Q(**{f"{name}__icontains": term})
        condition &= any_field
    key = fields[0]
    rank = Case(
        When(**{f"{key}__iexact": query}, then=Value(3)),
        When(**{f"{key}__istartswith": query}, then=Value(2)),
        default=Value(1),
        output_field=IntegerField(),
    )
    return queryset.filter(condition).annotate(rank=rank).order_by("-rank", key)[:PER_TYPE]


def _sections(vessel, query: str, terms: list[str]) -> list:
    sections = ManualSection.objects.filter(vessel=vessel).select_related("document")
    by_code = list(
        sections.filter(fault_code_index__code__istartswith=query).distinct().order_by("page_number")[:PER_TYPE]
    )
    if connection.vendor == "postgresql":
        tsquery = "websearch_to_tsquery('english', %s)"
        by_text = (
            sections.annotate(
                matched=RawSQL(f"{SECTION_DOCUMENT} @@ {tsquery}", [query], output_field=BooleanField()),
                rank=RawSQL(f"ts_rank({SECTION_DOCUMENT}, {tsquery})", [query], output_field=FloatField()),
            )
            .filter(matched=True)
            .order_by("-rank", "page_number")[:PER_TYPE]
        )
    else:
        text_match = Q()
        for term in terms:
            text_match &= Q(title__icontains=term) | Q(text__icontains=term)
        by_text = sections.filter(text_match).order_by("page_number")[:PER_TYPE]
    seen = {s.pk for s in by_code}
    return (by_code + [s for s in by_text if s.pk not in seen])[:PER_TYPE]


def search(*, vessel, query: str) -> Results:
    query = normalise(query)
    results = Results(query=query)
    if vessel is None or len(query) < 2:
        return results
    terms = query.split()

    equipment = _ranked(
        Equipment.objects.filter(vessel=vessel),
        ["code", "name", "serial_number", "manufacturer", "model"],
        query,
        terms,
    )
    faults = _ranked(
        Fault.objects.filter(vessel=vessel).select_related("equipment"), ["fault_code", "title"], query, terms
    )
    work_orders = _ranked(WorkOrder.objects.filter(vessel=vessel), ["number", "title"], query, terms)
    parts = _ranked(Part.objects.filter(vessel=vessel), ["part_number", "name", "manufacturer"], query, terms)
    sections = _sections(vessel, query, terms)

    groups = [
        (
            "Equipment",
            [
                Hit(
                    "equipment",
                    highlight(f"{e.code} {e.name}", terms),
                    e.get_absolute_url(),
                    highlight(" ".join(filter(None, [e.manufacturer, e.model, e.serial_number, e.location])), terms),
                    e.criticality,
                )
                for e in equipment
            ],
        ),
        (
            "Faults",
            [
                Hit(
                    "fault",
                    highlight(f"{f.fault_code} {f.title}".strip(), terms),
                    f.get_absolute_url(),
                    escape(f"{f.equipment.code} · {f.get_status_display()}"),
                    f.severity,
                )
                for f in faults
            ],
        ),
        (
            "Work orders",
            [
                Hit("work_order", highlight(f"{w.number} {w.title}", terms), w.get_absolute_url(), "", w.status)
                for w in work_orders
            ],
        ),
        (
            "Parts",
            [
                Hit(
                    "part",
                    highlight(f"{p.part_number} {p.name}", terms),
                    p.get_absolute_url(),
                    escape(f"{p.quantity_on_hand} {p.unit} on hand · {p.location}"),
                    p.stock_status.lower(),
                )
                for p in parts
            ],
        ),
        (
            "Manual sections",
            [
                Hit(
                    "section",
                    highlight(s.title, terms),
                    s.get_absolute_url(),
                    highlight(s.text, terms, width=160),
                    f"p. {s.page_number}",
                )
                for s in sections
            ],
        ),
    ]
    results.groups = [(label, hits) for label, hits in groups if hits]
    results.suggestions = _suggestions(query, faults=faults, work_orders=work_orders, parts=parts, sections=sections)
    return results


def _action_link(name: str, **params) -> str:
    return f"{reverse('action', args=[name])}?{urlencode(params)}"


def _suggestions(query, *, faults, work_orders, parts, sections) -> list[Suggestion]:
    """Where the query reads as a request, offer the action's prefill step (a GET to a form)."""
    suggestions = []
    upper = query.upper()
    if WORK_ORDER_NUMBER.match(query):
        for w in work_orders:
            if w.number.upper() == upper:
                suggestions.append(
                    Suggestion(f"Add note to {w.number}", _action_link("add_note_to_work_order", work_order_id=w.pk))
                )
    for p in parts:
        if p.part_number.upper() == upper:
            suggestions.append(
                Suggestion(f"Check stock of {p.part_number}", _action_link("check_stock_level", part_id=p.pk))
            )
    if FAULT_CODE.match(query):
        code = " ".join(upper.split())
        equipment_ids = list(dict.fromkeys(f.equipment_id for f in faults if f.fault_code.upper() == code))
        if not equipment_ids:
            equipment_ids = list(
                Equipment.objects.filter(manual__sections__in=[s.pk for s in sections]).values_list("pk", flat=True)[:3]
            )
        labels = dict(Equipment.objects.filter(pk__in=equipment_ids).values_list("pk", "code"))
        for equipment_id in equipment_ids[:3]:
            suggestions.append(
                Suggestion(
                    f"Show manual section for {code} on {labels.get(equipment_id, 'equipment')}",
                    _action_link("show_manual_section", equipment_id=equipment_id, fault_code=code),
                )
            )
    return suggestions
