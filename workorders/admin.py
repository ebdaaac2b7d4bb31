from django.contrib import admin
from django.template.loader import render_to_string

from pms.actions.signatures import signatures_for
from pms.admin import ReadOnlyAdminMixin, ReadOnlyInline, VesselScopedAdmin
from workorders.models import SIGNED_FINAL_STATUSES, WorkOrder, WorkOrderNote, WorkOrderNumberSequence, WorkOrderPart

related_only = admin.RelatedOnlyFieldListFilter


class WorkOrderNoteInline(ReadOnlyInline):
    model = WorkOrderNote
    fields = ["created_at", "note_type", "note_text", "created_by"]


class WorkOrderPartInline(ReadOnlyInline):
    model = WorkOrderPart
    fields = ["part", "quantity", "notes", "added_by"]


@admin.register(WorkOrder)
class WorkOrderAdmin(VesselScopedAdmin):
    """Officers review and plan work orders here (title, priority, assignee, due date).

    A work order's number, its fault and its state change only through the actions
    (numbered and signed on creation, signed on completion), so they are read-only here,
    and new work orders are raised from faults, not added in the admin.
    """

    list_display = ["number", "title", "vessel", "status", "priority", "assignee", "due_date", "created_at"]
    list_filter = ["status", "priority", ("vessel", related_only), ("assignee", related_only), "created_at"]
    search_fields = ["number", "title", "description", "equipment__code", "equipment__name", "fault__fault_code"]
    list_select_related = ["vessel", "assignee"]
    date_hierarchy = "created_at"
    inlines = [WorkOrderPartInline, WorkOrderNoteInline]
    fields = [
        ("number", "vessel"),
        "title",
        "description",
        ("equipment", "fault"),
        ("status", "priority"),
        ("assignee", "due_date"),
        ("created_by", "created_at"),
        ("completed_by", "completed_at"),
        "completion_notes",
        "signatures",
    ]
    readonly_fields = [
        "signatures",
        "number",
        "fault",
        "status",
        "created_by",
        "created_at",
        "completed_by",
        "completed_at",
        "completion_notes",
    ]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        # A completed work order is signed and final (DESIGN §4): a correction is a new note.
        if obj is not None and obj.status in SIGNED_FINAL_STATUSES:
            return False
        return super().has_change_permission(request, obj)

    @admin.display(description="Signatures")
    def signatures(self, obj):
        rows = signatures_for(obj) if obj.pk else []
        return render_to_string("audit/_signatures.html", {"signatures": rows}) if rows else "—"


@admin.register(WorkOrderNote)
class WorkOrderNoteAdmin(ReadOnlyAdminMixin, VesselScopedAdmin):
    """Notes are append-only: written by `add_note_to_work_order`, never edited."""

    list_display = ["work_order", "note_type", "created_by", "created_at"]
    list_filter = ["note_type", ("vessel", related_only), "created_at"]
    search_fields = ["note_text", "work_order__number", "work_order__title"]
    list_select_related = ["work_order", "created_by"]


@admin.register(WorkOrderPart)
class WorkOrderPartAdmin(ReadOnlyAdminMixin, VesselScopedAdmin):
    """The parts list changes through `add_part_to_work_order`."""

    list_display = ["work_order", "part", "quantity", "added_by", "created_at"]
    list_filter = [("vessel", related_only)]
    search_fields = ["work_order__number", "part__part_number", "part__name"]
    list_select_related = ["work_order", "part", "added_by"]


@admin.register(WorkOrderNumberSequence)
class WorkOrderNumberSequenceAdmin(ReadOnlyAdminMixin, VesselScopedAdmin):
    list_display = ["vessel", "year", "last_number"]
    list_filter = ["year", ("vessel", related_only)]
    search_fields = ["vessel__code", "vessel__name"]
    list_select_related = ["vessel"]
