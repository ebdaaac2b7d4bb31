"""`manage.py seed_demo`: the demo fleet of the design, consistent, and idempotent."""

import io
import re

import pypdf
from django.apps import apps
from django.core.management import call_command
from django.db.models import Max, Sum

from audit.models import AuditEntry
from equipment.models import Equipment, Fault
from handover.models import HandoverItem
from inventory.models import MovementReason, Part, StockMovement, StockStatus
from manuals.models import ManualDocument, ManualFaultCode
from pms.models import Membership, User, Vessel
from pms.roles import HOD_ROLES
from workorders.models import WorkOrder, WorkOrderNumberSequence, WorkOrderStatus

OUR_APPS = {"pms", "audit", "equipment", "workorders", "inventory", "handover", "manuals"}
DEMO_USERS = {
    "captain": {("AURORA", "captain")},
    "chief": {("AURORA", "chief_engineer")},
    "eto": {("AURORA", "eto")},
    "engineer": {("AURORA", "engineer")},
    "deck": {("AURORA", "crew")},
    "borealis_chief": {("BOREALIS", "chief_engineer")},
    "manager": {("AURORA", "manager"), ("BOREALIS", "manager")},
}


def seed() -> str:
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def row_counts() -> dict:
    return {m._meta.label: m._default_manager.count() for m in apps.get_models() if m._meta.app_label in OUR_APPS}


def test_running_it_twice_creates_nothing_new(db):
    seed()
    first = row_counts()
    versions = dict(WorkOrder.objects.values_list("pk", "version"))
    seed()
    assert row_counts() == first
    assert dict(WorkOrder.objects.values_list("pk", "version")) == versions
    assert first["audit.AuditEntry"] > 0


def test_demo_users_roles_and_password(db):
    output = seed()
    assert set(Vessel.objects.values_list("code", "name")) == {("AURORA", "Aurora"), ("BOREALIS", "Borealis")}
    for username, memberships in DEMO_USERS.items():
        user = User.objects.get(username=username)
        assert user.first_name and user.last_name
        assert user.check_password("demo-pass-2026")
        held = set(Membership.objects.filter(user=user, active=True).values_list("vessel__code", "role"))
        assert held == memberships
        assert user.is_staff == any(role in HOD_ROLES for _, role in memberships)
        assert not user.is_superuser
        assert username in output
    assert "demo-pass-2026" in output


def test_stock_enters_only_through_the_ledger_and_covers_every_status(seeded):
    for part in Part.objects.all():
        ledger = part.movements.aggregate(total=Sum("quantity"))["total"] or 0
        assert part.quantity_on_hand == ledger, part
        first = part.movements.order_by("performed_at", "created_at").first()
        if first is not None:
            assert (first.reason, first.reference) == (MovementReason.RECEIVED, "Opening balance")
    for code in ("AURORA", "BOREALIS"):
        statuses = {p.stock_status for p in Part.objects.filter(vessel__code=code)}
        assert statuses == set(StockStatus.values), code
    assert StockMovement.objects.filter(reason=MovementReason.WORK_ORDER, work_order__isnull=False).exists()


def test_work_orders_in_every_status_with_numbers_in_step_with_the_sequence(seeded):
    aurora = WorkOrder.objects.filter(vessel__code="AURORA")
    assert set(aurora.values_list("status", flat=True)) == set(WorkOrderStatus.values)
    for work_order in WorkOrder.objects.all():
        assert re.fullmatch(r"WO-\d{4}-\d{4}", work_order.number)
        assert work_order.equipment is None or work_order.equipment.vessel_id == work_order.vessel_id
        assert work_order.fault is None or work_order.fault.vessel_id == work_order.vessel_id
        if work_order.status in (WorkOrderStatus.COMPLETED, WorkOrderStatus.CLOSED):
            assert work_order.completed_by and work_order.completed_at and work_order.completion_notes
    for sequence in WorkOrderNumberSequence.objects.all():
        numbers = WorkOrder.objects.filter(vessel=sequence.vessel, number__startswith=f"WO-{sequence.year}-")
        highest = int(numbers.aggregate(n=Max("number"))["n"].rsplit("-", 1)[1])
        assert sequence.last_number == highest
    assert WorkOrderNumberSequence.objects.count() == 2
    assert aurora.filter(notes__isnull=False).exists()
    assert aurora.filter(parts__isnull=False).exists()


def test_equipment_hierarchy_faults_and_handover(seeded):
    for code in ("AURORA", "BOREALIS"):
        assert Equipment.objects.filter(vessel__code=code, parent__isnull=False).exists()
        assert Equipment.objects.filter(vessel__code=code, code__startswith="ME-", parent=None).count() == 2
        assert HandoverItem.objects.filter(vessel__code=code, acknowledged_at=None).exists()
    for equipment in Equipment.objects.exclude(parent=None):
        assert equipment.parent.vessel_id == equipment.vessel_id
    assert {"SPN 110 FMI 0", "E047", "A-102"} <= set(Fault.objects.values_list("fault_code", flat=True))
    assert set(Fault.objects.values_list("status", flat=True)) == {"open", "work_order_raised", "resolved", "closed"}
    linked = HandoverItem.objects.exclude(entity_type="")
    assert {item.entity_type for item in linked} >= {"fault", "work_order", "part", "equipment"}


def test_every_demo_fault_code_is_indexed_in_its_equipments_manual(seeded):
    for fault in Fault.objects.select_related("equipment__manual"):
        manual = fault.equipment.manual
        assert manual is not None and manual.vessel_id == fault.vessel_id, fault
        assert ManualFaultCode.objects.filter(section__document=manual, code=fault.fault_code).exists(), fault


def test_manuals_are_valid_pdfs_with_their_sections_pages(seeded):
    assert ManualDocument.objects.filter(vessel__code="AURORA").count() == 6
    for document in ManualDocument.objects.all():
        with document.file.open("rb") as handle:
            reader = pypdf.PdfReader(handle)
            assert len(reader.pages) == document.page_count
            for section in document.sections.all():
                assert section.end_page <= document.page_count
                assert section.title in reader.pages[section.page_number - 1].extract_text()


def test_the_seed_is_audited_as_the_command(seeded):
    labels = set(AuditEntry.objects.values_list("actor_label", flat=True))
    assert labels == {"system:seed_demo"}
    call_command("verify_audit", stdout=io.StringIO())
