from django.contrib import admin
from django.core.exceptions import ValidationError

from counters.selectors import counter_for_equipment
from maintenance import rules
from maintenance.models import (
    JobPart,
    JobStep,
    Layup,
    MaintenanceJob,
    MaintenanceRecord,
    PlannedWorkOrder,
    Postponement,
    StepResult,
    WorkOrderStep,
)
from pms.admin import JoinedInline, ReadOnlyAdminMixin, VesselConsistentForm, VesselScopedAdmin

related_only = admin.RelatedOnlyFieldListFilter


class JobPartInline(JoinedInline):
    model = JobPart
    extra = 0
    fields = ["part", "quantity"]
    autocomplete_fields = ["part"]


class JobStepInline(JoinedInline):
    model = JobStep
    extra = 0
    fields = ["position", "kind", "title", "unit", "min_value", "max_value", "mandatory", "fault_severity"]


class MaintenanceJobForm(VesselConsistentForm):
    def clean(self):
        """At least one interval, and hours only where a counter runs (`rules.interval_refusal`)."""
        cleaned = super().clean()
        equipment = cleaned.get("equipment")
        days, hours = cleaned.get("interval_days"), cleaned.get("interval_hours")
        if equipment is not None:
            refusal = rules.interval_refusal(
                interval_days=days, interval_hours=hours, has_counter=counter_for_equipment(equipment) is not None
            )
            if refusal:
                self.add_error("interval_hours" if hours else "interval_days", ValidationError(refusal))
        return cleaned


@admin.register(MaintenanceJob)
class MaintenanceJobAdmin(VesselScopedAdmin):
    """The plan is master data the chief engineer edits here; its cycle (due, postponement) moves only
    through the actions and the generator."""

    list_display = [
        "code",
        "title",
        "equipment",
        "interval_days",
        "interval_hours",
        "schedule",
        "critical",
        "class_item",
        "active",
    ]
    list_filter = ["critical", "class_item", "schedule", "active", ("vessel", related_only)]
    search_fields = ["code", "title", "equipment__code", "equipment__name"]
    list_select_related = ["equipment", "vessel"]
    autocomplete_fields = ["equipment", "manual_section"]
    form = MaintenanceJobForm
    readonly_fields = [
        "previous_due_date",
        "previous_due_hours",
        "postponed_due_date",
        "postponed_due_hours",
        "layup_days",
    ]
    inlines = [JobStepInline, JobPartInline]


@admin.register(JobPart)
class JobPartAdmin(VesselScopedAdmin):
    """A line of a job's parts kit (also edited inline on the job)."""

    list_display = ["job", "part", "quantity"]
    search_fields = ["job__code", "part__part_number", "part__name"]
    list_select_related = ["job", "part"]
    autocomplete_fields = ["part"]


@admin.register(MaintenanceRecord)
class MaintenanceRecordAdmin(ReadOnlyAdminMixin, VesselScopedAdmin):
    list_display = ["job", "done_at", "done_hours", "done_by", "on_time", "status", "verified_by"]
    list_filter = ["on_time", "status", ("vessel", related_only)]
    search_fields = ["job__code", "job__title", "work_order__number"]
    list_select_related = ["job", "done_by", "verified_by"]


@admin.register(PlannedWorkOrder)
class PlannedWorkOrderAdmin(ReadOnlyAdminMixin, VesselScopedAdmin):
    list_display = ["job", "work_order", "due_date", "due_hours", "trigger", "open"]
    list_filter = ["open", ("vessel", related_only)]
    search_fields = ["job__code", "work_order__number"]
    list_select_related = ["job", "work_order"]


@admin.register(Postponement)
class PostponementAdmin(ReadOnlyAdminMixin, VesselScopedAdmin):
    list_display = [
        "job",
        "original_due_date",
        "new_due_date",
        "original_due_hours",
        "new_due_hours",
        "postponed_by",
        "created_at",
    ]
    search_fields = ["job__code", "reason"]
    list_select_related = ["job", "postponed_by"]


@admin.register(Layup)
class LayupAdmin(ReadOnlyAdminMixin, VesselScopedAdmin):
    list_display = ["vessel", "start", "end", "ended_on", "set_by"]
    list_select_related = ["vessel", "set_by"]


@admin.register(JobStep)
class JobStepAdmin(VesselScopedAdmin):
    """A step of a job's card (also edited inline on the job). Open work orders keep the copy they were made with."""

    list_display = ["job", "position", "kind", "title", "unit", "min_value", "max_value", "mandatory"]
    list_filter = ["kind", "mandatory", ("vessel", related_only)]
    search_fields = ["job__code", "title"]
    list_select_related = ["job"]


@admin.register(WorkOrderStep)
class WorkOrderStepAdmin(ReadOnlyAdminMixin, VesselScopedAdmin):
    """A step as a planned work order copied it: read-only, results come through record_job_step."""

    list_display = ["work_order", "position", "kind", "title", "mandatory"]
    list_filter = ["kind", ("vessel", related_only)]
    search_fields = ["work_order__number", "title"]
    list_select_related = ["work_order"]


@admin.register(StepResult)
class StepResultAdmin(ReadOnlyAdminMixin, VesselScopedAdmin):
    """Results are append-only: a correction is a new result through record_job_step."""

    list_display = ["work_order", "step", "passed", "value", "text", "failed", "fault", "recorded_by", "created_at"]
    list_filter = ["failed", ("vessel", related_only)]
    search_fields = ["work_order__number", "step__title"]
    list_select_related = ["work_order", "step", "fault", "recorded_by"]
