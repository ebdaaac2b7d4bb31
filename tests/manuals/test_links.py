"""The PDF links: local signed URLs through our view, and presigned URLs served by S3 itself."""

import time
import urllib.request
from unittest import mock
from urllib.parse import parse_qs, urlsplit

import pytest

from manuals.links import LINK_LIFETIME_SECONDS
from tests.factories import api_token, member
from tests.manuals.conftest import BUCKET, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def c32_manual(aurora, chief, cooling_pdf, django_capture_on_commit_callbacks):
    return upload(aurora, chief, cooling_pdf, capture=django_capture_on_commit_callbacks)


def link_for(actions, equipment, **payload) -> str:
    response = actions.execute("show_manual_section", {"equipment_id": str(equipment.pk), **payload})
    assert response.status_code == 200, response.json()
    return response.json()["result"]["document"]["url"]


def without_fragment(url: str) -> str:
    return url.split("#", 1)[0]


class TestLocalStorage:
    def test_member_gets_the_pdf_inline(self, actions, crew, main_engine, c32_manual, cooling_pdf):
        as_crew = actions.as_user(crew)
        url = link_for(as_crew, main_engine, fault_code="E047")
        assert url.endswith("#page=3")

        response = as_crew.client.get(without_fragment(url))

        assert response.status_code == 200
        assert b"".join(response.streaming_content) == cooling_pdf
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"].startswith("inline")
        assert response["X-Content-Type-Options"] == "nosniff"

    def test_bearer_token_opens_the_link(self, client, actions, engineer, main_engine, c32_manual):
        url = without_fragment(link_for(actions.as_user(engineer), main_engine))

        response = client.get(url, headers={"Authorization": f"Bearer {api_token(engineer)}"})
        assert response.status_code == 200
        assert client.get(url, headers={"Authorization": "Bearer wrong"}).status_code == 401

    def test_anonymous_is_sent_to_log_in(self, client, actions, crew, main_engine, c32_manual):
        url = without_fragment(link_for(actions.as_user(crew), main_engine))

        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/login/")

    def test_link_older_than_30_minutes_is_refused(self, actions, crew, main_engine, c32_manual):
        as_crew = actions.as_user(crew)
        url = without_fragment(link_for(as_crew, main_engine))
        later = time.time() + LINK_LIFETIME_SECONDS + 5

        with mock.patch("django.core.signing.time.time", return_value=later):
            response = as_crew.client.get(url)

        assert response.status_code == 403
        assert b"expired" in response.content

    def test_link_just_inside_30_minutes_works(self, actions, crew, main_engine, c32_manual):
        as_crew = actions.as_user(crew)
        url = without_fragment(link_for(as_crew, main_engine))

        with mock.patch("django.core.signing.time.time", return_value=time.time() + LINK_LIFETIME_SECONDS - 5):
            assert as_crew.client.get(url).status_code == 200

    def test_tampered_link_is_refused(
        self, aurora, chief, actions, crew, main_engine, c32_manual, django_capture_on_commit_callbacks
    ):
        as_crew = actions.as_user(crew)
        url = without_fragment(link_for(as_crew, main_engine))
        path, token = url.split("?token=")
        other = upload(aurora, chief, b"%PDF-1.4 other", capture=django_capture_on_commit_callbacks)

        forged = f"{path}?token={token[:-1]}{'A' if token[-1] != 'A' else 'B'}"
        assert as_crew.client.get(forged).status_code == 403
        assert as_crew.client.get(path).status_code == 403
        # A valid token is bound to its own document.
        assert as_crew.client.get(f"/manuals/{other.pk}/file/?token={token}").status_code == 403

    def test_member_of_another_vessel_gets_404(self, actions, crew, borealis_chief, main_engine, c32_manual):
        url = without_fragment(link_for(actions.as_user(crew), main_engine))

        assert actions.as_user(borealis_chief).client.get(url).status_code == 404

    def test_inactive_membership_gets_404(self, actions, aurora, main_engine, c32_manual):
        former = member(aurora)
        as_former = actions.as_user(former)
        url = without_fragment(link_for(as_former, main_engine))
        membership = former.memberships.get()
        membership.active = False
        membership.save()

        assert as_former.client.get(url).status_code == 404


class TestS3Storage:
    @pytest.fixture
    def s3_manual(self, s3_storage, aurora, chief, cooling_pdf, django_capture_on_commit_callbacks):
        return upload(aurora, chief, cooling_pdf, capture=django_capture_on_commit_callbacks)

    def test_upload_lands_in_the_bucket_and_is_split_from_there(self, s3_storage, s3_manual, cooling_pdf):
        assert s3_manual.status == "ready"
        assert s3_manual.sections.count() == 4
        stored = s3_storage.get_object(Bucket=BUCKET, Key=s3_manual.file.name)["Body"].read()
        assert stored == cooling_pdf
        assert s3_manual.file.name == f"manuals/{s3_manual.vessel_id}/{s3_manual.pk}.pdf"

    def test_presigned_link_serves_the_pdf_for_30_minutes(self, actions, crew, main_engine, s3_manual, cooling_pdf):
        url = link_for(actions.as_user(crew), main_engine, fault_code="A-102")

        parts = urlsplit(url)
        query = parse_qs(parts.query)
        assert parts.fragment == "page=6"
        assert parts.path == f"/{BUCKET}/{s3_manual.file.name}"
        assert query["X-Amz-Algorithm"] == ["AWS4-HMAC-SHA256"]
        assert query["X-Amz-Expires"] == ["1800"]
        assert query["response-content-disposition"] == ["inline"]
        assert query["response-content-type"] == ["application/pdf"]

        with urllib.request.urlopen(without_fragment(url), timeout=10) as response:
            assert response.status == 200
            assert response.headers["Content-Type"] == "application/pdf"
            assert response.read() == cooling_pdf

    def test_missing_object_is_storage_access_error(self, actions, crew, main_engine, s3_storage, s3_manual):
        s3_storage.delete_object(Bucket=BUCKET, Key=s3_manual.file.name)

        response = actions.as_user(crew).execute("show_manual_section", {"equipment_id": str(main_engine.pk)})

        assert response.status_code == 502
        assert response.json()["error"]["code"] == "STORAGE_ACCESS_ERROR"

    def test_section_page_links_to_s3(self, client, crew, s3_manual):
        client.force_login(crew)
        section = s3_manual.sections.get(title="2 Cooling system")

        page = client.get(section.get_absolute_url()).content.decode()

        assert f"/{BUCKET}/{s3_manual.file.name}?" in page
        assert "#page=3" in page
        assert "Open PDF at page 3" in page
