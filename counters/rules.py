"""The counter rules, each written once. Pure functions of the readings around a new one and
of the clock, which is passed in: the actions check them at preview and the services again
under the counter's row lock at execute, and a test drives them with a frozen clock.

Readings are compared as totals (the meter's number plus the offset in force when it was
read), so a meter replacement (`replace_counter`) never looks like a drop in hours.
"""

from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Q

from pms.actions.base import ActionError

# A tablet's clock may run a little ahead of the server's.
CLOCK_SKEW = timedelta(minutes=5)
# Whole hours on both readings: one hour of rounding on top of the hours elapsed.
ROUNDING_ALLOWANCE = timedelta(hours=1)
HOUR = timedelta(hours=1)
STALE_AFTER = timedelta(days=7)
RATE_WINDOW_DAYS = 30
MAX_DAILY_RATE = Decimal(24)
# Meters show at most seven digits; anything above is a typo, not a reading.
MAX_METER_HOURS = 9_999_999
# No meter on board was read before this; it keeps date arithmetic far from its limits.
EARLIEST_READ_AT = datetime(1980, 1, 1, tzinfo=UTC)


@dataclass(frozen=True)
class Point:
    """A reading on the timeline: when, and the total it stands for (with the meter's own number)."""

    read_at: datetime
    reading: int
    meter_reading: int | None = None

    @property
    def offset(self) -> int:
        return self.reading - (self.reading if self.meter_reading is None else self.meter_reading)


def _when(moment: datetime) -> str:
    return f"{moment.astimezone(UTC):%Y-%m-%d %H:%M} UTC"


def check_read_at(read_at: datetime, *, now: datetime, field: str = "read_at") -> None:
    """Not in the future (beyond the allowed clock skew), and not before any meter was read."""
    if read_at > now + CLOCK_SKEW:
        raise ActionError(
            "VALIDATION_ERROR",
            f"{field}: {_when(read_at)} is in the future; a reading is taken now or before now.",
            field=field,
        )
    if read_at < EARLIEST_READ_AT:
        raise ActionError("VALIDATION_ERROR", f"{field}: {_when(read_at)} is too far in the past.", field=field)


def max_increase(earlier: datetime, later: datetime) -> int:
    """The most hours a counter can gain between two times: 24 a day, plus one of rounding."""
    return max(later - earlier, timedelta(0)) // HOUR + ROUNDING_ALLOWANCE // HOUR


def _within_rate(earlier: Point, later: Point) -> bool:
    # Exact in time: an increase of n hours needs n − 1 hours elapsed, to the microsecond.
    return (
        later.reading - earlier.reading <= 0
        or timedelta(hours=later.reading - earlier.reading)
        <= max(later.read_at - earlier.read_at, timedelta(0)) + ROUNDING_ALLOWANCE
    )


def check_reading(
    *, total: int, read_at: datetime, before: Point | None, after: Point | None, now: datetime, field: str = "reading"
) -> None:
    """A new total at `read_at`, between the reading `before` it and the one `after` it in time.

    Refused: a time in the future (VALIDATION_ERROR); below the reading before it, or, when
    back-dated, above the reading after it (COUNTER_DECREASE; equal is fine); more hours than
    the clock allows since the reading before it, or before the reading after it
    (COUNTER_RATE_EXCEEDED).
    """
    check_read_at(read_at, now=now)
    new = Point(read_at, total)
    if total < 0:
        raise ActionError("COUNTER_DECREASE", f"{field}: that is below zero hours in total.", field=field)
    if before is not None:
        if total < before.reading:
            raise ActionError(
                "COUNTER_DECREASE",
                f"{field}: {total:,} h is below the reading before it, {before.reading:,} h at {_when(before.read_at)}.",
                field=field,
                details=_details(before=before, after=after),
            )
        if not _within_rate(before, new):
            allowed = max_increase(before.read_at, read_at)
            raise ActionError(
                "COUNTER_RATE_EXCEEDED",
                f"{field}: {total - before.reading:,} h more than {before.reading:,} h at {_when(before.read_at)} "
                f"is more than the {allowed:,} h the clock allows since then (24 h a day, plus 1).",
                field=field,
                details={**_details(before=before, after=after), "max_reading": before.reading + allowed},
            )
    if after is not None:
        if total > after.reading:
            raise ActionError(
                "COUNTER_DECREASE",
                f"{field}: {total:,} h is above the reading after it, {after.reading:,} h at {_when(after.read_at)}; "
                "the counter would go down.",
                field=field,
                details=_details(before=before, after=after),
            )
        if not _within_rate(new, after):
            allowed = max_increase(read_at, after.read_at)
            raise ActionError(
                "COUNTER_RATE_EXCEEDED",
                f"{field}: {after.reading - total:,} h from this reading to the next one ({after.reading:,} h at "
                f"{_when(after.read_at)}) is more than the {allowed:,} h the clock allows.",
                field=field,
                details={**_details(before=before, after=after), "min_reading": after.reading - allowed},
            )


def _details(*, before: Point | None, after: Point | None) -> dict:
    def describe(p):
        return None if p is None else {"reading": p.reading, "read_at": p.read_at.isoformat()}

    return {"reading_before": describe(before), "reading_after": describe(after)}


def offset_at(*, before: Point | None, after: Point | None, current: int) -> int:
    """The offset in force at a reading's time: that of the reading before it (a back-dated reading
    before a meter replacement was read off the old meter), else of the one after it, else the counter's."""
    if before is not None and before.meter_reading is not None:
        return before.offset
    if after is not None and after.meter_reading is not None:
        return after.offset
    return current


def check_replacement(
    *, replaced_at: datetime, old_meter_final: int, latest: Point | None, offset: int, now: datetime
) -> None:
    """A meter replacement comes after the counter's last reading, and the old meter's final
    reading is not below what it last showed (nor more than the clock allows since)."""
    check_read_at(replaced_at, now=now, field="replaced_at")
    if latest is None:
        return
    if replaced_at < latest.read_at:
        raise ActionError(
            "VALIDATION_ERROR",
            f"replaced_at: the meter's last reading was at {_when(latest.read_at)}; the replacement comes after it.",
            field="replaced_at",
        )
    if latest.meter_reading is not None and old_meter_final < latest.meter_reading:
        raise ActionError(
            "COUNTER_DECREASE",
            f"old_meter_final: {old_meter_final:,} h is below the meter's last reading, "
            f"{latest.meter_reading:,} h at {_when(latest.read_at)}.",
            field="old_meter_final",
            details=_details(before=latest, after=None),
        )
    check_reading(
        total=old_meter_final + offset,
        read_at=replaced_at,
        before=latest,
        after=None,
        now=now,
        field="old_meter_final",
    )


def rate_window_start(latest_read_at: datetime) -> datetime:
    """Midnight (UTC) 30 days before the day of the latest reading."""
    day = latest_read_at.astimezone(UTC).date() - timedelta(days=RATE_WINDOW_DAYS)
    return datetime.combine(day, time.min, tzinfo=UTC)


def measured_daily_rate(points) -> Decimal | None:
    """Hours gained ÷ days over the last 30 days of readings, to the latest one; None with fewer
    than two readings on different days (then the counter's default applies).

    Counted in calendar days (UTC), so the rate a preview shows does not drift by the minute
    before it is confirmed. At most 24 h a day.
    """
    points = [p for p in points if p is not None]
    if not points:
        return None
    latest = max(points, key=lambda p: (p.read_at, p.reading))
    start = rate_window_start(latest.read_at)
    first = min((p for p in points if p.read_at >= start), key=lambda p: (p.read_at, p.reading))
    days = (latest.read_at.astimezone(UTC).date() - first.read_at.astimezone(UTC).date()).days
    if days < 1:
        return None
    rate = (Decimal(max(0, latest.reading - first.reading)) / Decimal(days)).quantize(
        Decimal("0.1"), rounding=ROUND_HALF_UP
    )
    return min(rate, MAX_DAILY_RATE)


def is_stale(last_read_at: datetime | None, *, now: datetime) -> bool:
    """Not read for more than 7 days (or never read)."""
    return last_read_at is None or now - last_read_at > STALE_AFTER


def stale_q(now: datetime) -> Q:
    """Counters not read for more than 7 days, or never: the same line as `is_stale`."""
    return Q(last_read_at__isnull=True) | Q(last_read_at__lt=now - STALE_AFTER)


def expected_total(*, value: int | None, last_read_at: datetime | None, daily_rate: Decimal, now: datetime):
    """About where the counter should be now at its daily rate: a hint to catch a mistyped reading."""
    if value is None or last_read_at is None:
        return None
    days = Decimal(max((now - last_read_at).total_seconds(), 0)) / Decimal(86400)
    return value + int((days * daily_rate).to_integral_value(rounding=ROUND_HALF_UP))
