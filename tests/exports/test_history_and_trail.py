"""The maintenance history for a surveyor (one row per closed cycle, with its signatures) and a
record's audit trail as a file, with each entry's hash and the verdict on the vessel's chain."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditEntry
from maintenance.models import PlannedWorkOrder
from maintenance.services import close_cycle
from tests.exports.helpers import column, csv_rows, xlsx_rows
from tests.factories import EquipmentFactory, MaintenanceJobFactory, SignatureFactory, WorkOrderFactory
from tests.pms.test_audit_removal import tamper

pytestmark = pytest.mark.django_db


def closed_cycle(vessel, *, job, number, done_by, days_late=0, signer=None):
    order = WorkOrderFactory(vessel=vessel, number=number, equipment=job.equipment, status="completed")
    planned = PlannedWorkOrder.objects.create(vessel=vessel, job=job, work_order=order, due_date=job.calendar_due)
    done_at = timezone.now() + datetime.timedelta(days=days_late)
    record = close_cycle(planned=planned, done_at=done_at, done_hours=None, done_by=done_by)
    if signer is not None:
        SignatureFactory(
            vessel=vessel, signer=signer, printed_name=signer.printed_name, role="engineer",
            meaning="I confirm this work order is complete", object_id=str(order.pk),
            action_name="mark_work_order_complete",
        )  # fmt: skip
    return record


@pytest.fixture
def history(aurora, borealis, chief, engineer, borealis_chief):
    today = timezone.localdate()
    engine = EquipmentFactory(vessel=aurora, code="ME-PS", name="Main engine port")
    oil = MaintenanceJobFactory(
        equipment=engine, code="ME-PS-OIL", title="Oil change", class_item=True,
        last_done_at=today - datetime.timedelta(days=29),
    )  # fmt: skip
    belt = MaintenanceJobFactory(equipment=engine, code="ME-PS-BELT", last_done_at=today - datetime.timedelta(days=10))
    on_time = closed_cycle(aurora, job=oil, number="WO-2026-0101", done_by=engineer, signer=engineer)
    other = closed_cycle(aurora, job=belt, number="WO-2026-0102", done_by=chief)
    theirs = MaintenanceJobFactory(equipment=EquipmentFactory(vessel=borealis), code="BO-OIL")
    closed_cycle(borealis, job=theirs, number="WO-2026-0101", done_by=borealis_chief)
    return {"oil": oil, "belt": belt, "on_time": on_time, "other": other}


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_history_export_has_one_row_per_closed_cycle_with_its_signatures(client, chief, engineer, history, fmt):
    client.force_login(chief)
    response = client.get(reverse("maintenance:history"), {"export": fmt})
    rows = csv_rows(response) if fmt == "csv" else xlsx_rows(response)
    assert sorted(column(rows, "Job")) == ["ME-PS-BELT", "ME-PS-OIL"]
    by_job = {row[0]: dict(zip(rows[0], row, strict=True)) for row in rows[1:]}
    oil = by_job["ME-PS-OIL"]
    assert oil["Title"] == "Oil change"
    assert oil["Equipment"] == "ME-PS"
    assert oil["Done by"] == engineer.printed_name
    assert oil["On time"] == "on time"
    assert oil["Work order"] == "WO-2026-0101"
    assert oil["Class item"] in ("yes", True)
    assert f"{engineer.printed_name} (engineer): I confirm this work order is complete" in oil["Signatures"]
    assert by_job["ME-PS-BELT"]["Signatures"] in ("", None)
    assert response["Content-Disposition"].startswith('attachment; filename="maintenance-history-AURORA-')


def test_history_of_one_job_and_of_class_items(client, chief, history):
    client.force_login(chief)
    url = reverse("maintenance:history")
    rows = csv_rows(client.get(url, {"job": str(history["belt"].pk), "export": "csv"}))
    assert column(rows, "Job") == ["ME-PS-BELT"]
    rows = csv_rows(client.get(url, {"class": "1", "export": "csv"}))
    assert column(rows, "Job") == ["ME-PS-OIL"]
    page = client.get(url, {"job": str(history["belt"].pk)})
    assert page.status_code == 200
    assert "WO-2026-0102" in page.content.decode()
    assert "WO-2026-0101" not in page.content.decode()


def test_another_vessels_job_has_no_history_here(client, chief, borealis):
    theirs = MaintenanceJobFactory(equipment=EquipmentFactory(vessel=borealis))
    client.force_login(chief)
    assert client.get(reverse("maintenance:history"), {"job": str(theirs.pk), "export": "csv"}).status_code == 404


def test_the_compliance_and_job_pages_link_the_history(client, chief, history):
    client.force_login(chief)
    compliance = client.get(reverse("maintenance:compliance")).content.decode()
    assert f"{reverse('maintenance:history')}?export=csv" in compliance
    job_page = client.get(history["oil"].get_absolute_url()).content.decode()
    assert f"{reverse('maintenance:history')}?job={history['oil'].pk}&amp;export=xlsx" in job_page


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_records_trail_exports_with_its_hashes_and_the_chain_verified(client, chief, aurora, fmt):
    order = WorkOrderFactory(vessel=aurora, number="WO-2026-0042", title="Replace impeller")
    order.title = "Replace the impeller"
    order.save()
    client.force_login(chief)
    response = client.get(order.get_absolute_url(), {"export": fmt})
    rows = csv_rows(response) if fmt == "csv" else xlsx_rows(response)
    entries = AuditEntry.objects.filter(object_type="workorders.workorder", object_id=str(order.pk)).order_by("-id")
    assert column(rows, "Entry hash") == [e.entry_hash for e in entries]
    assert column(rows, "Operation") == ["Updated", "Created"]
    assert "Replace impeller → Replace the impeller" in column(rows, "Changes")[0]
    assert set(column(rows, "Entry matches its hash")) == ({"yes"} if fmt == "csv" else {True})
    chain_length = AuditEntry.objects.filter(vessel=aurora).count()
    assert set(column(rows, "Vessel chain")) == {f"verified ({chain_length} entries)"}
    assert 'filename="audit-trail-WO-2026-0042-AURORA-' in response["Content-Disposition"]


@pytest.mark.audit_tampered
def test_a_broken_chain_says_so_in_the_export(client, chief, aurora):
    pump = EquipmentFactory(vessel=aurora, code="PUMP-1", name="Bilge pump")
    entry = AuditEntry.objects.filter(object_id=str(pump.pk)).get()
    tamper("UPDATE audit_auditentry SET object_repr = %s WHERE id = %s", ["PUMP-1 Something else", entry.pk])
    client.force_login(chief)
    rows = csv_rows(client.get(pump.get_absolute_url(), {"export": "csv"}))
    assert column(rows, "Entry matches its hash") == ["no"]
    assert column(rows, "Vessel chain")[0].startswith(f"BROKEN at sequence {entry.sequence}")


def test_another_vessels_trail_is_not_found(client, chief, borealis):
    theirs = EquipmentFactory(vessel=borealis)
    client.force_login(chief)
    assert client.get(theirs.get_absolute_url(), {"export": "csv"}).status_code == 404


def test_a_trail_in_an_unknown_format_is_a_400(client, chief, aurora):
    pump = EquipmentFactory(vessel=aurora)
    client.force_login(chief)
    response = client.get(pump.get_absolute_url(), {"export": "pdf"})
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "VALIDATION_ERROR"
