from django.contrib import admin

from handover.models import HandoverItem
from pms.admin import VesselScopedAdmin

related_only = admin.RelatedOnlyFieldListFilter


@admin.register(HandoverItem)
class HandoverItemAdmin(VesselScopedAdmin):
    author_field = "added_by"
    list_display = ["summary", "vessel", "category", "priority", "entity_type", "added_by", "created_at", "is_open"]
    list_filter = ["category", "priority", "entity_type", ("acknowledged_at", admin.EmptyFieldListFilter)]
    search_fields = ["summary_text"]
    list_select_related = ["vessel", "added_by"]
    date_hierarchy = "created_at"
    fields = [
        "vessel",
        "summary_text",
        ("category", "priority"),
        ("entity_type", "entity_id"),
        "added_by",
        ("acknowledged_by", "acknowledged_at"),
    ]
    readonly_fields = ["acknowledged_by", "acknowledged_at"]

    @admin.display(description="Summary")
    def summary(self, item):
        return str(item)

    @admin.display(description="Open", boolean=True)
    def is_open(self, item):
        return item.is_open
