from datetime import timedelta

import pytest
from django.utils import timezone

from counters.models import Counter
from pms.roles import Role
from tests.factories import CounterFactory, EquipmentFactory, member


def minutes_ago(now, minutes: int):
    """A whole-minute time `minutes` before `now` (readings in these tests are to the minute)."""
    return now.replace(second=0, microsecond=0) - timedelta(minutes=minutes)


@pytest.fixture
def now():
    return timezone.now()


@pytest.fixture
def main_engine(aurora):
    return EquipmentFactory(vessel=aurora, code="ME-PS", name="Main engine, port")


@pytest.fixture
def counter(main_engine, now) -> Counter:
    """The port main engine's counter, read 1,000 h two days ago and 1,020 h a day ago."""
    day_ago = minutes_ago(now, 24 * 60)
    return CounterFactory(
        equipment=main_engine,
        readings=[(1000, day_ago - timedelta(days=1)), (1020, day_ago)],
    )


@pytest.fixture
def borealis_counter(borealis, now):
    engine = EquipmentFactory(vessel=borealis, code="ME-PS", name="Main engine, port")
    return CounterFactory(equipment=engine, readings=[(500, minutes_ago(now, 60))])


@pytest.fixture
def eto(aurora):
    return member(aurora, Role.ETO, username="eto")


@pytest.fixture
def captain(aurora):
    return member(aurora, Role.CAPTAIN, username="captain")


def fresh(counter) -> Counter:
    return Counter.objects.get(pk=counter.pk)
