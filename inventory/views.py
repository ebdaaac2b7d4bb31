from inventory.models import Part
from inventory.rules import STATUS_FILTERS
from inventory.selectors import part_ledger, stock_report
from pms.generic import ScopedDetailView, ScopedListView


class PartList(ScopedListView):
    queryset = Part.objects.all()
    template_name = "inventory/part_list.html"

    def get_queryset(self):
        qs = super().get_queryset()
        status = self.request.GET.get("status")
        if status in STATUS_FILTERS:
            qs = qs.filter(STATUS_FILTERS[status])
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
    queryset = Part.objects.select_related("vessel", "last_counted_by")
    template_name = "inventory/part_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        part = ctx["object"]
        return {
            **ctx,
            **stock_report(part=part),
            "movements": part_ledger(part=part),
        }
