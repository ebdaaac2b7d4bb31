"""Read endpoints for integrations and the shore office: `/api/v1/vessels` and collections.

Same envelope as the action API; lists are paginated; only the caller's vessels, and an
object of another vessel is 404 like anything else that does not exist. The collections
are declared by the modules (`pms.registry.Collection` in their `ui.py`).
"""

import uuid

from django.core.paginator import Paginator
from django.db.models import Q
from django.http import JsonResponse

from pms import registry
from pms.actions.api import api_view
from pms.actions.base import ActionError
from pms.models import Vessel
from pms.tenancy import member_vessel_ids

PAGE_SIZE = 50


def _collection(name) -> registry.Collection:
    spec = registry.collection(name)
    if spec is None:
        raise ActionError("NOT_FOUND", f"There is no collection called {name!r}.")
    return spec


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
    queryset = spec.queryset().filter(vessel_id__in=member_vessel_ids(request.user))
    code = request.GET.get("vessel")
    if code:
        vessel = Vessel.objects.filter(code__iexact=code, id__in=member_vessel_ids(request.user)).first()
        if vessel is None:
            raise ActionError("NOT_FOUND", f"No vessel {code!r}.", field="vessel")
        queryset = queryset.filter(vessel=vessel)
    for name in spec.filters:
        value = request.GET.get(name)
        if value:
            try:
                queryset = queryset.filter(**{f"{name}_id": uuid.UUID(value)})
            except ValueError:
                raise ActionError("VALIDATION_ERROR", f"{name} must be an id.", field=name) from None
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
            "items": [spec.serialize(obj) for obj in page.object_list],
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
    obj = key and spec.queryset().filter(pk=key, vessel_id__in=member_vessel_ids(request.user)).first()
    if not obj:
        raise ActionError("NOT_FOUND", "Not found.")
    item = spec.serialize(obj)
    if spec.detail:
        item.update(spec.detail(obj))
    return JsonResponse({"status": "success", "collection": collection, "item": item})
