"""The stored due: the columns a job keeps so the due list, its counts and the generator select in
SQL, and what keeps them current (a job's save, a reading, a move in the hierarchy, the daily run)."""

from datetime import date, timedelta

import pytest
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from counters.services import record_reading
from maintenance import rules
from maintenance.models import MaintenanceJob
from maintenance.selectors import due_counts, due_jobs, due_rows_of
from maintenance.services import refresh_stored_due
from tests.factories import CounterFactory, EquipmentFactory, MaintenanceJobFactory

T0 = date(2026, 12, 4)

optional_days = st.none() | st.integers(min_value=1, max_value=400)
plans = st.builds(
    rules.JobPlan,
    interval_days=optional_days,
    interval_hours=st.none() | st.integers(min_value=1, max_value=6000),
    schedule=st.sampled_from([rules.FIXED, rules.FLOATING]),
    alarm_days=st.none() | st.integers(min_value=0, max_value=60),
    alarm_hours=st.none() | st.integers(min_value=0, max_value=600),
    last_done_at=st.none() | st.dates(min_value=date(2024, 1, 1), max_value=T0),
    last_done_hours=st.none() | st.integers(min_value=0, max_value=20000),
    previous_due_date=st.none() | st.dates(min_value=date(2024, 1, 1), max_value=date(2027, 6, 1)),
    previous_due_hours=st.none() | st.integers(min_value=0, max_value=20000),
    postponed_due_date=st.none() | st.dates(min_value=date(2024, 1, 1), max_value=date(2027, 6, 1)),
    postponed_due_hours=st.none() | st.integers(min_value=1, max_value=26000),
    layup_days=st.integers(min_value=0, max_value=90),
)
counters = st.none() | st.builds(
    rules.CounterState,
    value=st.integers(min_value=0, max_value=26000),
    daily_rate=st.sampled_from([0.0, 0.5, 8.0, 24.0]),
)


@given(plan=plans, counter=counters, days_later=st.integers(min_value=-30, max_value=800))
def test_the_stored_columns_give_the_computed_state_on_any_day(plan, counter, days_later):
    """Stored once, read on any day with the same counter: the state is what a full computation gives."""
    stored = rules.stored_due(plan, rules.compute_due(plan, counter, T0))
    day = T0 + timedelta(days=days_later)
    assert rules.stored_state(stored, day) == rules.compute_due(plan, counter, day).due_state


@given(plan=plans, counter=counters, horizon=st.integers(min_value=0, max_value=60))
def test_the_stored_columns_select_what_the_full_computation_lists(plan, counter, horizon):
    """On the day they were stored, "due, or due by the horizon" is the same set either way."""
    due = rules.compute_due(plan, counter, T0)
    stored = rules.stored_due(plan, due)
    limit = T0 + timedelta(days=horizon)
    computed = due.due_state != rules.OK or (due.due_date is not None and due.due_date <= limit)
    by_columns = rules.stored_state(stored, T0) != rules.OK or (
        stored["first_due"] is not None and stored["first_due"] <= limit
    )
    assert by_columns == computed


@pytest.mark.django_db
def test_a_reading_moves_the_stored_due_of_the_jobs_on_that_counter(aurora):
    now = timezone.now()
    engine = EquipmentFactory(vessel=aurora, code="ME")
    pump = EquipmentFactory(vessel=aurora, code="ME-PUMP", parent=engine)
    counter = CounterFactory(equipment=engine, readings=[(1000, now - timedelta(days=10))])
    job = MaintenanceJobFactory(
        equipment=pump, code="ME-250", interval_hours=250, interval_days=None, last_done_hours=900
    )
    assert MaintenanceJob.objects.get(pk=job.pk).hours_state == rules.OK
    record_reading(counter=counter, meter_reading=1130, recorded_by=None, read_at=now - timedelta(hours=1))
    stored = MaintenanceJob.objects.get(pk=job.pk)
    assert stored.hours_state == rules.DUE_SOON  # 1,130 of 1,150 h, inside the 25 h window
    assert list(due_jobs(vessel=aurora, today=timezone.localdate(), horizon_days=0)) == [stored]


@pytest.mark.django_db
def test_moving_equipment_under_another_counter_moves_its_jobs(aurora):
    now = timezone.now()
    old = EquipmentFactory(vessel=aurora, code="GEN1")
    new = EquipmentFactory(vessel=aurora, code="GEN2")
    CounterFactory(equipment=old, readings=[(100, now - timedelta(days=1))])
    CounterFactory(equipment=new, readings=[(5000, now - timedelta(days=1))])
    alternator = EquipmentFactory(vessel=aurora, code="ALT", parent=old)
    job = MaintenanceJobFactory(
        equipment=alternator, code="ALT-500", interval_hours=500, interval_days=None, last_done_hours=0
    )
    assert MaintenanceJob.objects.get(pk=job.pk).hours_state == rules.OK
    alternator.parent = new
    alternator.save()
    assert MaintenanceJob.objects.get(pk=job.pk).hours_state == rules.OVERDUE


@pytest.mark.django_db
def test_the_daily_refresh_writes_only_the_rows_that_moved(aurora, django_assert_num_queries):
    today = timezone.localdate()
    engine = EquipmentFactory(vessel=aurora, code="ME")
    CounterFactory(equipment=engine, readings=[(1000, timezone.now() - timedelta(days=1))])
    MaintenanceJobFactory(equipment=engine, code="H", interval_hours=250, interval_days=None, last_done_hours=900)
    MaintenanceJobFactory(equipment=engine, code="D", interval_days=30, last_done_at=today)
    assert refresh_stored_due(vessel_id=aurora.pk, today=today) == 0
    # Tomorrow the hours job's forecast is a day later on the calendar; the calendar job's due is not.
    assert refresh_stored_due(vessel_id=aurora.pk, today=today + timedelta(days=1)) == 1
    refresh_stored_due(vessel_id=aurora.pk, today=today)


@pytest.mark.django_db
def test_the_due_list_is_paged_and_counted_in_sql(client, engineer, aurora):
    today = timezone.localdate()
    engine = EquipmentFactory(vessel=aurora, code="ME")
    for n in range(120):
        MaintenanceJobFactory(equipment=engine, code=f"D{n:03d}", interval_days=30, last_done_at=today - timedelta(31))
    for n in range(5):
        MaintenanceJobFactory(equipment=engine, code=f"S{n}", interval_days=30, last_done_at=today - timedelta(20))
    MaintenanceJobFactory(equipment=engine, code="LATER", interval_days=365, last_done_at=today)
    assert due_counts(vessel=aurora, today=today) == {rules.OVERDUE: 120, rules.DUE_SOON: 5, "total": 125}
    client.force_login(engineer)
    first = client.get("/maintenance/")
    assert first.status_code == 200
    codes = [row.job.code for _, rows in first.context["groups"] for row in rows]
    assert codes == [f"D{n:03d}" for n in range(50)]
    assert first.context["counts"][rules.OVERDUE] == 120 and first.context["total"] == 125
    last = client.get("/maintenance/?page=3")
    codes = [row.job.code for _, rows in last.context["groups"] for row in rows]
    assert codes == [f"D{n:03d}" for n in range(100, 120)] + [f"S{n}" for n in range(5)]
    assert all(row.due.due_state == rules.DUE_SOON for _, rows in last.context["groups"] for row in rows[-5:])


@pytest.mark.django_db
def test_the_page_rows_are_computed_in_full_like_the_job_page(aurora):
    today = timezone.localdate()
    engine = EquipmentFactory(vessel=aurora, code="ME")
    CounterFactory(equipment=engine, readings=[(1240, timezone.now() - timedelta(days=1))])
    MaintenanceJobFactory(equipment=engine, code="H", interval_hours=250, interval_days=180, last_done_hours=1000)
    (row,) = due_rows_of(due_jobs(vessel=aurora, today=today), vessel=aurora, today=today)
    assert row.due.trigger == rules.HOURS and row.due.due_state == rules.DUE_SOON
    assert "1,240 of 1,250 h" in row.due.due_reason


@pytest.mark.django_db
def test_the_dashboard_tile_counts_from_the_stored_due(client, engineer, aurora):
    today = timezone.localdate()
    engine = EquipmentFactory(vessel=aurora, code="ME")
    MaintenanceJobFactory(equipment=engine, code="LATE", interval_days=30, last_done_at=today - timedelta(40))
    MaintenanceJobFactory(equipment=engine, code="SOON", interval_days=30, last_done_at=today - timedelta(25))
    MaintenanceJobFactory(equipment=engine, code="FINE", interval_days=30, last_done_at=today)
    client.force_login(engineer)
    response = client.get("/")
    assert response.status_code == 200
    assert response.context["maintenance_counts"] == {"overdue": 1, "due_soon": 1}
