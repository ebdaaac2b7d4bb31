"""seed_fleet: the counts it promises, stock that matches its ledger, an audit chain that verifies."""

from datetime import timedelta
from io import StringIO

from django.contrib.auth import authenticate
from django.core.management import call_command
from django.db.models import Count, F, Sum
from django.utils import timezone

from audit.models import AuditChainHead, AuditEntry
from audit.services import verify_chains
from counters.models import Counter, CounterReading
from counters.rules import max_increase
from equipment.models import Equipment
from inventory.models import Part, StockMovement
from maintenance.models import MaintenanceJob, MaintenanceRecord
from maintenance.selectors import due_rows
from maintenance.services import plan_maintenance
from manuals.models import ManualSection
from pms.models import Membership, Vessel
from workorders.models import WorkOrder, WorkOrderNote, WorkOrderNumberSequence, WorkOrderPart


def seed(**options):
    out = StringIO()
    call_command("seed_fleet", stdout=out, **options)
    return out.getvalue()


def test_counts_scale_with_vessels_and_scale(db):
    seed(vessels=2, scale=0.002)
    assert Vessel.objects.filter(code__in=["FLEET01", "FLEET02"]).count() == 2
    assert Equipment.objects.count() == 2 * 4
    assert Part.objects.count() == 2 * 20
    assert StockMovement.objects.count() == 2 * 200
    assert WorkOrder.objects.count() == 2 * 100
    assert WorkOrderNote.objects.count() == WorkOrderPart.objects.count() == 2 * 100
    assert ManualSection.objects.count() == 2 * 20
    assert Counter.objects.count() == 2 * 2
    assert CounterReading.objects.count() == 2 * 146
    assert MaintenanceJob.objects.count() == 2 * 10
    assert MaintenanceRecord.objects.count() == 2 * 10 * 6  # six past cycles a job


def test_the_seeded_plan_is_due_in_every_state_and_the_generator_plans_it(db):
    seed(vessels=1, scale=0.01)
    vessel = Vessel.objects.get(code="FLEET01")
    today = timezone.localdate()
    states = {row.due.due_state for row in due_rows(vessel=vessel, today=today, horizon_days=400)}
    assert {"overdue", "due_soon", "ok"} <= states
    hours_jobs = MaintenanceJob.objects.filter(vessel=vessel, interval_hours__isnull=False)
    assert hours_jobs.exists() and all(job.last_done_hours is not None for job in hours_jobs)
    created = plan_maintenance(vessel=vessel, today=today)
    assert created and len(created) == len({w.planned.job_id for w in created})
    assert plan_maintenance(vessel=vessel, today=today) == []


def test_every_counters_readings_keep_the_counter_rules_and_end_at_its_value(db):
    seed(vessels=1, scale=0.005)
    for counter in Counter.objects.all():
        readings = list(counter.readings.order_by("read_at"))
        assert len(readings) >= 2
        for earlier, later in zip(readings, readings[1:], strict=False):
            assert 0 <= later.reading - earlier.reading <= max_increase(earlier.read_at, later.read_at)
        latest = readings[-1]
        assert (counter.value, counter.meter_value, counter.last_read_at) == (
            latest.reading,
            latest.meter_reading,
            latest.read_at,
        )
        assert readings[0].read_at >= counter.last_read_at - timedelta(days=366)


def test_every_parts_on_hand_is_its_ledger_sum_and_never_went_negative(db):
    seed(vessels=1, scale=0.002)
    mismatched = Part.objects.annotate(ledger=Sum("movements__quantity")).exclude(quantity_on_hand=F("ledger"))
    assert not mismatched.exists()
    assert not StockMovement.objects.filter(quantity_after__lt=0).exists()


def test_seeded_rows_are_audited_on_a_chain_that_verifies(db):
    seed(vessels=2, scale=0.002)
    checked, breaks = verify_chains()
    assert breaks == []
    for vessel in Vessel.objects.all():
        head = AuditChainHead.objects.get(vessel=vessel)
        assert head.length == AuditEntry.objects.filter(vessel=vessel).count()
    work_order = WorkOrder.objects.first()
    entry = AuditEntry.objects.get(object_type="workorders.workorder", object_id=str(work_order.pk))
    assert entry.operation == "create"
    assert entry.actor_label == "system:seed_fleet"
    assert entry.changes["number"] == [None, work_order.number]
    counter = Counter.objects.first()
    entry = AuditEntry.objects.get(object_type="counters.counter", object_id=str(counter.pk))
    assert entry.changes["value"] == [None, counter.value]
    assert AuditEntry.objects.filter(object_type="counters.counterreading").count() == CounterReading.objects.count()


def test_work_order_numbers_continue_after_the_seeded_ones(db):
    seed(vessels=1, scale=0.002)
    for sequence in WorkOrderNumberSequence.objects.all():
        highest = WorkOrder.objects.filter(vessel_id=sequence.vessel_id, number__startswith=f"WO-{sequence.year}-")
        assert highest.count() == sequence.last_number


def test_bench_users_log_in_with_the_bench_password_on_their_vessels(db, rf):
    seed(vessels=2, scale=0.001)
    assert authenticate(rf.post("/login/"), username="fleet02-engineer", password="bench-pass-2026") is not None
    roles = dict(Membership.objects.filter(user__username="fleet-manager").values_list("vessel__code", "role"))
    assert roles == {"FLEET01": "manager", "FLEET02": "manager"}
    per_vessel = Membership.objects.values("vessel").annotate(n=Count("id")).values_list("n", flat=True)
    assert set(per_vessel) == {4}


def test_a_second_run_changes_nothing(db):
    seed(vessels=1, scale=0.001)
    entries = AuditEntry.objects.count()
    assert "already seeded" in seed(vessels=1, scale=0.001)
    assert AuditEntry.objects.count() == entries
