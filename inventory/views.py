from django.db.models import F

from inventory.models import Part
from inventory.selectors import part_ledger, stock_report
from pms.actions.base import registry
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


# The stock actions a part page offers, in the order of its buttons.
PART_ACTIONS = ("log_part_usage", "record_stock_count", "receive_parts")


class PartDetail(ScopedDetailView):
    queryset = Part.objects.select_related("vessel", "last_counted_by")
    template_name = "inventory/part_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        part = ctx["object"]
        role = self.request.user.role_on(part.vessel)
        return {
            **ctx,
            **stock_report(part=part),
            "movements": part_ledger(part=part),
            "part_actions": [a for a in map(registry.get, PART_ACTIONS) if role in a.roles],
        }
