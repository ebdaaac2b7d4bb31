"""import_plan creates, updates and leaves alone each kind of row, through the ledgers and the
other modules' rules, all in one go and audited row by row; a second import changes nothing."""

from decimal import Decimal

import pytest

from audit.models import AuditEntry
from counters.models import Counter, CounterReading
from equipment.models import Equipment
from imports.samples import SAMPLE_PLAN, sample_rows, sample_workbook
from inventory.models import MovementReason, Part, StockMovement
from maintenance.models import JobPart, JobStep, MaintenanceJob
from tests.actions import changed_tables, database_snapshot
from tests.factories import CounterFactory, EquipmentFactory, PartFactory
from tests.imports.conftest import csv_file, outcomes, problems

pytestmark = pytest.mark.django_db


def test_the_sample_workbook_creates_every_kind_of_row(as_chief, aurora, chief):
    report = as_chief.report(sample_workbook())
    assert report["counts"] == {
        "create": sample_rows(),
        "update": 0,
        "unchanged": 0,
        "refused": 0,
        "changes": sample_rows(),
        "rows": sample_rows(),
    }
    response = as_chief.run(sample_workbook())
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["result"]["counts"]["create"] == sample_rows()
    assert body["message"].startswith(f"Imported {sample_rows()} changes")

    equipment = {e.code: e for e in Equipment.objects.filter(vessel=aurora)}
    assert set(equipment) == {"ME-PS", "ME-PS-TC", "GEN-1", "WM-1"}
    assert equipment["ME-PS-TC"].parent == equipment["ME-PS"]
    assert equipment["ME-PS"].criticality == "critical"

    filters = Part.objects.get(vessel=aurora, part_number="MTU-X00061050")
    assert (filters.quantity_on_hand, filters.minimum_quantity) == (8, 4)
    [receipt] = StockMovement.objects.filter(part=filters)
    assert (receipt.quantity, receipt.quantity_after, receipt.reason) == (8, 8, MovementReason.RECEIVED)
    assert receipt.performed_by == chief
    # A part with no opening stock has no ledger row; its escaped number is stored as it was meant.
    gasket = Part.objects.get(vessel=aurora, part_number="=CALC-NOT-A-FORMULA")
    assert gasket.quantity_on_hand == 0 and not gasket.movements.exists()

    engine = Counter.objects.get(equipment=equipment["ME-PS"])
    assert (engine.meter_value, engine.value, engine.default_daily_hours) == (4250, 4250, Decimal(10))
    assert CounterReading.objects.get(counter=engine).recorded_by == chief

    job = MaintenanceJob.objects.get(vessel=aurora, code="ME-PS-500H")
    assert (job.interval_hours, job.interval_days, job.critical, job.requires_verification) == (500, 180, True, True)
    assert job.last_done_hours == 4000 and str(job.last_done_at) == "2026-09-01"
    assert [(s.position, s.kind, s.min_value, s.max_value) for s in job.steps.order_by("position")] == [
        (1, "check", None, None),
        (2, "measurement", Decimal("2.5"), Decimal("4.5")),
    ]
    assert [(k.part.part_number, k.quantity) for k in JobPart.objects.filter(job=job)] == [("MTU-X00061050", 2)]
    remarks = JobStep.objects.get(job__code="WM-1-MONTHLY", position=2)
    assert remarks.mandatory is False and remarks.kind == "text"
    # A job on the turbocharger counts hours on its parent's counter.
    assert MaintenanceJob.objects.get(code="ME-PS-TC-1000H").interval_hours == 1000

    # Audited row by row, as the import.
    entries = AuditEntry.objects.filter(action_name="import_plan")
    assert entries.filter(operation="create").count() >= sample_rows()
    assert entries.filter(object_repr__contains="ME-PS-TC").exists()


def test_the_same_file_twice_changes_nothing_the_second_time(as_chief, aurora):
    assert as_chief.run(sample_workbook()).status_code == 200
    report = as_chief.report(sample_workbook())
    assert report["counts"]["changes"] == 0
    assert report["counts"]["unchanged"] == sample_rows()
    before = database_snapshot()
    response = as_chief.run(sample_workbook())
    assert response.status_code == 200, response.json()
    assert response.json()["message"] == f"0 changes: all {sample_rows()} rows were already as the file says."
    changed = set(changed_tables(before, database_snapshot()))
    # Only the idempotency record of the second request (and the session) is new.
    assert changed <= {"pms_idempotencyrecord", "django_session", "pms_upload"}, changed


def test_a_parent_defined_further_down_the_file_is_created_first(as_chief, aurora):
    content = csv_file("code,name,parent_code", "AC-1-FAN,Fan,AC-1", "AC-1,Air conditioning chiller 1,")
    report = as_chief.report(content, "equipment.csv", "equipment")
    assert outcomes(report) == [("equipment", 2, "AC-1-FAN", "create"), ("equipment", 3, "AC-1", "create")]
    assert as_chief.run(content, "equipment.csv", "equipment").status_code == 200
    assert Equipment.objects.get(vessel=aurora, code="AC-1-FAN").parent.code == "AC-1"


def test_updates_are_shown_field_by_field_and_only_changed_rows_change(as_chief, aurora):
    pump = EquipmentFactory(vessel=aurora, code="BP-1", name="Bilge pump", location="ER")
    EquipmentFactory(vessel=aurora, code="BP-2", name="Bilge pump 2", location="")
    content = csv_file("code,name,location", "BP-1,Bilge pump forward,ER", "BP-2,Bilge pump 2,")
    report = as_chief.report(content, "equipment.csv", "equipment")
    assert outcomes(report) == [("equipment", 2, "BP-1", "update"), ("equipment", 3, "BP-2", "unchanged")]
    assert [(c["field"], c["from"], c["to"]) for c in report["rows"][0]["changes"]] == [
        ("name", "Bilge pump", "Bilge pump forward")
    ]
    version = pump.version
    assert as_chief.run(content, "equipment.csv", "equipment").status_code == 200
    pump.refresh_from_db()
    assert pump.name == "Bilge pump forward" and pump.version == version + 1
    assert (
        AuditEntry.objects.filter(
            action_name="import_plan", operation="update", object_type="equipment.equipment"
        ).count()
        == 1
    )


def test_an_existing_parts_quantity_is_not_a_stock_movement(as_chief, aurora):
    part = PartFactory(vessel=aurora, part_number="SR-1", name="Seal", stock=5)
    content = csv_file("part_number,name,opening_stock", "SR-1,Seal,50")
    report = as_chief.report(content, "parts.csv", "parts")
    assert outcomes(report) == [("parts", 2, "SR-1", "unchanged")]
    as_chief.run(content, "parts.csv", "parts")
    part.refresh_from_db()
    assert part.quantity_on_hand == 5


def test_a_counter_reading_equal_is_unchanged_higher_is_a_reading_lower_is_refused(as_chief, aurora):
    from datetime import timedelta

    from django.utils import timezone

    engine = EquipmentFactory(vessel=aurora, code="ME-SB")
    counter = CounterFactory(equipment=engine, readings=[(1000, timezone.now() - timedelta(days=2))])
    same = csv_file("equipment_code,reading", "ME-SB,1000")
    assert outcomes(as_chief.report(same, "counters.csv", "counters")) == [("counters", 2, "ME-SB", "unchanged")]

    higher = csv_file("equipment_code,reading", "ME-SB,1030")
    report = as_chief.report(higher, "counters.csv", "counters")
    assert [(c["field"], c["from"], c["to"]) for c in report["rows"][0]["changes"]] == [("meter_value", 1000, 1030)]
    assert as_chief.run(higher, "counters.csv", "counters").status_code == 200
    counter.refresh_from_db()
    assert counter.meter_value == 1030 and counter.readings.count() == 2

    lower = csv_file("equipment_code,reading", "ME-SB,900")
    assert problems(as_chief.report(lower, "counters.csv", "counters")) == [
        "row 2, reading: 900 is below the meter's current 1,030; a counter never goes down"
    ]
    # More hours than the clock allows since the last reading: the counter rules refuse it.
    too_many = csv_file("equipment_code,reading", "ME-SB,9000")
    [problem] = problems(as_chief.report(too_many, "counters.csv", "counters"))
    assert problem.startswith("row 2, reading: ") and "the clock allows" in problem


def test_an_interval_in_hours_needs_a_counter_on_the_equipment_or_an_ancestor(as_chief, aurora):
    engine = EquipmentFactory(vessel=aurora, code="GEN-2")
    EquipmentFactory(vessel=aurora, code="GEN-2-ALT", parent=engine)
    EquipmentFactory(vessel=aurora, code="FRIDGE")
    CounterFactory(equipment=engine)
    content = csv_file(
        "code,equipment_code,title,interval_hours,interval_days",
        "ALT-500H,GEN-2-ALT,Alternator check,500,",
        "FRIDGE-500H,FRIDGE,Fridge,500,",
        "FRIDGE-NONE,FRIDGE,Fridge,,",
    )
    report = as_chief.report(content, "jobs.csv", "jobs")
    assert outcomes(report) == [
        ("jobs", 2, "ALT-500H", "create"),
        ("jobs", 3, "FRIDGE-500H", "refused"),
        ("jobs", 4, "FRIDGE-NONE", "refused"),
    ]
    assert problems(report) == [
        "row 3, interval_hours: an interval in hours needs a counter on the equipment or one it belongs to",
        "row 4, interval_days: a job needs interval_days, interval_hours or both",
    ]


def test_steps_and_kits_of_existing_jobs_update_and_name_their_parts(as_chief, aurora):
    as_chief.run(sample_workbook())
    steps = csv_file(
        "job_code,position,kind,title,unit,min_value,max_value",
        "ME-PS-500H,2,measurement,Lube oil pressure at idle,bar,2.5,5",
        "ME-PS-500H,3,check,Alarm log read,,,",
    )
    report = as_chief.report(steps, "job_steps.csv", "job_steps")
    assert outcomes(report) == [
        ("job_steps", 2, "ME-PS-500H / 2", "update"),
        ("job_steps", 3, "ME-PS-500H / 3", "create"),
    ]
    assert [(c["field"], c["from"], c["to"]) for c in report["rows"][0]["changes"]] == [("max_value", "4.5", "5")]
    kit = csv_file("job_code,part_number,quantity", "ME-PS-500H,MTU-X00061050,3", "ME-PS-500H,NOPE-1,1")
    report = as_chief.report(kit, "job_kit.csv", "job_kit")
    assert problems(report) == ["row 3, part_number: NOPE-1: no such part"]
    assert as_chief.run(steps, "job_steps.csv", "job_steps").status_code == 200
    assert JobStep.objects.get(job__code="ME-PS-500H", position=2).max_value == Decimal(5)
    assert SAMPLE_PLAN["job_kit"][0]["quantity"] == 2
