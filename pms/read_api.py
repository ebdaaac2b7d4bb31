"""Read endpoints for integrations and the shore office: `/api/v1/vessels` and collections.

Same envelope as the action API; lists are paginated; only the caller's vessels, and an
object of another vessel is 404 like anything else that does not exist.
"""

import uuid
from dataclasses import dataclass

from django.core.paginator import Paginator
from django.db.models import Q
from django.http import JsonResponse

from equipment.models import Equipment, Fault
from handover.models import HandoverItem
from inventory.models import Part
from manuals.models import ManualDocument
from pms.actions.api import api_view
from pms.actions.base import ActionError
from pms.models import Vessel
from pms.tenancy import member_vessel_ids
from workorders.models import WorkOrder

PAGE_SIZE = 50


def values(obj, names) -> dict:
    """Plain fields by name; a foreign key `x` becomes `x_id`."""
    out = {"id": str(obj.pk), "vessel": obj.vessel.code}
    for name in names:
        model_field = obj._meta.get_field(name)
        if model_field.is_relation:
            raw = getattr(obj, model_field.attname)
            out[f"{name}_id"] = str(raw) if raw is not None else None
        else:
            value = getattr(obj, name)
            out[name] = value.isoformat() if hasattr(value, "isoformat") else value
    return out


def _part(part) -> dict:
    return {**values(part, PART_FIELDS), "stock_status": part.stock_status}


def _manual(document) -> dict:
    # The contract's `version` of a manual is its edition, the model's `revision`.
    return {
        **values(document, ["title", "manufacturer", "model", "page_count", "status"]),
        "version": document.revision,
    }


def _work_order_detail(work_order) -> dict:
    return {
        "parts": [
            {
                "part_id": str(line.part_id),
                "part_number": line.part.part_number,
                "quantity": line.quantity,
                "notes": line.notes,
            }
            for line in work_order.parts.select_related("part")
        ],
        "notes": [
            {
                "id": str(n.pk),
                "note_type": n.note_type,
                "note_text": n.note_text,
                "created_by": n.created_by.printed_name if n.created_by else None,
                "created_at": n.created_at.isoformat(),
            }
            for n in work_order.notes.select_related("created_by")
        ],
    }


def _manual_detail(document) -> dict:
    return {
        "sections": [
            {"id": str(s.pk), "title": s.title, "page_number": s.page_number, "end_page": s.end_page}
            for s in document.sections.all()
        ]
    }


PART_FIELDS = [
    "part_number",
    "name",
    "manufacturer",
    "category",
    "unit",
    "location",
    "quantity_on_hand",
    "minimum_quantity",
    "maximum_quantity",
    "last_counted_at",
]


@dataclass(frozen=True)
class Collection:
    queryset: object
    fields: list
    search: list
    item: object = None
    detail: object = None

    def to_item(self, obj) -> dict:
        return self.item(obj) if self.item else values(obj, self.fields)


COLLECTIONS = {
    "equipment": Collection(
        Equipment.objects.select_related("vessel"),
        ["code", "name", "parent", "location", "manufacturer", "model", "serial_number", "criticality", "manual"],
        ["code", "name", "serial_number", "manufacturer", "model"],
    ),
    "faults": Collection(
        Fault.objects.select_related("vessel"),
        ["equipment", "fault_code", "title", "description", "severity", "status", "reported_at", "resolved_at"],
        ["fault_code", "title"],
    ),
    "work-orders": Collection(
        WorkOrder.objects.select_related("vessel"),
        [
            "number",
            "title",
            "description",
            "status",
            "priority",
            "fault",
            "equipment",
            "assignee",
            "due_date",
            "completed_at",
            "completion_notes",
        ],
        ["number", "title"],
        detail=_work_order_detail,
    ),
    "parts": Collection(
        Part.objects.select_related("vessel"), PART_FIELDS, ["part_number", "name", "manufacturer"], item=_part
    ),
    "handover": Collection(
        HandoverItem.objects.select_related("vessel"),
        [
            "entity_type",
            "entity_id",
            "summary_text",
            "category",
            "priority",
            "added_by",
            "created_at",
            "acknowledged_by",
            "acknowledged_at",
        ],
        ["summary_text"],
    ),
    "manuals": Collection(
        ManualDocument.objects.select_related("vessel"),
        ["title", "manufacturer", "model", "revision", "page_count", "status"],
        ["title", "manufacturer", "model"],
        item=_manual,
        detail=_manual_detail,
    ),
}


def _collection(name) -> Collection:
    if name not in COLLECTIONS:
        raise ActionError("NOT_FOUND", f"There is no collection called {name!r}.")
    return COLLECTIONS[name]


@api_view(("GET",))
def vessel_list(request):
    memberships = request.user.active_memberships()
    vessels = [
        {"id": str(m.vessel_id), "code": m.vessel.code, "name": m.vessel.name, "role": m.role, "is_hod": m.is_hod}
        for m in memberships
    ]
    return JsonResponse({"status": "success", "vessels": vessels})


@api_view(("GET",))
def collection_list(request, collection):
    spec = _collection(collection)
    queryset = spec.queryset.filter(vessel_id__in=member_vessel_ids(request.user))
    code = request.GET.get("vessel")
    if code:
        vessel = Vessel.objects.filter(code__iexact=code, id__in=member_vessel_ids(request.user)).first()
        if vessel is None:
            raise ActionError("NOT_FOUND", f"No vessel {code!r}.", field="vessel")
        queryset = queryset.filter(vessel=vessel)
    query = request.GET.get("q", "").strip()[:200]
    if query:
        condition = Q()
        for name in spec.search:
            condition |= Q(**{f"{name}__icontains": query})
        queryset = queryset.filter(condition)
    try:
        page_number = int(request.GET.get("page", "1"))
    except ValueError:
        raise ActionError("VALIDATION_ERROR", "page must be a whole number.", field="page") from None
    paginator = Paginator(queryset.order_by("pk"), PAGE_SIZE)
    if page_number < 1 or (page_number > paginator.num_pages and paginator.count):
        raise ActionError("VALIDATION_ERROR", f"page must be between 1 and {paginator.num_pages}.", field="page")
    page = paginator.page(min(page_number, paginator.num_pages))
    return JsonResponse(
        {
            "status": "success",
            "collection": collection,
            "items": [spec.to_item(obj) for obj in page.object_list],
            "pagination": {
                "page": page.number,
                "page_size": PAGE_SIZE,
                "total_count": paginator.count,
                "has_more": page.has_next(),
            },
        }
    )


@api_view(("GET",))
def collection_item(request, collection, pk):
    spec = _collection(collection)
    try:
        key = uuid.UUID(str(pk))
    except ValueError:
        key = None
    obj = key and spec.queryset.filter(pk=key, vessel_id__in=member_vessel_ids(request.user)).first()
    if not obj:
        raise ActionError("NOT_FOUND", "Not found.")
    item = spec.to_item(obj)
    if spec.detail:
        item.update(spec.detail(obj))
    return JsonResponse({"status": "success", "collection": collection, "item": item})
