"""The demo's counters: months of plausible readings that keep the rules, one of them stale."""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from audit.models import AuditEntry
from counters.models import Counter, CounterReading
from counters.rules import max_increase
from counters.selectors import counter_for_equipment
from equipment.models import Equipment
from pms.models import User

pytestmark = pytest.mark.django_db

AURORA_COUNTERS = {"ME-PS", "ME-SB", "GEN-1", "GEN-2", "WM-1", "STR-1-HPU1"}


@pytest.fixture
def demo(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", stdout=io.StringIO())


def test_the_demo_counters_have_months_of_readings_that_keep_the_rules(demo, client):
    now = timezone.now()
    aurora = Counter.objects.filter(vessel__code="AURORA").select_related("equipment")
    assert {c.equipment.code for c in aurora} == AURORA_COUNTERS
    assert {c.equipment.code for c in Counter.objects.filter(vessel__code="BOREALIS")} == {"ME-PS", "ME-SB"}
    for counter in Counter.objects.select_related("equipment"):
        readings = list(counter.readings.order_by("read_at", "created_at"))
        assert len(readings) >= 14, counter
        for earlier, later in zip(readings, readings[1:], strict=False):
            assert 0 <= later.reading - earlier.reading <= max_increase(earlier.read_at, later.read_at)
        assert counter.value == readings[-1].reading and counter.last_read_at == readings[-1].read_at
        assert counter.measured_daily_rate is not None
        assert counter.is_stale(now) is (counter.equipment.code == "STR-1-HPU1" and counter.vessel.code == "AURORA")
    main_engine = Counter.objects.get(vessel__code="AURORA", equipment__code="ME-PS")
    assert main_engine.readings.filter(read_at__gte=now - timedelta(days=91)).count() == 90
    assert main_engine.readings.values("read_at__date").distinct().count() == 90
    assert 0 < main_engine.measured_daily_rate < 24
    # A turbocharger runs on its engine's hours.
    turbo = Equipment.objects.get(vessel__code="AURORA", code="ME-PS-TC")
    assert counter_for_equipment(turbo) == main_engine
    # Recorded by the crew who do the rounds, audited as the seed.
    assert set(
        CounterReading.objects.filter(vessel__code="AURORA").values_list("recorded_by__username", flat=True)
    ) == {
        "engineer",
        "eto",
        "chief",
    }
    entries = AuditEntry.objects.filter(object_type="counters.counterreading")
    assert entries.count() == CounterReading.objects.count() < 700
    assert set(entries.values_list("actor_label", flat=True)) == {"system:seed_demo"}

    client.force_login(User.objects.get(username="engineer"))
    stale = client.get("/counters/", {"stale": "1"}).context["rows"]
    assert [row["equipment"]["code"] for row in stale] == ["STR-1-HPU1"]
    assert client.get("/").context["counter_counts"]["stale"] == 1
