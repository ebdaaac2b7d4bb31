"""The due list, the job page, compliance, the dashboard tile, the equipment panel and the read API."""

from datetime import timedelta

import pytest
from django.utils import timezone

from equipment.models import Equipment
from maintenance.models import MaintenanceJob, MaintenanceRecord
from tests.factories import CounterFactory, EquipmentFactory, MaintenanceJobFactory

pytestmark = pytest.mark.django_db


def fill(vessel, *, copies=1, start=0):
    today, now = timezone.localdate(), timezone.now()
    for n in range(start, start + copies):
        engine = EquipmentFactory(vessel=vessel, code=f"ME-{vessel.code}-{n}")
        CounterFactory(equipment=engine, readings=[(1000, now - timedelta(days=8))])
        MaintenanceJobFactory(
            equipment=engine, code=f"{vessel.code}-H{n}", interval_hours=250, interval_days=None, last_done_hours=760
        )
        MaintenanceJobFactory(
            equipment=engine,
            code=f"{vessel.code}-D{n}",
            interval_days=30,
            last_done_at=today - timedelta(days=31),
            critical=True,
        )
        MaintenanceJobFactory(equipment=engine, code=f"{vessel.code}-OK{n}", interval_days=365, last_done_at=today)


def test_the_due_list_says_why_each_job_is_due_and_marks_a_stale_counter(client, engineer, aurora, borealis):
    fill(aurora)
    fill(borealis)
    client.force_login(engineer)
    response = client.get("/maintenance/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "AURORA-H0" in html and "AURORA-D0" in html and "AURORA-OK0" not in html and "BOREALIS" not in html
    assert "Due by running hours: 1,000 of 1,010 h" in html
    assert "Overdue by calendar" in html and "Stale counter" in html
    critical_only = client.get("/maintenance/?critical=1").content.decode()
    assert "AURORA-D0" in critical_only and "AURORA-H0" not in critical_only


def test_the_due_list_query_count_does_not_grow_with_the_plan(client, engineer, aurora, django_assert_max_num_queries):
    fill(aurora)
    client.force_login(engineer)
    client.get("/")
    with django_assert_max_num_queries(14) as small:
        assert client.get("/maintenance/").status_code == 200
    fill(aurora, copies=10, start=1)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get("/maintenance/").status_code == 200


def test_the_job_page_shows_the_plan_its_cycles_and_the_curve(client, engineer, aurora):
    fill(aurora)
    job = MaintenanceJob.objects.get(code="AURORA-H0")
    MaintenanceRecord.objects.create(
        vessel=aurora,
        job=job,
        done_at=timezone.now() - timedelta(days=30),
        done_hours=760,
        due_hours=750,
        trigger="hours",
        on_time=True,
    )
    client.force_login(engineer)
    html = client.get(job.get_absolute_url()).content.decode()
    assert "250 running hours" in html and "On time" in html
    assert "The curve appears after two readings." in html  # one reading so far


def test_another_vessels_job_is_404(client, engineer, borealis):
    fill(borealis)
    job = MaintenanceJob.objects.filter(vessel=borealis).first()
    client.force_login(engineer)
    assert client.get(job.get_absolute_url()).status_code == 404
    assert client.get(f"/api/v1/maintenance-jobs/{job.pk}").status_code == 404


def test_compliance_draws_the_on_time_share_and_the_overdue_by_criticality(client, engineer, aurora):
    fill(aurora)
    job = MaintenanceJob.objects.get(code="AURORA-OK0")
    now = timezone.now()
    for days, on_time in ((5, True), (20, False), (60, True), (200, True)):
        MaintenanceRecord.objects.create(vessel=aurora, job=job, done_at=now - timedelta(days=days), on_time=on_time)
    client.force_login(engineer)
    response = client.get("/maintenance/compliance/")
    ctx = response.context
    assert ctx["windows"][30] == {"closed": 2, "on_time": 1, "percent": 50}
    assert ctx["windows"][365]["percent"] == 75
    assert ctx["overdue"]["critical"] == 1
    html = response.content.decode()
    assert "<svg" in html and "50 %" in html


def test_the_dashboard_tile_and_the_read_api_carry_the_due_fields(client, engineer, aurora):
    fill(aurora)
    client.force_login(engineer)
    assert client.get("/").context["maintenance_counts"]["overdue"] >= 1
    items = client.get("/api/v1/maintenance-jobs?vessel=AURORA").json()["items"]
    by_code = {item["code"]: item for item in items}
    assert by_code["AURORA-H0"]["due_state"] == "due_soon" and by_code["AURORA-H0"]["next_due_hours"] == 1010
    assert (
        by_code["AURORA-D0"]["due_state"] == "overdue" and "Overdue by calendar" in by_code["AURORA-D0"]["due_reason"]
    )


def test_the_equipment_page_lists_its_jobs(client, engineer, aurora):
    fill(aurora)
    client.force_login(engineer)
    html = client.get(Equipment.objects.get(code="ME-AURORA-0").get_absolute_url()).content.decode()
    assert "Maintenance jobs" in html and "AURORA-H0" in html
