"""The only code that writes counters and their readings: lock the counter, check the rules
against its ledger, append the reading(s), bring the counter's latest figures up to date.

Every write is a plain ORM save, so the audit signals log each one (a reading's creation,
the counter's old → new value) in the same transaction.
"""

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from counters import rules
from counters.models import Counter, CounterReading, ReadingKind
from counters.selectors import assess_reading, counter_for_update, latest_point, measured_rate, point
from pms.actions.base import ActionError

# The counter's fields the services keep in step with its ledger.
STATE_FIELDS = ["offset", "value", "meter_value", "last_read_at", "last_read_by", "measured_daily_rate"]


@transaction.atomic
def record_reading(
    *,
    counter: Counter,
    meter_reading: int,
    recorded_by,
    read_at: datetime | None = None,
    notes: str = "",
    now: datetime | None = None,
) -> CounterReading:
    """Record what the meter shows (at `read_at`, default now); the total is the meter plus the offset
    in force then. Raises the rules' errors (VALIDATION_ERROR, COUNTER_DECREASE, COUNTER_RATE_EXCEEDED)."""
    locked = counter_for_update(counter.pk)
    now = now or timezone.now()  # read after the lock: a reading "now" is later than every one before it
    assessment = assess_reading(counter=locked, meter_reading=meter_reading, read_at=read_at, now=now)
    reading = CounterReading.objects.create(
        vessel_id=locked.vessel_id,
        counter=locked,
        reading=assessment.total,
        meter_reading=meter_reading,
        read_at=assessment.read_at,
        recorded_by=recorded_by,
        notes=notes,
    )
    if assessment.becomes_latest:
        _take_latest(locked, reading)
    locked.measured_daily_rate = assessment.rate_after
    _save_state(locked, into=counter)
    return reading


@transaction.atomic
def record_history(*, counter: Counter, readings, now: datetime | None = None) -> list[CounterReading]:
    """A run of readings `(meter_reading, read_at, recorded_by)` after the counter's latest one: a
    history moving in with its equipment, or the demo's months of rounds.

    Each is checked by the same rules against the one before it and written (and audited) as
    `record_reading` writes it; the counter's latest figures and rate move once, at the end.
    """
    locked = counter_for_update(counter.pk)
    now = now or timezone.now()
    before = latest_point(locked)
    written = []
    for meter_reading, read_at, recorded_by in sorted(readings, key=lambda r: r[1]):
        if before is not None and read_at < before.read_at:
            raise ActionError(
                "VALIDATION_ERROR", "read_at: a history goes after the counter's latest reading.", field="read_at"
            )
        total = meter_reading + locked.offset
        rules.check_reading(total=total, read_at=read_at, before=before, after=None, now=now)
        written.append(
            CounterReading.objects.create(
                vessel_id=locked.vessel_id,
                counter=locked,
                reading=total,
                meter_reading=meter_reading,
                read_at=read_at,
                recorded_by=recorded_by,
            )
        )
        before = rules.Point(read_at, total, meter_reading)
    if written:
        _take_latest(locked, written[-1])
        locked.measured_daily_rate = measured_rate(counter=locked, latest=before)
        _save_state(locked, into=counter)
    return written


@transaction.atomic
def replace_meter(
    *,
    counter: Counter,
    replaced_at: datetime,
    old_meter_final: int,
    new_meter_start: int,
    recorded_by,
    notes: str = "",
    now: datetime | None = None,
) -> tuple[CounterReading, CounterReading]:
    """A worn meter swapped for a new one: the old meter's final reading, then the new meter's start,
    both at `replaced_at`, with the offset moved so the total carries on where it was.

    total = meter + offset, so offset = (old meter's final + old offset) − new meter's start.
    """
    locked = counter_for_update(counter.pk)
    now = now or timezone.now()
    rules.check_replacement(
        replaced_at=replaced_at,
        old_meter_final=old_meter_final,
        latest=latest_point(locked),
        offset=locked.offset,
        now=now,
    )
    total = old_meter_final + locked.offset
    # Both rows at the same read_at; created_at orders them (the new meter's start is the latest).
    stamp = timezone.now()
    rows = {}
    for n, (kind, meter) in enumerate(
        ((ReadingKind.METER_FINAL, old_meter_final), (ReadingKind.METER_START, new_meter_start))
    ):
        rows[kind] = CounterReading.objects.create(
            vessel_id=locked.vessel_id,
            counter=locked,
            reading=total,
            meter_reading=meter,
            kind=kind,
            read_at=replaced_at,
            recorded_by=recorded_by,
            notes=notes,
            created_at=stamp + timedelta(microseconds=n),
        )
    final, start = rows[ReadingKind.METER_FINAL], rows[ReadingKind.METER_START]
    locked.offset = total - new_meter_start
    locked.meter_replaced_at = replaced_at
    _take_latest(locked, start)
    locked.measured_daily_rate = measured_rate(counter=locked, latest=point(start))
    _save_state(locked, into=counter, extra=["meter_replaced_at"])
    return final, start


def _take_latest(counter: Counter, reading: CounterReading) -> None:
    counter.value, counter.meter_value = reading.reading, reading.meter_reading
    counter.last_read_at, counter.last_read_by = reading.read_at, reading.recorded_by


def _save_state(locked: Counter, *, into: Counter, extra=()) -> None:
    """Save the locked counter (its version moves, so an open preview of it goes stale) and keep the
    caller's instance current for what it shows next."""
    fields = [*STATE_FIELDS, *extra]
    locked.save(update_fields=fields)
    if into is not locked:
        for name in [*fields, "version", "updated_at"]:
            setattr(into, name, getattr(locked, name))
