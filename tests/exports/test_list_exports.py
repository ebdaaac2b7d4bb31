"""Every list page downloads what it shows, with its filters, as CSV and XLSX: the current
vessel's rows only, every page of them, text that a spreadsheet would run made inert."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from handover.models import HandoverItem
from inventory.models import MovementReason
from inventory.services import move_stock
from pms.roles import Role
from tests.exports.helpers import body, column, csv_rows, xlsx_rows, xlsx_sheet
from tests.factories import (
    CounterFactory,
    EquipmentFactory,
    FaultFactory,
    HandoverItemFactory,
    MaintenanceJobFactory,
    ManualDocumentFactory,
    PartFactory,
    WorkOrderFactory,
    member,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager(aurora, borealis):
    """A member of both vessels, working on AURORA: sees BOREALIS's rows nowhere in AURORA's lists."""
    user = member(aurora, Role.MANAGER, username="manager")
    member_of_borealis = user.memberships.model(user=user, vessel=borealis, role=Role.MANAGER)
    member_of_borealis.save()
    return user


def export(client, url, fmt, **params):
    return client.get(url, {**params, "export": fmt})


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_equipment_export_lists_every_row_of_the_current_vessel_only(client, manager, aurora, borealis, fmt):
    ours = [EquipmentFactory(vessel=aurora, code=f"AU-{n:03d}") for n in range(60)]  # more than a page
    EquipmentFactory(vessel=borealis, code="BO-001")
    client.force_login(manager)
    response = export(client, reverse("equipment:list"), fmt)
    rows = csv_rows(response) if fmt == "csv" else xlsx_rows(response)
    assert rows[0][:3] == ["Code", "Name", "Part of"]
    assert column(rows, "Code") == sorted(e.code for e in ours)
    disposition = response["Content-Disposition"]
    assert f'filename="equipment-AURORA-{timezone.localdate().isoformat()}.{fmt}"' in disposition
    assert disposition.startswith("attachment")


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_fault_export_keeps_the_filters(client, chief, aurora, borealis, fmt):
    pump = EquipmentFactory(vessel=aurora, code="PUMP-1")
    high = FaultFactory(equipment=pump, severity="high", fault_code="E100")
    FaultFactory(equipment=pump, severity="low", fault_code="E200")
    FaultFactory(equipment=pump, severity="high", status="closed", fault_code="E300")
    FaultFactory(equipment=EquipmentFactory(vessel=borealis), severity="high", fault_code="E900")
    client.force_login(chief)
    response = export(client, reverse("equipment:fault_list"), fmt, severity="high", status="active")
    rows = csv_rows(response) if fmt == "csv" else xlsx_rows(response)
    assert column(rows, "Fault code") == [high.fault_code]
    assert column(rows, "Equipment") == ["PUMP-1"]
    assert column(rows, "Severity") == ["High"]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_work_order_export_keeps_the_filters(client, chief, aurora, borealis, fmt):
    open_one = WorkOrderFactory(vessel=aurora, number="WO-2026-0001", status="open", assignee=chief)
    WorkOrderFactory(vessel=aurora, number="WO-2026-0002", status="completed", assignee=chief)
    WorkOrderFactory(vessel=aurora, number="WO-2026-0003", status="open")
    WorkOrderFactory(vessel=borealis, number="WO-2026-0001", status="open")
    client.force_login(chief)
    response = export(client, reverse("workorders:list"), fmt, status="active", assignee="me")
    rows = csv_rows(response) if fmt == "csv" else xlsx_rows(response)
    assert column(rows, "Number") == [open_one.number]
    assert column(rows, "Assignee") == [chief.printed_name]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_part_export_keeps_the_filters(client, chief, aurora, borealis, fmt):
    low = PartFactory(vessel=aurora, part_number="F-1", category="Filters", minimum_quantity=5, stock=2)
    PartFactory(vessel=aurora, part_number="F-2", category="Filters", minimum_quantity=1, stock=10)
    PartFactory(vessel=aurora, part_number="B-1", category="Belts", minimum_quantity=5, stock=1)
    PartFactory(vessel=borealis, part_number="F-1", category="Filters", minimum_quantity=5, stock=1)
    client.force_login(chief)
    response = export(client, reverse("inventory:part_list"), fmt, status="low", category="Filters")
    rows = csv_rows(response) if fmt == "csv" else xlsx_rows(response)
    assert column(rows, "Part number") == [low.part_number]
    on_hand = column(rows, "On hand")
    assert on_hand == (["2"] if fmt == "csv" else [2])
    assert column(rows, "Stock status") == ["Low stock"]


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_ledger_of_one_part_and_of_the_vessel(client, chief, aurora, borealis, fmt):
    filters = PartFactory(vessel=aurora, part_number="F-1", stock=10)
    belts = PartFactory(vessel=aurora, part_number="B-1", stock=4)
    move_stock(part=filters, quantity=-3, reason=MovementReason.TESTING, performed_by=chief)
    PartFactory(vessel=borealis, part_number="F-1", stock=7)
    client.force_login(chief)
    ledger = reverse("inventory:ledger")

    rows = (csv_rows if fmt == "csv" else xlsx_rows)(export(client, ledger, fmt, part=str(filters.pk)))
    assert column(rows, "Part number") == ["F-1", "F-1"]
    quantities = column(rows, "Quantity")
    assert quantities == (["-3", "10"] if fmt == "csv" else [-3, 10])  # newest first; numbers never escaped
    assert column(rows, "Who") == [chief.printed_name, None if fmt == "xlsx" else ""]

    rows = (csv_rows if fmt == "csv" else xlsx_rows)(export(client, ledger, fmt, reason="received"))
    assert sorted(column(rows, "Part number")) == ["B-1", "F-1"]
    assert belts.part_number in column(rows, "Part number")


def test_another_vessels_part_has_no_ledger_here(client, chief, borealis):
    theirs = PartFactory(vessel=borealis, stock=3)
    client.force_login(chief)
    assert client.get(reverse("inventory:ledger"), {"part": str(theirs.pk), "export": "csv"}).status_code == 404
    assert client.get(reverse("inventory:ledger"), {"part": "not-a-uuid"}).status_code == 404
    assert client.get(reverse("inventory:ledger"), {"part": str(theirs.pk)}).status_code == 404


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_handover_history_export(client, chief, aurora, borealis, fmt):
    pump = EquipmentFactory(vessel=aurora, code="PUMP-1")
    now = timezone.now()
    HandoverItemFactory(
        vessel=aurora, entity_type="equipment", entity_id=pump.pk, summary_text="Pump one is noisy today.",
        acknowledged_at=now, acknowledged_by=chief,
    )  # fmt: skip
    HandoverItemFactory(vessel=aurora, summary_text="Still open, not in the history.")
    HandoverItemFactory(vessel=borealis, summary_text="Borealis item.", acknowledged_at=now)
    client.force_login(chief)
    rows = (csv_rows if fmt == "csv" else xlsx_rows)(export(client, reverse("handover:history"), fmt))
    assert column(rows, "Summary") == ["Pump one is noisy today."]
    assert column(rows, "About")[0].startswith("PUMP-1")
    assert column(rows, "Acknowledged by") == [chief.printed_name]
    assert HandoverItem.objects.count() == 3


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_due_list_export_keeps_the_filters(client, chief, aurora, borealis, fmt):
    today = timezone.localdate()
    pump = EquipmentFactory(vessel=aurora, code="ME-PS")
    overdue = MaintenanceJobFactory(
        equipment=pump, code="ME-PS-OIL", critical=True, last_done_at=today - datetime.timedelta(days=40)
    )
    MaintenanceJobFactory(equipment=pump, code="ME-PS-BELT", last_done_at=today - datetime.timedelta(days=25))
    MaintenanceJobFactory(
        equipment=EquipmentFactory(vessel=borealis), code="BO-OIL", critical=True,
        last_done_at=today - datetime.timedelta(days=40),
    )  # fmt: skip
    client.force_login(chief)
    url = reverse("maintenance:due_list")
    rows = (csv_rows if fmt == "csv" else xlsx_rows)(export(client, url, fmt))
    assert column(rows, "Job") == ["ME-PS-OIL", "ME-PS-BELT"]
    rows = (csv_rows if fmt == "csv" else xlsx_rows)(export(client, url, fmt, critical="1"))
    assert column(rows, "Job") == [overdue.code]
    assert column(rows, "State") == ["Overdue"]
    assert column(rows, "Why it is due")[0].startswith("Overdue by calendar")


FORMULAS = ['=HYPERLINK("http://x")', "+1+1", "-2+3", "@SUM(A1)", "\tcmd", "\rcmd"]


def test_csv_escapes_what_a_spreadsheet_would_run(client, chief, aurora):
    for n, text in enumerate(FORMULAS):
        EquipmentFactory(vessel=aurora, code=f"EQ-{n}", name=text, location="=1+1")
    client.force_login(chief)
    rows = csv_rows(export(client, reverse("equipment:list"), "csv"))
    assert column(rows, "Name") == ["'" + text for text in FORMULAS]
    assert set(column(rows, "Location")) == {"'=1+1"}


def test_xlsx_keeps_every_text_a_text(client, chief, aurora):
    for n, text in enumerate(FORMULAS):
        EquipmentFactory(vessel=aurora, code=f"EQ-{n}", name=text + "\x07")
    client.force_login(chief)
    sheet = xlsx_sheet(export(client, reverse("equipment:list"), "xlsx"))
    names = [row[1] for row in sheet.iter_rows(min_row=2)]
    assert [cell.data_type for cell in names] == ["s"] * len(FORMULAS)
    # As typed, less the control character (XML reads a carriage return as a line feed).
    assert [cell.value for cell in names] == [text.replace("\r", "\n") for text in FORMULAS]
    raw = body(export(client, reverse("equipment:list"), "xlsx"))
    assert b"<f>" not in raw


@pytest.mark.parametrize("fmt", ["pdf", "", "CSV;DROP"])
def test_an_unknown_format_is_a_400_with_the_error_envelope(client, chief, aurora, fmt):
    client.force_login(chief)
    for url in (reverse("equipment:list"), reverse("maintenance:due_list"), reverse("maintenance:history")):
        response = client.get(url, {"export": fmt})
        assert response.status_code == 400
        assert response.json()["status"] == "error"
        assert response.json()["error"]["code"] == "VALIDATION_ERROR"
        assert response.json()["error"]["field"] == "export"


def test_exports_need_a_login(client, aurora):
    response = client.get(reverse("workorders:list"), {"export": "csv"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_list_pages_link_their_exports_with_their_filters(client, chief, aurora):
    client.force_login(chief)
    page = client.get(reverse("workorders:list"), {"status": "active", "page": "1"}).content.decode()
    assert "?status=active&amp;export=csv" in page
    assert "?status=active&amp;export=xlsx" in page


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_counters_and_manuals_export(client, chief, aurora, borealis, fmt):
    now = timezone.now()
    engine = EquipmentFactory(vessel=aurora, code="ME-PS")
    CounterFactory(equipment=engine, readings=[(1200, now - datetime.timedelta(hours=2))])
    CounterFactory(equipment=EquipmentFactory(vessel=aurora, code="GEN-1"))
    CounterFactory(equipment=EquipmentFactory(vessel=borealis, code="BO-GEN"))
    ManualDocumentFactory(vessel=aurora, title="C32 manual")
    ManualDocumentFactory(vessel=borealis, title="Borealis manual")
    client.force_login(chief)
    read = csv_rows if fmt == "csv" else xlsx_rows
    rows = read(export(client, reverse("counters:rounds"), fmt))
    assert column(rows, "Equipment") == ["GEN-1", "ME-PS"]
    assert column(rows, "Total")[1] == ("1200" if fmt == "csv" else 1200)
    rows = read(export(client, reverse("counters:rounds"), fmt, stale="1"))
    assert column(rows, "Equipment") == ["GEN-1"]
    rows = read(export(client, reverse("manuals:list"), fmt))
    assert column(rows, "Title") == ["C32 manual"]
