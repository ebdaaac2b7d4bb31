from django.contrib import admin

from counters.models import Counter, CounterReading
from pms.admin import ReadOnlyAdminMixin, VesselScopedAdmin

related_only = admin.RelatedOnlyFieldListFilter


@admin.register(Counter)
class CounterAdmin(VesselScopedAdmin):
    """A counter's master data is edited here; its value, offset and readings change only through the
    actions (record_counter_reading, replace_counter)."""

    list_display = ["equipment", "name", "vessel", "meter_value", "value", "offset", "last_read_at", "daily_rate"]
    list_filter = [("vessel", related_only), "unit"]
    search_fields = ["equipment__code", "equipment__name", "name"]
    list_select_related = ["vessel", "equipment"]
    fields = [
        "vessel",
        "equipment",
        ("name", "unit"),
        "default_daily_hours",
        ("meter_value", "value", "offset"),
        ("last_read_at", "last_read_by"),
        ("measured_daily_rate", "meter_replaced_at"),
    ]
    readonly_fields = [
        "meter_value",
        "value",
        "offset",
        "last_read_at",
        "last_read_by",
        "measured_daily_rate",
        "meter_replaced_at",
    ]

    @admin.display(description="Daily rate (h)")
    def daily_rate(self, counter):
        return counter.daily_rate


@admin.register(CounterReading)
class CounterReadingAdmin(ReadOnlyAdminMixin, VesselScopedAdmin):
    """The readings ledger: written by the counter actions only, never edited."""

    list_display = ["read_at", "counter", "meter_reading", "reading", "kind", "recorded_by", "notes"]
    list_filter = ["kind", ("vessel", related_only), "read_at"]
    search_fields = ["counter__equipment__code", "counter__equipment__name", "notes"]
    list_select_related = ["counter__equipment", "recorded_by"]
    date_hierarchy = "read_at"
