"""One dict shape per model of the counters module: actions, pages, the read API and tests use these."""

from django.utils import timezone

from counters.models import Counter, CounterReading
from pms.serializers import iso, name_of, values

COUNTER_FIELDS = ["equipment", "name", "unit", "offset", "meter_replaced_at"]


def counter_dict(counter: Counter, *, now=None) -> dict:
    """The counter as the read API lists it: `value` is the total, `meter_value` what the meter shows."""
    return {
        **values(counter, COUNTER_FIELDS),
        "equipment": {"code": counter.equipment.code, "name": counter.equipment.name},
        "value": counter.value,
        "meter_value": counter.meter_value,
        "last_read_at": iso(counter.last_read_at),
        "last_read_by": name_of(counter.last_read_by),
        "daily_rate": float(counter.daily_rate),
        "daily_rate_measured": counter.measured_daily_rate is not None,
        "default_daily_hours": float(counter.default_daily_hours),
        "stale": counter.is_stale(now or timezone.now()),
    }


def reading_dict(reading: CounterReading) -> dict:
    return {
        "id": str(reading.pk),
        "counter_id": str(reading.counter_id),
        "reading": reading.reading,
        "meter_reading": reading.meter_reading,
        "kind": reading.kind,
        "read_at": iso(reading.read_at),
        "recorded_by": name_of(reading.recorded_by),
        "notes": reading.notes,
        "created_at": iso(reading.created_at),
    }
