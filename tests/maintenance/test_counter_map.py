"""A counter map narrowed to some equipment reads only their chains, and answers as the whole vessel's does."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from maintenance.selectors import CounterMap, ancestry
from tests.factories import CounterFactory, EquipmentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def hierarchy(aurora, borealis):
    engine = EquipmentFactory(vessel=aurora, code="ME-PS")
    turbo = EquipmentFactory(vessel=aurora, code="ME-PS-TC", parent=engine)
    bearing = EquipmentFactory(vessel=aurora, code="ME-PS-TC-B", parent=turbo)
    pump = EquipmentFactory(vessel=aurora, code="FW-P1")
    for n in range(30):  # equipment the narrowed map must not read
        EquipmentFactory(vessel=aurora, code=f"SPARE-{n}")
    counter = CounterFactory(equipment=engine)
    CounterFactory(equipment=EquipmentFactory(vessel=borealis, code="ME-PS"))
    return engine, turbo, bearing, pump, counter


def test_ancestry_is_the_chain_up_to_the_top(aurora, hierarchy):
    engine, turbo, bearing, pump, _ = hierarchy
    assert ancestry(vessel_id=aurora.pk, equipment_ids=[bearing.pk]) == {
        bearing.pk: turbo.pk,
        turbo.pk: engine.pk,
        engine.pk: None,
    }
    assert ancestry(vessel_id=aurora.pk, equipment_ids=[]) == {}


def test_another_vessels_equipment_is_not_in_the_chain(aurora, borealis, hierarchy):
    engine, *_ = hierarchy
    assert ancestry(vessel_id=borealis.pk, equipment_ids=[engine.pk]) == {}


def test_the_narrowed_map_finds_the_nearest_ancestors_counter_in_two_queries(aurora, hierarchy):
    engine, turbo, bearing, pump, counter = hierarchy
    whole = CounterMap(aurora.pk)
    with CaptureQueriesContext(connection) as queries:
        narrowed = CounterMap(aurora.pk, equipment_ids=[bearing.pk, pump.pk])
    assert len(queries.captured_queries) == 2
    assert narrowed.counter_for(bearing.pk) == whole.counter_for(bearing.pk) == counter
    assert narrowed.counter_for(pump.pk) is whole.counter_for(pump.pk) is None
    assert set(narrowed.parents) == {bearing.pk, turbo.pk, engine.pk, pump.pk}
