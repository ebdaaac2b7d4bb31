"""Reads of the handover: the board, its history, duplicates, and the entities items point at."""

from dataclasses import dataclass

from django.db.models import Case, Count, IntegerField, QuerySet, Value, When

from equipment.models import Equipment, Fault
from equipment.rules import open_faults_q
from handover.models import EntityType, HandoverCategory, HandoverItem
from inventory.models import Part
from manuals.models import ManualSection
from workorders.models import Priority, WorkOrder

# Urgent first on the board.
PRIORITY_RANK = {Priority.URGENT: 0, Priority.HIGH: 1, Priority.NORMAL: 2, Priority.LOW: 3}


def open_items(*, vessel) -> QuerySet[HandoverItem]:
    """Unacknowledged items of a vessel: urgent first, then the oldest first."""
    rank = Case(
        *(When(priority=p, then=Value(r)) for p, r in PRIORITY_RANK.items()),
        default=Value(len(PRIORITY_RANK)),
        output_field=IntegerField(),
    )
    return (
        HandoverItem.objects.filter(vessel=vessel, acknowledged_at__isnull=True)
        .select_related("added_by")
        .annotate(priority_rank=rank)
        .order_by("priority_rank", "created_at", "id")
    )


def acknowledged_items(*, vessel) -> QuerySet[HandoverItem]:
    """The handover history: acknowledged items, the latest acknowledged first."""
    return (
        HandoverItem.objects.filter(vessel=vessel, acknowledged_at__isnull=False)
        .select_related("added_by", "acknowledged_by")
        .order_by("-acknowledged_at", "-created_at")
    )


def open_duplicate(*, vessel, entity_type: str, entity_id) -> HandoverItem | None:
    """The oldest open item about the same record, if any (free-text notes never duplicate)."""
    if not entity_type:
        return None
    return (
        HandoverItem.objects.filter(
            vessel=vessel, entity_type=entity_type, entity_id=entity_id, acknowledged_at__isnull=True
        )
        .select_related("added_by")
        .order_by("created_at")
        .first()
    )


def group_by_category(items) -> list[tuple[str, str, list[HandoverItem]]]:
    """(category, label, items) in the fixed category order, skipping empty categories."""
    groups = {value: [] for value in HandoverCategory.values}
    for item in items:
        groups[item.category].append(item)
    return [(value, label, groups[value]) for value, label in HandoverCategory.choices if groups[value]]


@dataclass(frozen=True)
class EntityRef:
    """What an item points at, as it is now: a label, its page and its current status."""

    label: str
    url: str
    status: str
    status_display: str


def _fault_refs(ids):
    faults = Fault.objects.filter(pk__in=ids).select_related("equipment")
    return {
        f.pk: EntityRef(f"{f.equipment.code} · {f}", f.get_absolute_url(), f.status, f.get_status_display())
        for f in faults
    }


def _work_order_refs(ids):
    return {
        w.pk: EntityRef(str(w), w.get_absolute_url(), w.status, w.get_status_display())
        for w in WorkOrder.objects.filter(pk__in=ids)
    }


def _equipment_refs(ids):
    equipment = Equipment.objects.filter(pk__in=ids).annotate(
        open_fault_count=Count("faults", filter=open_faults_q("faults__"))
    )
    refs = {}
    for e in equipment:
        status = "open_faults" if e.open_fault_count else "no_open_faults"
        display = f"{e.open_fault_count} open fault(s)" if e.open_fault_count else "No open faults"
        refs[e.pk] = EntityRef(str(e), e.get_absolute_url(), status, display)
    return refs


def _part_refs(ids):
    refs = {}
    for p in Part.objects.filter(pk__in=ids):
        status = p.stock_status
        refs[p.pk] = EntityRef(
            str(p), p.get_absolute_url(), status.lower(), f"{p.quantity_on_hand} {p.unit} · {status.label}"
        )
    return refs


def _section_refs(ids):
    sections = ManualSection.objects.filter(pk__in=ids).select_related("document")
    return {
        s.pk: EntityRef(
            f"{s.document.title} — {s.title}", s.get_absolute_url(), "page", f"p. {s.page_number}–{s.end_page}"
        )
        for s in sections
    }


REF_LOADERS = {
    EntityType.FAULT: _fault_refs,
    EntityType.WORK_ORDER: _work_order_refs,
    EntityType.EQUIPMENT: _equipment_refs,
    EntityType.PART: _part_refs,
    EntityType.DOCUMENT_SECTION: _section_refs,
}


def entity_refs(items) -> dict:
    """(entity_type, entity_id) → EntityRef for every item; one query per entity type present."""
    ids_by_type: dict[str, set] = {}
    for item in items:
        if item.entity_type:
            ids_by_type.setdefault(item.entity_type, set()).add(item.entity_id)
    refs = {}
    for entity_type, ids in ids_by_type.items():
        for pk, ref in REF_LOADERS[entity_type](ids).items():
            refs[(entity_type, pk)] = ref
    return refs


def with_entity_refs(items) -> list[HandoverItem]:
    """The items, each with `.entity_ref` (None for a free-text note or a record since removed)."""
    items = list(items)
    refs = entity_refs(items)
    for item in items:
        item.entity_ref = refs.get((item.entity_type, item.entity_id))
    return items


def open_counts(*, vessel) -> list[tuple[str, int]]:
    """(category label, open items) for every category, in the fixed category order."""
    counts = dict(
        HandoverItem.objects.filter(vessel=vessel, acknowledged_at__isnull=True)
        .values_list("category")
        .annotate(n=Count("id"))
        .order_by()
    )
    return [(label, counts.get(value, 0)) for value, label in HandoverCategory.choices]
