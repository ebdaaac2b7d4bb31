"""A manual uploaded in the admin is checked and split like one uploaded on the manuals page."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from manuals.models import ManualDocument
from manuals.pdfgen import demo_manual_pdf
from pms.roles import Role
from tests.factories import member

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def officer(aurora):
    user = member(aurora, Role.CHIEF_ENGINEER, username="officer")
    user.is_staff = True
    user.save()
    return user


def upload(client, aurora, content, name="c32.pdf"):
    return client.post(
        "/admin/manuals/manualdocument/add/",
        {
            "vessel": str(aurora.pk),
            "title": "C32 manual",
            "manufacturer": "Caterpillar",
            "model": "C32",
            "revision": "2024",
            "file": SimpleUploadedFile(name, content, content_type="application/pdf"),
            "sections-TOTAL_FORMS": "0",
            "sections-INITIAL_FORMS": "0",
        },
    )


def test_admin_upload_is_split_into_sections(client, officer, aurora):
    client.force_login(officer)
    pdf = demo_manual_pdf("Main engine", sections=[("Cooling", ["Coolant temperature alarm E047."], ["E047"])])
    response = upload(client, aurora, pdf)
    assert response.status_code == 302, response.content.decode()[:2000]
    document = ManualDocument.objects.get()
    assert document.status == "ready" and document.uploaded_by == officer
    assert document.sections.filter(fault_code_index__code="E047").exists()


def test_admin_refuses_a_file_that_is_not_a_pdf(client, officer, aurora):
    client.force_login(officer)
    response = upload(client, aurora, b"MZ\x90\x00 not a pdf", name="manual.pdf")
    assert response.status_code == 200
    assert "not a PDF" in response.content.decode()
    assert not ManualDocument.objects.exists()
