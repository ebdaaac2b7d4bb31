"""Completing a planned work order closes its job's cycle; verification, postponement and lay-up."""

from datetime import timedelta

import pytest
from django.utils import timezone

from counters.models import CounterReading
from maintenance.models import MaintenanceRecord, PlannedWorkOrder
from maintenance.selectors import job_due
from maintenance.services import plan_maintenance
from pms.roles import Role
from tests.actions import contract_changes, error_code
from tests.factories import PASSWORD, CounterFactory, EquipmentFactory, MaintenanceJobFactory, member
from workorders.models import WorkOrder

pytestmark = pytest.mark.django_db


@pytest.fixture
def engine(aurora):
    now = timezone.now()
    equipment = EquipmentFactory(vessel=aurora, code="ME-PS")
    CounterFactory(equipment=equipment, readings=[(4900, now - timedelta(days=5)), (4990, now - timedelta(hours=10))])
    return equipment


def planned_order(job) -> WorkOrder:
    (work_order,) = plan_maintenance(vessel=job.vessel, today=timezone.localdate())
    assert work_order.planned.job == job
    return work_order


def complete(client, work_order, **extra):
    payload = {"work_order_id": str(work_order.pk), "completion_notes": "Service done to the schedule.", **extra}
    return client.execute("mark_work_order_complete", payload, secret=PASSWORD)


def test_completion_with_the_hours_records_the_reading_and_the_cycle_and_moves_the_next_due(actions, engineer, engine):
    job = MaintenanceJobFactory(
        equipment=engine, code="ME-PS-500H", interval_hours=500, interval_days=None, last_done_hours=4500
    )
    work_order = planned_order(job)
    tablet = actions.as_user(engineer)

    refused = complete(tablet, work_order)
    assert refused.status_code == 400 and error_code(refused) == "VALIDATION_ERROR"
    assert refused.json()["error"]["field"] == "counter_reading"
    too_low = complete(tablet, work_order, counter_reading=4000)
    assert too_low.status_code == 409 and error_code(too_low) == "COUNTER_DECREASE"
    assert not MaintenanceRecord.objects.exists()

    preview = tablet.preview(
        "mark_work_order_complete",
        {
            "work_order_id": str(work_order.pk),
            "completion_notes": "Service done to the schedule.",
            "counter_reading": 4995,
        },
    )
    body = preview.json()["preview"]
    assert {"entity": "counter of ME-PS", "field": "running hours", "from": 4990, "to": 4995} in contract_changes(body)
    assert any("next: Due by running hours: 4,995 of 5,495 h" in s for s in body["side_effects"])

    done = complete(tablet, work_order, counter_reading=4995)
    assert done.status_code == 200, done.json()
    record = MaintenanceRecord.objects.get(job=job)
    assert (record.done_hours, record.due_hours, record.on_time, record.trigger) == (4995, 5000, True, "hours")
    assert done.json()["result"]["maintenance_record"]["id"] == str(record.pk)
    assert CounterReading.objects.filter(counter__equipment=engine, reading=4995).exists()
    job.refresh_from_db()
    assert job.last_done_hours == 4995 and job_due(job, today=timezone.localdate()).next_due_hours == 5495
    assert not PlannedWorkOrder.objects.filter(job=job, open=True).exists()


def test_a_fixed_schedule_does_not_drift_with_a_late_completion(actions, chief, aurora):
    today = timezone.localdate()
    job = MaintenanceJobFactory(
        equipment__vessel=aurora,
        code="EG-1-M",
        interval_days=30,
        schedule="fixed",
        last_done_at=today - timedelta(days=70),
        previous_due_date=today - timedelta(days=40),
    )
    work_order = planned_order(job)  # due 10 days ago
    assert complete(actions.as_user(chief), work_order).status_code == 200
    record = MaintenanceRecord.objects.get(job=job)
    assert record.due_date == today - timedelta(days=10) and record.on_time is False  # past the 3-day tolerance
    job.refresh_from_db()
    assert job_due(job, today=today).next_due_date == today + timedelta(days=20)  # the old due + 30, not today + 30


def test_verification_is_signed_by_another_hod_and_closes_the_cycle(actions, aurora, chief, engine):
    captain = member(aurora, Role.CAPTAIN)
    job = MaintenanceJobFactory(
        equipment=engine,
        code="ME-PS-1000H",
        interval_hours=1000,
        interval_days=None,
        last_done_hours=4000,
        requires_verification=True,
    )
    work_order = planned_order(job)
    assert complete(actions.as_user(chief), work_order, counter_reading=4996).status_code == 200
    record = MaintenanceRecord.objects.get(job=job)
    assert record.status == "awaiting_verification"
    work_order.refresh_from_db()
    assert work_order.status == "completed"

    own = actions.as_user(chief).execute("verify_work_order", {"work_order_id": str(work_order.pk)}, secret=PASSWORD)
    assert own.status_code == 403 and error_code(own) == "FORBIDDEN"  # not the one who did the work

    done = actions.as_user(captain).run("verify_work_order", {"work_order_id": str(work_order.pk)}, secret=PASSWORD)
    assert done.status_code == 200, done.json()
    assert done.json()["result"]["signature"]["meaning"] == "I verify this work was done as recorded"
    record.refresh_from_db()
    work_order.refresh_from_db()
    assert record.status == "closed" and record.verified_by == captain and work_order.status == "closed"


def test_postponement_is_limited_to_ten_percent_and_keeps_the_original_due(actions, chief, engine):
    job = MaintenanceJobFactory(
        equipment=engine, code="ME-PS-500H", interval_hours=500, interval_days=None, last_done_hours=4500
    )
    hod = actions.as_user(chief)
    payload = {"job_id": str(job.pk), "reason": "Filters arrive at the next port."}

    too_far = hod.execute("postpone_maintenance_job", {**payload, "new_due_hours": 5051}, secret=PASSWORD)
    assert too_far.status_code == 409 and error_code(too_far) == "POSTPONE_LIMIT_EXCEEDED"
    assert too_far.json()["error"]["details"] == {"limit": 50, "asked": 51, "unit": "h"}

    done = hod.run("postpone_maintenance_job", {**payload, "new_due_hours": 5050}, secret=PASSWORD)
    assert done.status_code == 200, done.json()
    job.refresh_from_db()
    due = job_due(job, today=timezone.localdate())
    assert (due.next_due_hours, due.original_due_hours) == (5050, 5000)
    assert job.postponements.get().original_due_hours == 5000


def test_a_class_item_moves_only_within_its_tolerance(actions, chief, aurora):
    today = timezone.localdate()
    job = MaintenanceJobFactory(
        equipment__vessel=aurora,
        code="LSA-1",
        interval_days=365,
        class_item=True,
        tolerance_days=7,
        postpone_limit_percent=10,
        last_done_at=today - timedelta(days=360),
    )
    due_date = today + timedelta(days=5)
    response = actions.as_user(chief).execute(
        "postpone_maintenance_job",
        {"job_id": str(job.pk), "new_due_date": str(due_date + timedelta(days=8)), "reason": "Service station booked."},
        secret=PASSWORD,
    )
    assert response.status_code == 409 and response.json()["error"]["details"]["limit"] == 7


def test_layup_pauses_calendar_only_jobs_and_moves_them_when_it_ends(actions, aurora, engine):
    captain = member(aurora, Role.CAPTAIN)
    today = timezone.localdate()
    calendar = MaintenanceJobFactory(
        equipment__vessel=aurora, code="FP-W", interval_days=7, last_done_at=today - timedelta(days=6)
    )
    hours = MaintenanceJobFactory(
        equipment=engine, code="ME-250", interval_hours=250, interval_days=None, last_done_hours=4760
    )
    hod = actions.as_user(captain)
    started = hod.run(
        "set_vessel_layup",
        {
            "start": str(today - timedelta(days=3)),
            "end": str(today + timedelta(days=30)),
            "reason": "Yard period in La Ciotat.",
        },
        secret=PASSWORD,
    )
    assert started.status_code == 200, started.json()
    created = plan_maintenance(vessel=aurora, today=today)
    assert [w.planned.job for w in created] == [hours]  # the calendar-only job is paused

    ended = hod.run(
        "set_vessel_layup",
        {"start": str(today - timedelta(days=3)), "end": str(today), "reason": "Yard period ended early."},
        secret=PASSWORD,
    )
    assert ended.status_code == 200, ended.json()
    calendar.refresh_from_db()
    assert calendar.layup_days == 4
    assert job_due(calendar, today=today).next_due_date == today + timedelta(days=5)


def test_deck_crew_may_not_postpone_verify_or_lay_up(actions, crew, aurora):
    job = MaintenanceJobFactory(equipment__vessel=aurora, interval_days=30, last_done_at=timezone.localdate())
    deck = actions.as_user(crew)
    response = deck.preview(
        "postpone_maintenance_job", {"job_id": str(job.pk), "new_due_date": "2030-01-01", "reason": "No reason at all."}
    )
    assert response.status_code == 403
