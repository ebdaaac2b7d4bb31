from django import forms
from django.contrib import admin
from django.db import transaction

from manuals.models import ManualDocument, ManualFaultCode, ManualSection
from manuals.services import validate_manual_file
from manuals.tasks import ingest_manual
from pms.admin import ReadOnlyInline, VesselScopedAdmin

related_only = admin.RelatedOnlyFieldListFilter


class ManualSectionInline(ReadOnlyInline):
    model = ManualSection
    fields = ["title", "page_number", "end_page"]


class ManualDocumentForm(forms.ModelForm):
    class Meta:
        model = ManualDocument
        fields = ["vessel", "title", "manufacturer", "model", "revision", "file", "uploaded_by"]

    def clean_file(self):
        file = self.cleaned_data["file"]
        if "file" in self.changed_data:
            validate_manual_file(file)
        return file


@admin.register(ManualDocument)
class ManualDocumentAdmin(VesselScopedAdmin):
    """Uploads here go through the same checks and splitting as the manuals page."""

    form = ManualDocumentForm
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

    def save_model(self, request, obj, form, change):
        new_file = "file" in form.changed_data
        if new_file:
            obj.status, obj.failure_reason = "queued", ""
        super().save_model(request, obj, form, change)
        if new_file:
            transaction.on_commit(lambda: ingest_manual.enqueue(str(obj.pk)))


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
    # A vessel has thousands of sections: an id box with a lookup, not a select that names each one.
    raw_id_fields = ["section"]
