from django.contrib import admin

from photos.models import Photo
from pms.admin import ReadOnlyAdminMixin, VesselScopedAdmin

related_only = admin.RelatedOnlyFieldListFilter


@admin.register(Photo)
class PhotoAdmin(ReadOnlyAdminMixin, VesselScopedAdmin):
    """Photos are added by attach_photo only (checked, re-encoded); the admin shows them."""

    list_display = [
        "__str__",
        "fault",
        "work_order",
        "step_result",
        "width",
        "height",
        "size",
        "taken_by",
        "created_at",
    ]
    list_filter = ["content_type", ("vessel", related_only)]
    search_fields = ["caption", "original_name", "fault__fault_code", "fault__title", "work_order__number"]
    list_select_related = ["vessel", "fault", "work_order", "step_result__step", "taken_by"]
