"""Counters in the admin (master data editable, readings and figures read-only) and in the search box."""

import pytest
from django.urls import reverse

from audit.models import AuditEntry
from counters.models import Counter, CounterReading
from tests.counters.conftest import fresh
from tests.factories import EquipmentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_chief(chief):
    chief.is_staff = True
    chief.save()
    return chief


def test_a_hod_edits_a_counters_master_data_but_never_its_figures(client, staff_chief, counter):
    client.force_login(staff_chief)
    url = reverse("admin:counters_counter_change", args=[counter.pk])
    form = client.get(url).context["adminform"].form
    assert {"equipment", "name", "unit", "default_daily_hours"} <= set(form.fields)
    assert not {"value", "meter_value", "offset", "last_read_at", "measured_daily_rate"} & set(form.fields)

    response = client.post(
        url,
        {"equipment": counter.equipment_id, "name": "Engine hours", "unit": "h", "default_daily_hours": "12.5"},
    )

    assert response.status_code == 302, response.context["adminform"].form.errors
    counter = fresh(counter)
    assert (counter.name, str(counter.default_daily_hours), counter.value) == ("Engine hours", "12.5", 1020)
    entry = AuditEntry.objects.filter(object_type="counters.counter", actor=staff_chief).get()
    assert entry.changes["name"] == ["Running hours", "Engine hours"]


def test_a_hod_adds_a_counter_but_never_a_second_one_on_an_equipment(client, staff_chief, aurora, counter):
    client.force_login(staff_chief)
    pump = EquipmentFactory(vessel=aurora, code="FP-1")
    data = {"vessel": aurora.pk, "name": "Running hours", "unit": "h", "default_daily_hours": "1.0"}
    again = client.post(reverse("admin:counters_counter_add"), {**data, "equipment": counter.equipment_id})
    assert again.status_code == 200 and Counter.objects.count() == 1
    assert client.post(reverse("admin:counters_counter_add"), {**data, "equipment": pump.pk}).status_code == 302
    assert Counter.objects.get(equipment=pump).value is None


def test_readings_are_read_only_in_the_admin(client, staff_chief, counter):
    client.force_login(staff_chief)
    reading = CounterReading.objects.filter(counter=counter).first()
    assert client.get(reverse("admin:counters_counterreading_changelist")).status_code == 200
    assert client.get(reverse("admin:counters_counterreading_add")).status_code == 403
    url = reverse("admin:counters_counterreading_change", args=[reading.pk])
    assert client.get(url).status_code == 200
    client.post(url, {"reading": 1, "meter_reading": 1})
    assert CounterReading.objects.get(pk=reading.pk).reading == reading.reading


def test_search_finds_a_counter_by_its_equipment_and_offers_to_record_hours(client, engineer, counter):
    client.force_login(engineer)
    page = client.get("/search", {"q": "ME-PS"}).content.decode()
    assert reverse("counters:detail", args=[counter.pk]) in page
    assert "Record hours of ME-PS" in page
    assert f"/actions/record_counter_reading/?counter_id={counter.pk}" in page
