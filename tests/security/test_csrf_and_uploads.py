"""Every POST needs the CSRF token (htmx sends it in a header); uploads are checked by
their content, and a manual's file is served so that a browser cannot read it as anything
but a PDF.
"""

import re

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from manuals.links import file_link
from manuals.models import ManualDocument
from pms import registry as modules
from pms.actions.base import registry
from tests.actions import ActionClient
from tests.security.urlwalk import fill, routes
from workorders.models import WorkOrder

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def filled_routes(aurora_fleet) -> list[str]:
    """Every URL of the project, its parameters filled with the officer's own rows."""
    work_order = aurora_fleet[WorkOrder]
    values = {
        "name": registry.all()[0].name,
        "field": "part_id",
        "collection": next(iter(modules.collections())),
        "pk": str(work_order.pk),
        "object_id": str(work_order.pk),
        "id": str(aurora_fleet.hod.pk),
        "app_label": "workorders",
        "url": "anything/",
        "content_type_id": str(ContentType.objects.get_for_model(WorkOrder).pk),
    }
    urls = []
    for route in routes():
        unknown = route.params - set(values)
        assert not unknown, f"{route.route}: the CSRF sweep cannot fill {sorted(unknown)}; teach it."
        urls.append(fill(route, values))
    return urls


def refused(response) -> bool:
    """403 for the missing token; or 405 from a read endpoint of the JSON API, which takes no POST."""
    if response.status_code == 405:
        return response.json()["error"]["code"] == "METHOD_NOT_ALLOWED"
    return response.status_code == 403


def test_every_post_without_the_csrf_token_is_refused(aurora_hod, aurora_fleet):
    client = Client(enforce_csrf_checks=True)
    client.force_login(aurora_hod)
    client.get("/")  # the CSRF cookie is set; only the token is missing from the posts
    urls = filled_routes(aurora_fleet)
    assert len(urls) > 100
    accepted = []
    for url in urls:
        for data in ({"step": "execute"}, {}):
            response = client.post(url, data)
            if not refused(response):
                accepted.append(f"POST {url}: {response.status_code}")
        response = client.post(url, {"payload": {}}, content_type="application/json")
        if not refused(response):
            accepted.append(f"POST {url} (JSON): {response.status_code}")
    assert not accepted, "\n".join(accepted)


def test_htmx_requests_carry_the_token_from_the_page(aurora_hod, aurora_fleet):
    browser = ActionClient(Client(enforce_csrf_checks=True), aurora_hod)
    page = browser.html_get("add_note_to_work_order", work_order_id=aurora_fleet[WorkOrder].pk)
    match = re.search(r"""hx-headers='\{"X-CSRFToken": "([^"]+)"\}'""", page.content.decode())
    assert match, "base.html sends the CSRF token with every htmx request"
    data = {"work_order_id": aurora_fleet[WorkOrder].pk, "note_text": "Seal checked."}
    without = browser.html_preview("add_note_to_work_order", data, headers={"HX-Request": "true"})
    assert without.status_code == 403
    with_token = browser.html_preview(
        "add_note_to_work_order", data, headers={"HX-Request": "true", "X-CSRFToken": match.group(1)}
    )
    assert with_token.status_code == 200 and "Seal checked." in with_token.content.decode()


def upload(client, content: bytes, name="manual.pdf"):
    data = {
        "title": "Watermaker manual",
        "manufacturer": "Sea Recovery",
        "model": "Aqua Whisper",
        "revision": "3",
        "file": SimpleUploadedFile(name, content, content_type="application/pdf"),
    }
    return client.post("/manuals/", data)


def test_a_renamed_non_pdf_is_refused_and_not_stored(client, aurora_hod, settings):
    client.force_login(aurora_hod)
    for content in (PNG, b"<html><script>alert(1)</script></html>", b"MZ\x90\x00" + b"\x00" * 100):
        response = upload(client, content)
        assert response.status_code == 400
        assert "PDF" in response.content.decode()
    assert not ManualDocument.objects.exists()
    media = settings.MEDIA_ROOT
    assert not media.exists() or not any(p.is_file() for p in media.rglob("*"))


def test_a_pdf_over_the_size_limit_is_refused(client, aurora_hod, settings):
    settings.MANUAL_MAX_UPLOAD_BYTES = 1024
    client.force_login(aurora_hod)
    response = upload(client, b"%PDF-1.4\n" + b"0" * 2048)
    assert response.status_code == 400
    assert not ManualDocument.objects.exists()


def test_a_manual_file_is_served_as_an_inline_pdf_that_is_never_sniffed(client, crew, aurora_fleet):
    document = aurora_fleet.row_of(ManualDocument)
    url, _ = file_link(document, page=1)
    client.force_login(crew)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
