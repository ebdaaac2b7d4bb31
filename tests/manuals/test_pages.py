import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from manuals.models import ManualDocument
from tests.manuals.conftest import upload

pytestmark = pytest.mark.django_db


def pdf_upload(content: bytes, name="manual.pdf"):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def test_head_of_department_uploads_and_the_manual_is_ready(
    client, chief, cooling_pdf, django_capture_on_commit_callbacks
):
    client.force_login(chief)
    assert "Add a manual" in client.get("/manuals/").content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/manuals/",
            {
                "title": "C32 O&M",
                "manufacturer": "Caterpillar",
                "model": "C32",
                "revision": "Rev. 4",
                "file": pdf_upload(cooling_pdf),
            },
        )

    document = ManualDocument.objects.get()
    assert response.status_code == 302
    assert response["Location"] == document.get_absolute_url()
    assert (document.status, document.page_count, document.revision, document.uploaded_by) == (
        "ready",
        6,
        "Rev. 4",
        chief,
    )
    detail = client.get(document.get_absolute_url()).content.decode()
    assert "Ready" in detail
    assert "2 Cooling system" in detail
    assert "E047" in detail


def test_crew_sees_no_upload_form_and_cannot_post(client, crew, cooling_pdf):
    client.force_login(crew)
    assert "Add a manual" not in client.get("/manuals/").content.decode()

    response = client.post("/manuals/", {"title": "Sneaky", "file": pdf_upload(cooling_pdf)})

    assert response.status_code == 403
    assert ManualDocument.objects.count() == 0


def test_upload_form_explains_a_refused_file(client, chief, settings, cooling_pdf):
    client.force_login(chief)

    not_pdf = client.post("/manuals/", {"title": "Photo", "file": pdf_upload(b"\x89PNG\r\n", name="photo.pdf")})
    settings.MANUAL_MAX_UPLOAD_BYTES = 1000
    too_big = client.post("/manuals/", {"title": "Big", "file": pdf_upload(cooling_pdf)})

    assert not_pdf.status_code == 400
    assert "This is not a PDF file" in not_pdf.content.decode()
    assert too_big.status_code == 400
    assert "a manual may be at most 1000 bytes" in too_big.content.decode()
    assert ManualDocument.objects.count() == 0


def test_list_shows_statuses_and_failure_reasons(
    aurora, chief, crew, client, cooling_pdf, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    upload(aurora, chief, cooling_pdf, capture=django_capture_on_commit_callbacks, title="Good manual")
    upload(aurora, chief, b"%PDF-1.4 torn", capture=django_capture_on_commit_callbacks, title="Torn manual")
    client.force_login(crew)

    with django_assert_max_num_queries(12):
        page = client.get("/manuals/").content.decode()

    assert "Good manual" in page
    assert "Ready" in page
    assert "Torn manual" in page
    assert "Failed" in page
    assert "The PDF could not be read" in page


def test_section_page_shows_text_related_sections_and_the_pdf_link(
    aurora, chief, crew, client, cooling_pdf, django_capture_on_commit_callbacks
):
    manual = upload(aurora, chief, cooling_pdf, capture=django_capture_on_commit_callbacks)
    section = manual.sections.get(title="2 Cooling system")
    client.force_login(crew)

    page = client.get(section.get_absolute_url()).content.decode()

    assert "2 Cooling system" in page
    assert "page 3–4" in page
    assert "The raw water pump feeds the heat exchanger." in page
    assert "1 General" in page and "3 Lubrication" in page  # within two pages
    assert "4 Alarms" not in page  # page 6 is three pages away
    assert f"/manuals/{manual.pk}/file/?token=" in page
    assert "Open PDF at page 3" in page


def test_section_of_another_vessel_is_404(
    aurora, chief, borealis_chief, client, cooling_pdf, django_capture_on_commit_callbacks
):
    manual = upload(aurora, chief, cooling_pdf, capture=django_capture_on_commit_callbacks)
    client.force_login(borealis_chief)

    assert client.get(manual.sections.first().get_absolute_url()).status_code == 404
    assert client.get(manual.get_absolute_url()).status_code == 404
