"""A job's intervals, one rule for the admin and the import (`maintenance.rules.interval_refusal`):
at least one interval, and running hours only on equipment with a counter, its own or an ancestor's."""

import pytest
from django.contrib.admin.sites import site
from django.test import RequestFactory

from maintenance import rules
from maintenance.models import MaintenanceJob
from pms.roles import Role
from tests.factories import CounterFactory, EquipmentFactory, member

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("days", "hours", "has_counter", "refusal"),
    [
        (30, None, False, None),
        (None, 500, True, None),
        (30, 500, True, None),
        (None, None, True, "a job needs interval_days, interval_hours or both"),
        (None, 500, False, "an interval in hours needs a counter on the equipment or one it belongs to"),
        (30, 500, False, "an interval in hours needs a counter on the equipment or one it belongs to"),
    ],
)
def test_interval_refusal(days, hours, has_counter, refusal):
    assert rules.interval_refusal(interval_days=days, interval_hours=hours, has_counter=has_counter) == refusal


def form(user, equipment, **intervals):
    """The admin's add form for a job, as the HOD's browser posts it."""
    request = RequestFactory().post("/admin/maintenance/maintenancejob/add/")
    request.user = user
    form_class = site._registry[MaintenanceJob].get_form(request)
    data = {
        "vessel": equipment.vessel_id,
        "equipment": equipment.pk,
        "code": "J-1",
        "title": "Service",
        "schedule": "floating",
        "alarm_days": 14,
        "postpone_limit_percent": 10,
        "active": "on",
        **{k: v for k, v in intervals.items() if v is not None},
    }
    return form_class(data=data, instance=MaintenanceJob())


def test_the_admin_refuses_hours_without_a_counter_and_takes_an_ancestors(aurora):
    chief = member(aurora, Role.CHIEF_ENGINEER, username="admin_chief", is_staff=True)
    engine = EquipmentFactory(vessel=aurora, code="GEN-1")
    alternator = EquipmentFactory(vessel=aurora, code="GEN-1-ALT", parent=engine)
    fridge = EquipmentFactory(vessel=aurora, code="FRIDGE")
    CounterFactory(equipment=engine)
    refused = form(chief, fridge, interval_hours=500)
    assert not refused.is_valid()
    assert refused.errors["interval_hours"] == [
        "an interval in hours needs a counter on the equipment or one it belongs to"
    ]
    assert form(chief, alternator, interval_hours=500).is_valid()
    assert form(chief, fridge, interval_days=30).is_valid()
    assert "interval_days" in form(chief, fridge).errors
