"""Reads about counters: finding and locking one, the readings around a time, the rate, the pages' rows."""

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from counters import rules
from counters.models import Counter, CounterReading
from equipment.models import Equipment
from pms.actions.base import find
from pms.actions.forms import Picker

COUNTER_RELATED = ("vessel", "equipment", "last_read_by")
# The equipment page looks for a counter this many levels up at most (the tree is shallow).
MAX_ANCESTORS = 10


def find_counter(*, user, pk) -> Counter:
    """The counter with this id on one of the user's vessels, else COUNTER_NOT_FOUND."""
    return find(
        Counter.objects.select_related(*COUNTER_RELATED),
        user=user,
        pk=pk,
        code="COUNTER_NOT_FOUND",
        field="counter_id",
        label="Counter",
    )


def counter_for_update(pk) -> Counter:
    """The counter, locked: every reading of it is checked and written under this lock."""
    return Counter.objects.select_for_update(of=("self",)).select_related(*COUNTER_RELATED).get(pk=pk)


def point(reading: CounterReading | None) -> rules.Point | None:
    return None if reading is None else rules.Point(reading.read_at, reading.reading, reading.meter_reading)


def neighbours(*, counter, at: datetime) -> tuple[CounterReading | None, CounterReading | None]:
    """The reading at or just before `at` (the latest of equal times) and the first one after it."""
    readings = CounterReading.objects.filter(counter=counter)
    before = readings.filter(read_at__lte=at).order_by("-read_at", "-created_at").first()
    after = readings.filter(read_at__gt=at).order_by("read_at", "created_at").first()
    return before, after


def latest_point(counter) -> rules.Point | None:
    """The counter's latest reading, as the counter keeps it (in step with its ledger under its lock)."""
    if counter.last_read_at is None:
        return None
    return rules.Point(counter.last_read_at, counter.value, counter.meter_value)


def measured_rate(*, counter, latest: rules.Point | None, extra: rules.Point | None = None) -> Decimal | None:
    """The rate over the 30 days up to `latest`, counting `extra` (a reading not yet written) too."""
    if latest is None:
        return None
    first = (
        CounterReading.objects.filter(counter=counter, read_at__gte=rules.rate_window_start(latest.read_at))
        .order_by("read_at", "created_at")
        .first()
    )
    return rules.measured_daily_rate([point(first), latest, extra])


def neighbour_points(*, counter, at: datetime) -> tuple[rules.Point | None, rules.Point | None]:
    """The readings just before and just after `at`. A reading at or after the latest one (the daily
    round) needs no query: the counter holds its latest reading."""
    latest = latest_point(counter)
    if latest is None or at >= latest.read_at:
        return latest, None
    before, after = neighbours(counter=counter, at=at)
    return point(before), point(after)


@dataclass(frozen=True)
class Assessment:
    """A reading checked against the counter's ledger: its total, its neighbours, the rate after it."""

    meter_reading: int
    total: int
    read_at: datetime
    before: rules.Point | None
    after: rules.Point | None
    rate_after: Decimal | None  # measured; None: the counter's default applies

    @property
    def becomes_latest(self) -> bool:
        return self.after is None


def assess_reading(*, counter, meter_reading: int, read_at: datetime | None, now: datetime) -> Assessment:
    """Check a meter reading by the rules (raising their errors) and say what it would do."""
    at = read_at or now
    before, after = neighbour_points(counter=counter, at=at)
    total = meter_reading + rules.offset_at(before=before, after=after, current=counter.offset)
    rules.check_reading(total=total, read_at=at, before=before, after=after, now=now)
    new = rules.Point(at, total, meter_reading)
    latest = new if after is None else latest_point(counter)
    rate = measured_rate(counter=counter, latest=latest, extra=new)
    return Assessment(meter_reading, total, at, before, after, rate)


def effective_rate(counter, measured: Decimal | None) -> Decimal:
    return measured if measured is not None else counter.default_daily_hours


def counter_for_equipment(equipment) -> Counter | None:
    """The equipment's own counter, else its nearest ancestor's (a generator's alternator runs on
    the generator's hours). Read once per equipment instance: its page and its buttons share it.

    One query for the equipment and its parent, then two per level further up.
    """
    if hasattr(equipment, "_counters_counter"):
        return equipment._counters_counter
    found = None
    level = [equipment.pk] + ([equipment.parent_id] if equipment.parent_id else [])
    seen = set(level)
    while found is None:
        by_equipment = {
            c.equipment_id: c for c in Counter.objects.filter(equipment_id__in=level).select_related(*COUNTER_RELATED)
        }
        found = next((by_equipment[pk] for pk in level if pk in by_equipment), None)
        if found is not None or level[-1] == equipment.pk or len(seen) > MAX_ANCESTORS:
            break
        parent_id = Equipment.objects.filter(pk=level[-1]).values_list("parent_id", flat=True).first()
        if parent_id is None or parent_id in seen:
            break
        seen.add(parent_id)
        level = [parent_id]
    equipment._counters_counter = found
    return found


def vessel_counters(vessel):
    """Every counter of the vessel, by equipment code, with what the rounds page shows."""
    return Counter.objects.filter(vessel=vessel).select_related(*COUNTER_RELATED).order_by("equipment__code")


def recent_readings(counter, *, limit: int = 20):
    return (
        CounterReading.objects.filter(counter=counter)
        .select_related("recorded_by")
        .order_by("-read_at", "-created_at")[:limit]
    )


def curve_readings(counter, *, limit: int = 1000) -> list[tuple[datetime, int, str]]:
    """(read_at, total, kind) of the newest `limit` readings in the year up to the latest, oldest first."""
    if counter.last_read_at is None:
        return []
    since = counter.last_read_at - timedelta(days=365)
    rows = (
        CounterReading.objects.filter(counter=counter, read_at__gte=since)
        .order_by("-read_at", "-created_at")
        .values_list("read_at", "reading", "kind")[:limit]
    )
    return list(reversed(rows))


def counter_picker() -> Picker:
    return Picker(
        rows=lambda vessel: (
            Counter.objects.filter(vessel=vessel).select_related("equipment").order_by("equipment__code")
        ),
        label=lambda c: f"{c.equipment.code} {c.equipment.name} — {c.name}",
        search=("equipment__code", "equipment__name", "name"),
        blank="Choose a counter…",
    )
