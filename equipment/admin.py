from django.contrib import admin

from equipment.models import Equipment, Fault
from pms.admin import VesselScopedAdmin

related_only = admin.RelatedOnlyFieldListFilter


@admin.register(Equipment)
class EquipmentAdmin(VesselScopedAdmin):
    list_display = ["code", "name", "vessel", "parent", "location", "manufacturer", "model", "criticality"]
    list_filter = ["criticality", ("vessel", related_only), "manufacturer"]
    search_fields = ["code", "name", "location", "manufacturer", "model", "serial_number"]
    list_select_related = ["vessel", "parent"]
    fields = [
        "vessel",
        "parent",
        "code",
        "name",
        "location",
        ("manufacturer", "model", "serial_number"),
        "criticality",
        "manual",
    ]


@admin.register(Fault)
class FaultAdmin(VesselScopedAdmin):
    """Faults are reported through `report_fault` (or added here); their status moves only through
    the actions (a work order raised, `resolve_fault`, `close_fault`), so it is read-only here."""

    author_field = "reported_by"
    list_display = ["fault_code", "title", "equipment", "vessel", "severity", "status", "reported_by", "reported_at"]
    list_filter = ["status", "severity", ("vessel", related_only), "reported_at"]
    search_fields = ["fault_code", "title", "description", "equipment__code", "equipment__name"]
    list_select_related = ["vessel", "equipment", "reported_by"]
    date_hierarchy = "reported_at"
    fields = [
        "vessel",
        "equipment",
        "fault_code",
        "title",
        "description",
        ("severity", "status"),
        "detected_at",
        ("reported_by", "reported_at"),
        ("resolved_by", "resolved_at"),
        "resolution_notes",
        ("closed_by", "closed_at"),
        "closing_notes",
    ]
    readonly_fields = [
        "status",
        "reported_at",
        "resolved_by",
        "resolved_at",
        "resolution_notes",
        "closed_by",
        "closed_at",
        "closing_notes",
    ]
