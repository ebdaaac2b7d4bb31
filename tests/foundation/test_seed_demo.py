"""`manage.py seed_demo`: the demo fleet of the design, consistent, and idempotent."""

import io
import re

import pypdf
import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db.models import F, Max, Sum

from audit.models import AuditEntry
from equipment.models import Equipment, Fault
from handover.models import HandoverItem
from inventory.models import MovementReason, Part, StockMovement, StockStatus
from manuals.demo import MANUALS, VESSEL_MANUALS
from manuals.models import IngestionStatus, ManualDocument, ManualFaultCode, ManualSection
from photos.models import Photo
from pms.models import Membership, User, Vessel
from pms.roles import HOD_ROLES, Role
from workorders.models import WorkOrder, WorkOrderNumberSequence, WorkOrderStatus

OUR_APPS = {"pms", "audit", "equipment", "workorders", "inventory", "handover", "manuals", "counters"}
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


def stored_files() -> list:
    return sorted(p.name for p in settings.MEDIA_ROOT.rglob("*") if p.is_file())


def demo_manual_spec(document):
    """The seed's description of a demo manual document."""
    return next(spec for spec in MANUALS.values() if spec.title == document.title)


def test_running_it_twice_creates_nothing_new(seeded, django_capture_on_commit_callbacks):
    first = row_counts()
    files = stored_files()
    versions = {model: dict(model.objects.values_list("pk", "version")) for model in (WorkOrder, ManualDocument)}

    with django_capture_on_commit_callbacks() as queued:
        output = seed()

    assert "(0 rows created)" in output
    assert queued == []  # no upload, so no ingestion queued
    assert row_counts() == first
    # Each manual's PDF, each photo and its thumbnail.
    assert stored_files() == files and len(files) == ManualDocument.objects.count() + 2 * Photo.objects.count()
    assert {model: dict(model.objects.values_list("pk", "version")) for model in versions} == versions
    assert first["audit.AuditEntry"] > 0


@pytest.mark.django_db(transaction=True)
def test_its_commit_runs_the_ingestion_so_it_ends_with_every_manual_ready():
    output = seed()

    assert ManualDocument.objects.count() == sum(map(len, VESSEL_MANUALS.values())) == 12
    assert set(ManualDocument.objects.values_list("status", flat=True)) == {IngestionStatus.READY}
    assert "Manuals: 12 ready" in output
    assert ManualFaultCode.objects.filter(code="SPN 110 FMI 0").exists()


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
    for work_order in WorkOrder.objects.select_related("equipment", "fault"):
        assert re.fullmatch(r"WO-\d{4}-\d{4}", work_order.number)
        assert work_order.equipment is None or work_order.equipment.vessel_id == work_order.vessel_id
        assert work_order.fault is None or work_order.fault.vessel_id == work_order.vessel_id
        if work_order.status in (WorkOrderStatus.COMPLETED, WorkOrderStatus.CLOSED):
            assert work_order.completed_by_id and work_order.completed_at and work_order.completion_notes
    for sequence in WorkOrderNumberSequence.objects.all():
        numbers = WorkOrder.objects.filter(vessel_id=sequence.vessel_id, number__startswith=f"WO-{sequence.year}-")
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
    for equipment in Equipment.objects.exclude(parent=None).select_related("parent"):
        assert equipment.parent.vessel_id == equipment.vessel_id
    assert {"SPN 110 FMI 0", "E047", "A-102"} <= set(Fault.objects.values_list("fault_code", flat=True))
    assert set(Fault.objects.values_list("status", flat=True)) == {"open", "work_order_raised", "resolved", "closed"}
    linked = HandoverItem.objects.exclude(entity_type="")
    assert {item.entity_type for item in linked} >= {"fault", "work_order", "part", "equipment"}


def test_every_demo_fault_code_is_indexed_in_its_equipments_manual(seeded):
    # A fault a failed job-card step reported has no panel code: its card step says what failed.
    for fault in Fault.objects.exclude(fault_code="").select_related("equipment__manual"):
        manual = fault.equipment.manual
        assert manual is not None and manual.vessel_id == fault.vessel_id, fault
        assert ManualFaultCode.objects.filter(section__document=manual, code=fault.fault_code).exists(), fault


def test_manuals_are_uploaded_by_the_chief_engineer_and_split_along_their_outline(seeded):
    assert ManualDocument.objects.filter(vessel__code="AURORA").count() == 6
    assert ManualSection.objects.filter(end_page__gt=F("page_number")).exists()  # sections of several pages
    for document in ManualDocument.objects.select_related("vessel", "uploaded_by"):
        spec = demo_manual_spec(document)
        assert (document.status, document.failure_reason) == (IngestionStatus.READY, "")
        assert document.uploaded_by.role_on(document.vessel) == Role.CHIEF_ENGINEER
        assert (document.manufacturer, document.model, document.revision) == (
            spec.manufacturer,
            spec.model,
            spec.revision,
        )
        sections = list(document.sections.prefetch_related("fault_code_index"))
        assert [(s.title, sorted(c.code for c in s.fault_code_index.all())) for s in sections] == [
            (title, sorted(codes)) for title, _, codes in spec.sections
        ], document
        assert all(section.vessel_id == document.vessel_id for section in sections)
        with document.file.open("rb") as handle:
            reader = pypdf.PdfReader(handle)
            assert len(reader.pages) == document.page_count
            assert [(o.title, reader.get_destination_page_number(o) + 1) for o in reader.outline] == [
                (s.title, s.page_number) for s in sections
            ]
            for section in sections:
                assert section.end_page <= document.page_count
                assert section.title in reader.pages[section.page_number - 1].extract_text()


def test_every_demo_fault_code_opens_its_systems_section_of_the_manual(actions, seeded):
    for fault in Fault.objects.exclude(fault_code="").select_related("vessel", "equipment__manual"):
        member = Membership.objects.filter(vessel=fault.vessel, role=Role.CHIEF_ENGINEER).get().user
        payload = {"equipment_id": str(fault.equipment_id), "fault_code": fault.fault_code}
        response = actions.as_user(member).execute("show_manual_section", payload)

        assert response.status_code == 200, (fault, response.json())
        result = response.json()["result"]
        assert result["match"] == "fault_code", fault
        assert result["document"]["id"] == str(fault.equipment.manual_id)
        # The first section describing the code (the system's own), not the alarm list after it.
        spec = demo_manual_spec(fault.equipment.manual)
        assert result["section"]["title"] == next(t for t, _, codes in spec.sections if fault.fault_code in codes)
        assert ManualFaultCode.objects.filter(section_id=result["section"]["id"], code=fault.fault_code).exists()


def test_a_fault_links_in_one_tap_to_its_manual_section(actions, seeded):
    fault = Fault.objects.get(vessel__code="AURORA", fault_code="E047")
    deck = actions.as_user(User.objects.get(username="deck"))

    response = deck.html_get("show_manual_section", equipment_id=str(fault.equipment_id), fault_code="E047")

    assert response.status_code == 200 and response.context["step"] == "result"
    page = response.content.decode()
    assert "Product water quality" in page
    assert f"/manuals/{fault.equipment.manual_id}/file/?token=" in page


def test_the_seed_is_audited_as_the_command_and_the_ingestion_as_its_task(seeded):
    labels = set(AuditEntry.objects.values_list("actor_label", flat=True))
    assert labels == {"system:seed_demo", "system:ingest_manual", "system:make_photo_thumbnail"}
    manuals = AuditEntry.objects.filter(object_type="manuals.manualdocument")
    assert set(manuals.filter(operation="create").values_list("actor_label", flat=True)) == {"system:seed_demo"}
    assert set(manuals.exclude(operation="create").values_list("actor_label", flat=True)) == {"system:ingest_manual"}
    photos = AuditEntry.objects.filter(object_type="photos.photo")
    assert set(photos.filter(operation="create").values_list("actor_label", flat=True)) == {"system:seed_demo"}
    assert set(photos.exclude(operation="create").values_list("actor_label", flat=True)) == {
        "system:make_photo_thumbnail"
    }
    others = AuditEntry.objects.exclude(object_type__in=["manuals.manualdocument", "photos.photo"])
    assert set(others.values_list("actor_label", flat=True)) == {"system:seed_demo"}
    call_command("verify_audit", stdout=io.StringIO())
