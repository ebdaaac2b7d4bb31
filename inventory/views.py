from django.db.models import F

from inventory.models import Part
from pms.generic import ScopedDetailView, ScopedListView

STATUS_FILTERS = {
    "low": {"quantity_on_hand__lte": F("minimum_quantity"), "quantity_on_hand__gt": 0},
    "out": {"quantity_on_hand__lte": 0},
}


class PartList(ScopedListView):
    queryset = Part.objects.all()
    template_name = "inventory/part_list.html"

    def get_queryset(self):
        qs = super().get_queryset()
        status = self.request.GET.get("status")
        if status in STATUS_FILTERS:
            qs = qs.filter(**STATUS_FILTERS[status])
        category = self.request.GET.get("category")
        return qs.filter(category=category) if category else qs

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["categories"] = (
            Part.objects.filter(vessel=self.request.vessel)
            .exclude(category="")
            .values_list("category", flat=True)
            .distinct()
            .order_by("category")
        )
        return ctx


class PartDetail(ScopedDetailView):
    queryset = Part.objects.select_related("last_counted_by")
    template_name = "inventory/part_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["movements"] = ctx["object"].movements.select_related("performed_by", "work_order", "equipment")[:50]
        return ctx
