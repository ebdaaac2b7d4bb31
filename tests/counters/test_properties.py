"""Whatever readings are offered, in whatever order of time, what the ledger accepts keeps the rules:
in read_at order it never goes down, and no step gains more than its elapsed hours plus one."""

from datetime import UTC, datetime, timedelta

import hypothesis
import pytest
from hypothesis import HealthCheck, given
from hypothesis import strategies as st

from counters.models import CounterReading
from counters.services import record_reading
from pms.actions.base import ActionError
from tests.counters.conftest import fresh
from tests.factories import CounterFactory, EquipmentFactory

pytestmark = pytest.mark.django_db

START = datetime(2026, 1, 1, tzinfo=UTC)
NOW = START + timedelta(days=12)  # the frozen clock every reading is judged by
RULE_CODES = {"COUNTER_DECREASE", "COUNTER_RATE_EXCEEDED", "VALIDATION_ERROR"}

# Anything: minutes after START up to 12 days and a little past the frozen clock, any meter value.
anything = st.lists(
    st.tuples(st.integers(min_value=0, max_value=12 * 24 * 60 + 10), st.integers(min_value=0, max_value=400)),
    min_size=1,
    max_size=14,
)


@st.composite
def plausible_in_any_order(draw):
    """A mostly sensible round of readings (some gains too big), offered in a shuffled order:
    back-dated readings between accepted ones get exercised too."""
    steps = draw(
        st.lists(
            st.tuples(st.integers(min_value=0, max_value=1500), st.integers(min_value=0, max_value=30)),
            min_size=1,
            max_size=14,
        )
    )
    minutes = meter = 0
    readings = []
    for gap, gain in steps:
        minutes, meter = minutes + gap, meter + gain
        readings.append((minutes, meter))
    return draw(st.permutations(readings))


offered = st.one_of(anything, plausible_in_any_order())


@hypothesis.settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(readings=offered)
def test_any_accepted_sequence_never_decreases_nor_outruns_the_clock(aurora, readings):
    counter = CounterFactory(equipment=EquipmentFactory(vessel=aurora))
    accepted = 0
    for minutes, meter in readings:
        try:
            record_reading(
                counter=counter,
                meter_reading=meter,
                read_at=START + timedelta(minutes=minutes),
                recorded_by=None,
                now=NOW,
            )
            accepted += 1
        except ActionError as refusal:
            assert refusal.code in RULE_CODES, refusal.code

    ledger = list(CounterReading.objects.filter(counter=counter).order_by("read_at", "created_at"))
    assert len(ledger) == accepted
    hypothesis.event(f"accepted {min(accepted, 5)}{'+' if accepted >= 5 else ''}")
    for earlier, later in zip(ledger, ledger[1:], strict=False):
        assert later.reading >= earlier.reading, (earlier, later)
        assert timedelta(hours=later.reading - earlier.reading) <= later.read_at - earlier.read_at + timedelta(hours=1)
    assert all(r.read_at <= NOW + timedelta(minutes=5) for r in ledger)
    counter = fresh(counter)
    if ledger:
        latest = ledger[-1]
        assert (counter.value, counter.meter_value, counter.last_read_at) == (
            latest.reading,
            latest.meter_reading,
            latest.read_at,
        )
    else:
        assert counter.value is None and counter.last_read_at is None
