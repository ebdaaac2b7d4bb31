from inventory.models import MovementReason, Part, StockMovement
from inventory.rules import STATUS_FILTERS
from inventory.selectors import part_ledger, stock_report
from pms.exports import Column, choice, person
from pms.generic import ScopedDetailView, ScopedListView
from pms.related import attach_people
from pms.tenancy import get_scoped_or_404


class PartList(ScopedListView):
    queryset = Part.objects.all()
    template_name = "inventory/part_list.html"
    export_name = "parts"
    export_columns = (
        Column("Part number", "part_number"),
        Column("Name", "name"),
        Column("Manufacturer", "manufacturer"),
        Column("Category", "category"),
        Column("On hand", "quantity_on_hand"),
        Column("Unit", "unit"),
        Column("Minimum", "minimum_quantity"),
        Column("Maximum", "maximum_quantity"),
        Column("Stock status", lambda p: p.stock_status.label),
        Column("Location", "location"),
        Column("Last counted at (UTC)", "last_counted_at"),
    )

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
    queryset = Part.objects.all()
    template_name = "inventory/part_detail.html"

    def get_context_data(self, **kwargs):
        part = self.object
        movements = list(part_ledger(part=part))
        # Before the trail, which names the people already read.
        attach_people(([part], ("last_counted_by",)), (movements, ("performed_by",)), known=[self.request.user])
        return {
            **super().get_context_data(**kwargs),
            **stock_report(part=part, ledger=movements),
            "movements": movements,
        }


class StockLedger(ScopedListView):
    """The stock ledger of the current vessel, newest first; `?part=<id>` one part's, `?reason=` one kind."""

    queryset = StockMovement.objects.select_related("part", "performed_by", "work_order", "equipment")
    template_name = "inventory/ledger.html"
    export_name = "stock-ledger"
    export_columns = (
        Column("When (UTC)", "performed_at"),
        Column("Part number", "part.part_number"),
        Column("Part", "part.name"),
        Column("Reason", choice("reason")),
        Column("Quantity", "quantity"),
        Column("On hand after", "quantity_after"),
        Column("Unit", "part.unit"),
        Column("Who", person("performed_by")),
        Column("Work order", "work_order.number"),
        Column("Equipment", "equipment.code"),
        Column("Reference", "reference"),
        Column("Notes", "notes"),
    )

    def part(self):
        """The part asked for with `?part=`: one of the current vessel's, else 404."""
        if not hasattr(self, "_part"):
            pk = self.request.GET.get("part")
            self._part = (
                get_scoped_or_404(Part.objects.filter(vessel=self.request.vessel), self.request.user, pk=pk)
                if pk
                else None
            )
        return self._part

    def get_queryset(self):
        qs = super().get_queryset().order_by("-performed_at", "-created_at")
        if self.part() is not None:
            qs = qs.filter(part=self.part())
        reason = self.request.GET.get("reason")
        return qs.filter(reason=reason) if reason in MovementReason.values else qs

    def get_export_name(self):
        return f"stock-ledger-{self.part().part_number}" if self.part() is not None else "stock-ledger"

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "part": self.part(), "reasons": MovementReason.choices}
