"""Due work: the generator makes one planned work order per job cycle, with the kit as its parts list."""

import threading
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from audit.models import AuditEntry
from audit.services import verify_chains
from maintenance import services
from maintenance.models import PlannedWorkOrder
from maintenance.services import plan_maintenance
from tests.factories import CounterFactory, EquipmentFactory, JobPartFactory, MaintenanceJobFactory, PartFactory
from workorders.models import WorkOrder, WorkOrderPart

pytestmark = pytest.mark.django_db


def test_a_job_entering_its_alarm_window_gets_one_planned_work_order_with_its_kit(aurora):
    today = timezone.localdate()
    equipment = EquipmentFactory(vessel=aurora, code="FP-1")
    due_soon = MaintenanceJobFactory(
        equipment=equipment,
        code="FP-1-W",
        title="Fire pump test",
        interval_days=7,
        alarm_days=2,
        last_done_at=today - timedelta(days=6),
        class_item=True,
    )
    MaintenanceJobFactory(equipment=equipment, code="FP-1-Y", interval_days=365, last_done_at=today)  # not due
    part = PartFactory(vessel=aurora, stock=10)
    JobPartFactory(job=due_soon, part=part, quantity=2)

    created = plan_maintenance(vessel=aurora, today=today)

    assert [w.title for w in created] == ["FP-1-W – Fire pump test"]
    work_order = created[0]
    assert work_order.priority == "high" and work_order.due_date == today + timedelta(days=1)
    assert work_order.equipment == equipment and work_order.status == "open"
    assert [(line.part, line.quantity) for line in work_order.parts.all()] == [(part, 2)]
    assert PlannedWorkOrder.objects.get(work_order=work_order).job == due_soon
    assert plan_maintenance(vessel=aurora, today=today) == []  # running it again creates nothing
    assert WorkOrder.objects.count() == 1


def test_an_hours_job_is_planned_when_its_counter_enters_the_window(aurora):
    now = timezone.now()
    engine = EquipmentFactory(vessel=aurora, code="ME-PS")
    CounterFactory(equipment=engine, readings=[(1000, now - timedelta(days=2)), (1040, now - timedelta(hours=1))])
    job = MaintenanceJobFactory(
        equipment=engine, code="ME-PS-250H", interval_hours=250, interval_days=None, last_done_hours=800
    )
    (work_order,) = plan_maintenance(vessel=aurora, today=timezone.localdate())
    assert work_order.planned.job == job and work_order.planned.due_hours == 1050
    assert work_order.planned.trigger == "hours"


def test_the_command_audits_as_system_plan_maintenance_and_reports(aurora):
    MaintenanceJobFactory(
        equipment__vessel=aurora,
        code="EG-1-M",
        interval_days=30,
        last_done_at=timezone.localdate() - timedelta(days=40),
    )
    out = StringIO()
    call_command("plan_maintenance", stdout=out)
    assert "AURORA: 1 planned work order(s)" in out.getvalue()
    work_order = WorkOrder.objects.get()
    entry = AuditEntry.objects.get(object_type="workorders.workorder", object_id=str(work_order.pk))
    assert entry.actor_label == "system:plan_maintenance"
    call_command("plan_maintenance", stdout=StringIO())
    assert WorkOrder.objects.count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_parallel_generators_create_exactly_one_work_order_per_job(aurora):
    today = timezone.localdate()
    for n in range(5):
        MaintenanceJobFactory(
            equipment__vessel=aurora, code=f"JOB-{n}", interval_days=10, last_done_at=today - timedelta(days=20)
        )
    barrier, errors = threading.Barrier(4), []

    def run():
        try:
            barrier.wait()
            plan_maintenance(vessel=aurora, today=today)
        except Exception as exc:  # noqa: BLE001  (collected, asserted below)
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert WorkOrder.objects.count() == 5
    assert PlannedWorkOrder.objects.filter(open=True).count() == 5
    numbers = sorted(WorkOrder.objects.values_list("number", flat=True))
    assert numbers == [f"WO-{today.year}-{n:04d}" for n in range(1, 6)]  # gap-free


def _overdue_jobs(vessel, prefix: str, count: int, part) -> None:
    today = timezone.localdate()
    equipment = EquipmentFactory(vessel=vessel, code=f"{prefix}-EQ")
    for n in range(count):
        job = MaintenanceJobFactory(
            equipment=equipment, code=f"{prefix}-{n}", interval_days=30, last_done_at=today - timedelta(days=40)
        )
        JobPartFactory(job=job, part=part, quantity=1)


def test_a_first_run_over_a_whole_plan_writes_in_batches_and_keeps_the_audit_chain(aurora, monkeypatch):
    today = timezone.localdate()
    part = PartFactory(vessel=aurora, stock=10)
    _overdue_jobs(aurora, "O", 1, part)
    plan_maintenance(vessel=aurora, today=today)  # the year's number sequence and the chain exist from here
    _overdue_jobs(aurora, "A", 2, part)
    with CaptureQueriesContext(connection) as few:
        assert len(plan_maintenance(vessel=aurora, today=today)) == 2
    _overdue_jobs(aurora, "B", 60, part)
    with CaptureQueriesContext(connection) as many:
        assert len(plan_maintenance(vessel=aurora, today=today)) == 60
    assert len(many) == len(few)  # twenty times the work orders, not one query more

    monkeypatch.setattr(services, "PLAN_BATCH", 7)
    _overdue_jobs(aurora, "C", 20, part)
    assert len(plan_maintenance(vessel=aurora, today=today)) == 20  # three batches

    numbers = sorted(WorkOrder.objects.values_list("number", flat=True))
    assert numbers == [f"WO-{today.year}-{n:04d}" for n in range(1, 84)]  # gap-free across batches
    assert WorkOrderPart.objects.filter(part=part, quantity=1).count() == 83
    for object_type in ("workorders.workorder", "maintenance.plannedworkorder", "workorders.workorderpart"):
        assert AuditEntry.objects.filter(object_type=object_type, operation="create").count() == 83
    entry = AuditEntry.objects.get(
        object_type="workorders.workorder", object_id=str(WorkOrder.objects.get(number=f"WO-{today.year}-0050").pk)
    )
    assert entry.changes["number"] == [None, f"WO-{today.year}-0050"] and entry.changes["status"] == [None, "open"]
    checked, breaks = verify_chains()
    assert breaks == [] and checked == AuditEntry.objects.count()
    assert plan_maintenance(vessel=aurora, today=today) == []


def test_a_batch_skips_the_jobs_another_run_planned_meanwhile_and_leaves_no_gap(aurora):
    today = timezone.localdate()
    _overdue_jobs(aurora, "R", 3, PartFactory(vessel=aurora, stock=5))
    found = services.jobs_to_plan(vessel=aurora, today=today)
    job, due = found[0]
    first = services.create_planned_work_order(job=job, due=due)  # another run, between the scan and the batch
    created = services.create_planned_work_orders(found, vessel=aurora)
    assert {w.planned.job_id for w in created} == {j.pk for j, _ in found[1:]}
    assert PlannedWorkOrder.objects.filter(job=job, open=True).get().work_order == first
    numbers = sorted(WorkOrder.objects.values_list("number", flat=True))
    assert numbers == [f"WO-{today.year}-{n:04d}" for n in range(1, 4)]
