from django.contrib import admin

from manuals.models import ManualDocument, ManualFaultCode, ManualSection
from pms.admin import ReadOnlyInline, VesselScopedAdmin

related_only = admin.RelatedOnlyFieldListFilter


class ManualSectionInline(ReadOnlyInline):
    model = ManualSection
    fields = ["title", "page_number", "end_page"]


@admin.register(ManualDocument)
class ManualDocumentAdmin(VesselScopedAdmin):
    author_field = "uploaded_by"
    list_display = ["title", "vessel", "manufacturer", "model", "revision", "page_count", "status", "created_at"]
    list_filter = ["status", ("vessel", related_only), "manufacturer"]
    search_fields = ["title", "manufacturer", "model", "revision"]
    list_select_related = ["vessel"]
    fields = [
        "vessel",
        "title",
        ("manufacturer", "model", "revision"),
        "file",
        ("page_count", "status"),
        "failure_reason",
        "uploaded_by",
    ]
    readonly_fields = ["page_count", "status", "failure_reason"]
    inlines = [ManualSectionInline]


@admin.register(ManualSection)
class ManualSectionAdmin(VesselScopedAdmin):
    list_display = ["title", "document", "page_number", "end_page", "vessel"]
    list_filter = [("vessel", related_only), ("document", related_only)]
    search_fields = ["title", "text", "document__title", "fault_code_index__code"]
    list_select_related = ["document", "vessel"]


@admin.register(ManualFaultCode)
class ManualFaultCodeAdmin(VesselScopedAdmin):
    list_display = ["code", "section", "vessel"]
    list_filter = [("vessel", related_only)]
    search_fields = ["code", "section__title", "section__document__title"]
    list_select_related = ["section__document", "vessel"]
