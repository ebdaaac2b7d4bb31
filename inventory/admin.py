from django.contrib import admin

from inventory.models import Part, StockMovement, StockStatus
from pms.admin import ReadOnlyAdminMixin, VesselScopedAdmin

related_only = admin.RelatedOnlyFieldListFilter


@admin.register(Part)
class PartAdmin(VesselScopedAdmin):
    """Part details are edited here; its stock moves only through the ledger (the actions)."""

    list_display = [
        "part_number",
        "name",
        "vessel",
        "category",
        "location",
        "quantity_on_hand",
        "minimum_quantity",
        "maximum_quantity",
        "unit",
        "stock_status",
    ]
    list_filter = ["category", ("vessel", related_only), "manufacturer"]
    search_fields = ["part_number", "name", "manufacturer", "category", "location"]
    list_select_related = ["vessel"]
    fields = [
        "vessel",
        ("part_number", "name"),
        ("manufacturer", "category"),
        ("unit", "location"),
        ("quantity_on_hand", "minimum_quantity", "maximum_quantity"),
        ("last_counted_at", "last_counted_by"),
    ]
    readonly_fields = ["quantity_on_hand", "last_counted_at", "last_counted_by"]

    @admin.display(description="Stock status")
    def stock_status(self, part):
        return StockStatus(part.stock_status).label


@admin.register(StockMovement)
class StockMovementAdmin(ReadOnlyAdminMixin, VesselScopedAdmin):
    """The stock ledger: written by `move_stock` only, never edited."""

    list_display = ["performed_at", "part", "quantity", "quantity_after", "reason", "work_order", "performed_by"]
    list_filter = ["reason", ("vessel", related_only), "performed_at"]
    search_fields = ["part__part_number", "part__name", "reference", "notes", "work_order__number"]
    list_select_related = ["part", "work_order", "performed_by"]
    date_hierarchy = "performed_at"
