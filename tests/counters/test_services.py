"""The services as other code calls them (the demo, a future import): the rules hold, all or nothing."""

from datetime import timedelta

import pytest

from audit.models import AuditEntry
from counters.models import CounterReading
from counters.services import record_history
from pms.actions.base import ActionError
from tests.counters.conftest import fresh

pytestmark = pytest.mark.django_db


def test_a_history_goes_in_reading_by_reading_and_moves_the_counter_once(counter, engineer):
    start = counter.last_read_at
    history = [(1020 + 10 * day, start + timedelta(days=day), engineer) for day in range(1, 6)]

    written = record_history(counter=counter, readings=history, now=start + timedelta(days=10))

    assert [r.reading for r in written] == [1030, 1040, 1050, 1060, 1070]
    counter = fresh(counter)
    assert (counter.value, counter.last_read_at, counter.last_read_by) == (1070, start + timedelta(days=5), engineer)
    assert str(counter.measured_daily_rate) == "11.7"  # 1,000 h a day before the start to 1,070 h: 70 h in 6 days
    created = AuditEntry.objects.filter(object_type="counters.counterreading", operation="create")
    assert created.count() == CounterReading.objects.count()


@pytest.mark.parametrize(
    ("step", "code"),
    [((1010, timedelta(days=2)), "COUNTER_DECREASE"), ((1100, timedelta(days=2)), "COUNTER_RATE_EXCEEDED")],
)
def test_a_history_with_one_bad_reading_writes_nothing(counter, engineer, step, code):
    start, before = counter.last_read_at, CounterReading.objects.count()
    history = [(1030, start + timedelta(days=1), engineer), (step[0], start + step[1], engineer)]
    with pytest.raises(ActionError) as refused:
        record_history(counter=counter, readings=history, now=start + timedelta(days=10))
    assert refused.value.code == code
    assert CounterReading.objects.count() == before and fresh(counter).value == 1020


def test_a_history_goes_after_the_latest_reading(counter, engineer):
    with pytest.raises(ActionError) as refused:
        record_history(counter=counter, readings=[(1020, counter.last_read_at - timedelta(hours=1), engineer)])
    assert (refused.value.code, refused.value.field) == ("VALIDATION_ERROR", "read_at")


def test_a_reading_is_never_changed_or_removed(counter):
    reading = counter.readings.first()
    reading.notes = "edited"
    with pytest.raises(ValueError):
        reading.save()
    with pytest.raises(ValueError):
        reading.delete()
