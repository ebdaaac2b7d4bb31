import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from pypdf import PdfReader, PdfWriter

from audit.context import audit_context
from audit.models import AuditEntry
from manuals.models import ManualDocument, ManualFaultCode
from manuals.pdfgen import demo_manual_pdf, pdf_bytes
from manuals.services import upload_manual
from manuals.tasks import ingest_manual
from pms.roles import Role
from tests.factories import member
from tests.manuals.conftest import upload

pytestmark = pytest.mark.django_db


def encrypted(pdf: bytes, *, user_password: str) -> bytes:
    writer = PdfWriter(clone_from=io.BytesIO(pdf))
    writer.encrypt(user_password=user_password, owner_password="owner-secret", algorithm="AES-256")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def sections_of(document):
    return [(s.title, s.page_number, s.end_page) for s in document.sections.all()]


def codes_of(section):
    return sorted(section.fault_code_index.values_list("code", flat=True))


def test_generated_pdf_is_a_real_pdf_with_text_and_outline(cooling_pdf):
    reader = PdfReader(io.BytesIO(cooling_pdf), strict=True)
    assert len(reader.pages) == 6
    assert [(o.title, reader.get_destination_page_number(o)) for o in reader.outline] == [
        ("1 General", 0),
        ("2 Cooling system", 2),
        ("3 Lubrication", 4),
        ("4 Alarms", 5),
    ]
    assert "Fault codes: E047" in reader.pages[2].extract_text()


def test_outline_gives_sections_with_page_ranges_text_and_fault_codes(
    aurora, chief, cooling_pdf, django_capture_on_commit_callbacks
):
    document = upload(aurora, chief, cooling_pdf, capture=django_capture_on_commit_callbacks)

    assert document.status == "ready"
    assert document.failure_reason == ""
    assert document.page_count == 6
    assert sections_of(document) == [
        ("1 General", 1, 2),
        ("2 Cooling system", 3, 4),
        ("3 Lubrication", 5, 5),
        ("4 Alarms", 6, 6),
    ]
    general, cooling, lubrication, alarms = document.sections.all()
    assert "Technical data for the C32." in general.text  # both pages of the range
    assert "Impeller replacement." in cooling.text
    assert codes_of(general) == []  # the model name C32 is not a fault code
    assert codes_of(cooling) == ["E047"]
    assert codes_of(lubrication) == ["SPN 110 FMI 0"]  # normalised: upper case, single spaces
    assert codes_of(alarms) == ["A-102"]
    assert set(ManualFaultCode.objects.values_list("vessel_id", flat=True)) == {aurora.pk}


def test_without_outline_one_section_per_page(aurora, chief, django_capture_on_commit_callbacks):
    pdf = pdf_bytes(["Cover page\nWatermaker manual", "Membrane flushing\nAlarm W-210", ""])
    document = upload(aurora, chief, pdf, capture=django_capture_on_commit_callbacks)

    assert document.status == "ready"
    assert sections_of(document) == [("Cover page", 1, 1), ("Membrane flushing", 2, 2), ("Page 3", 3, 3)]
    assert codes_of(document.sections.get(page_number=2)) == ["W-210"]


def test_nested_bookmarks_and_pages_before_the_first_one(aurora, chief, django_capture_on_commit_callbacks):
    writer = PdfWriter(clone_from=io.BytesIO(pdf_bytes(["Cover", "Chapter one", "Part A", "Part B"])))
    chapter = writer.add_outline_item(title="Chapter 1", page_number=1)
    writer.add_outline_item(title="1.1 Part A", page_number=2, parent=chapter)
    writer.add_outline_item(title="1.2 Part B", page_number=3, parent=chapter)
    out = io.BytesIO()
    writer.write(out)

    document = upload(aurora, chief, out.getvalue(), capture=django_capture_on_commit_callbacks)

    assert sections_of(document) == [
        ("Front matter", 1, 1),
        ("Chapter 1", 2, 2),
        ("1.1 Part A", 3, 3),
        ("1.2 Part B", 4, 4),
    ]


def test_broken_pdf_ends_failed_with_a_reason(aurora, chief, django_capture_on_commit_callbacks):
    document = upload(aurora, chief, b"%PDF-1.7\nthis is not really a pdf", capture=django_capture_on_commit_callbacks)

    assert document.status == "failed"
    assert document.failure_reason.startswith("The PDF could not be read")
    assert document.sections.count() == 0


def test_password_protected_pdf_ends_failed_with_a_reason(
    aurora, chief, cooling_pdf, django_capture_on_commit_callbacks
):
    pdf = encrypted(cooling_pdf, user_password="s3cret")
    document = upload(aurora, chief, pdf, capture=django_capture_on_commit_callbacks)

    assert document.status == "failed"
    assert "password-protected" in document.failure_reason
    assert document.sections.count() == 0


def test_pdf_locked_only_against_editing_is_read(aurora, chief, cooling_pdf, django_capture_on_commit_callbacks):
    document = upload(
        aurora, chief, encrypted(cooling_pdf, user_password=""), capture=django_capture_on_commit_callbacks
    )

    assert document.status == "ready"
    assert document.sections.count() == 4


def test_status_changes_are_audited_as_the_ingest_task(aurora, chief, cooling_pdf, django_capture_on_commit_callbacks):
    with audit_context(actor=chief):
        document = upload(aurora, chief, cooling_pdf, capture=django_capture_on_commit_callbacks)

    entries = AuditEntry.objects.filter(object_id=str(document.pk)).order_by("id")
    assert [e.changes.get("status") for e in entries] == [
        [None, "queued"],
        ["queued", "processing"],
        ["processing", "ready"],
    ]
    assert entries[0].actor_label == chief.username
    assert entries[2].actor_label == "system:ingest_manual"


def test_ingest_runs_again_without_duplicating_sections(aurora, chief, cooling_pdf, django_capture_on_commit_callbacks):
    document = upload(aurora, chief, cooling_pdf, capture=django_capture_on_commit_callbacks)

    result = ingest_manual.enqueue(str(document.pk))

    assert result.return_value == "ready"
    assert document.sections.count() == 4
    assert ManualFaultCode.objects.filter(section__document=document).count() == 3


def test_not_a_pdf_is_refused_before_storing(aurora, chief):
    with pytest.raises(ValidationError, match="not a PDF"):
        upload_manual(vessel=aurora, uploaded_by=chief, file=ContentFile(b"GIF89a....", name="x.pdf"), title="Odd")
    assert ManualDocument.objects.count() == 0


def test_too_large_is_refused_with_the_limit_in_the_message(aurora, chief, settings, cooling_pdf):
    settings.MANUAL_MAX_UPLOAD_BYTES = 1024 * 1024
    big = cooling_pdf + b"\n%" + b"x" * (1024 * 1024)
    with pytest.raises(ValidationError, match=r"The file is 1\.0 MB; a manual may be at most 1\.0 MB"):
        upload_manual(vessel=aurora, uploaded_by=chief, file=ContentFile(big, name="x.pdf"), title="Big")
    assert ManualDocument.objects.count() == 0


@pytest.mark.parametrize("role", [Role.CREW, Role.ENGINEER, Role.ETO])
def test_only_heads_of_department_upload(aurora, role, cooling_pdf):
    user = member(aurora, role)
    with pytest.raises(PermissionDenied):
        upload_manual(vessel=aurora, uploaded_by=user, file=ContentFile(cooling_pdf, name="m.pdf"), title="M")
    assert ManualDocument.objects.count() == 0


def test_demo_manual_has_a_section_per_system_part(aurora, chief, django_capture_on_commit_callbacks):
    pdf = demo_manual_pdf("Generator", [("Fuel", ["Bleed the fuel system."], ["E101"]), ("Cooling", [], [])])
    document = upload(aurora, chief, pdf, capture=django_capture_on_commit_callbacks, title="Generator manual")

    assert sections_of(document) == [("Fuel", 1, 1), ("Cooling", 2, 2)]
    assert codes_of(document.sections.get(title="Fuel")) == ["E101"]


def test_text_the_page_font_lacks_is_replaced_and_the_manual_still_splits(
    aurora, chief, django_capture_on_commit_callbacks
):
    title = "2 Ölkühler – Kühlmitteldruck ≥ 1,2 bar (Ω, 冷却)"
    pdf = demo_manual_pdf(
        "Hauptmotor",
        [
            ("1 Allgemein", ["Sicherheit zuerst. Wartung nach 500 h − siehe Tabelle → 4."], []),
            (title, ["Druck prüfen: 1,2 … 2,0 bar ☐ ok, Temperatur ≤ 85 °C; Čistič filtru."], ["E047"]),
        ],
    )

    reader = PdfReader(io.BytesIO(pdf), strict=True)
    assert [o.title for o in reader.outline] == ["1 Allgemein", title]  # bookmarks keep every character
    text = reader.pages[1].extract_text()
    assert "2 Ölkühler – Kühlmitteldruck >= 1,2 bar (Ohm, ??)" in text
    assert "Druck prüfen: 1,2 … 2,0 bar [ ] ok, Temperatur <= 85 °C; Cistic filtru." in text
    assert "Wartung nach 500 h - siehe Tabelle -> 4." in reader.pages[0].extract_text()

    document = upload(aurora, chief, pdf, capture=django_capture_on_commit_callbacks, title="Hauptmotor")
    assert sections_of(document) == [("1 Allgemein", 1, 1), (title, 2, 2)]
    assert codes_of(document.sections.get(page_number=2)) == ["E047"]
