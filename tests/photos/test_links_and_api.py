"""A photo is seen only through a signed, fresh link by a member of its vessel; the read API lists photos with links."""

import time
import urllib.request
from unittest import mock
from urllib.parse import parse_qs, urlsplit

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from photos.links import image_link, thumbnail_link
from photos.selectors import photos_for_step_results
from pms.filelinks import LINK_LIFETIME_SECONDS
from tests.factories import PhotoFactory, StepResultFactory, api_token, jpeg_bytes, member
from tests.photos.conftest import attach, stage
from tests.s3 import BUCKET

pytestmark = pytest.mark.django_db


@pytest.fixture
def photo(fault, crew):
    return PhotoFactory(fault=fault, taken_by=crew)


def read(response) -> bytes:
    return b"".join(response.streaming_content)


class TestLocalLinks:
    def test_a_member_with_a_fresh_link_gets_the_image(self, client, crew, photo):
        client.force_login(crew)

        response = client.get(image_link(photo))
        thumb = client.get(thumbnail_link(photo))

        assert response.status_code == 200
        with photo.image.open("rb") as handle:
            assert read(response) == handle.read()
        assert response["Content-Type"] == "image/jpeg" and response["X-Content-Type-Options"] == "nosniff"
        assert response["Content-Disposition"].startswith("inline")
        assert thumb.status_code == 200 and read(thumb)[:3] == b"\xff\xd8\xff"

    def test_an_expired_or_tampered_link_is_refused(self, client, crew, photo, fault):
        client.force_login(crew)
        url = image_link(photo)
        path, token = url.split("?token=")
        other = PhotoFactory(fault=fault, taken_by=crew)

        with mock.patch("django.core.signing.time.time", return_value=time.time() + LINK_LIFETIME_SECONDS + 5):
            expired = client.get(url)
        assert expired.status_code == 403 and b"expired" in expired.content
        assert client.get(f"{path}?token={token[:-1]}{'A' if token[-1] != 'A' else 'B'}").status_code == 403
        assert client.get(path).status_code == 403
        # A token opens its own photo only.
        assert client.get(f"/photos/{other.pk}/file?token={token}").status_code == 403

    def test_a_member_of_another_vessel_gets_404(self, client, borealis_chief, photo):
        client.force_login(borealis_chief)

        assert client.get(image_link(photo)).status_code == 404
        assert client.get(thumbnail_link(photo)).status_code == 404

    def test_anonymous_is_sent_to_log_in_and_a_bearer_token_works(self, client, engineer, photo):
        url = image_link(photo)

        assert client.get(url).status_code == 302
        assert client.get(url, headers={"Authorization": f"Bearer {api_token(engineer)}"}).status_code == 200
        assert client.get(url, headers={"Authorization": "Bearer wrong"}).status_code == 401

    def test_no_thumbnail_yet_is_404_and_the_link_is_none(self, client, crew, fault):
        pending = PhotoFactory(fault=fault, taken_by=crew, thumbnail="")
        client.force_login(crew)

        assert thumbnail_link(pending) is None
        assert client.get(image_link(pending).replace("/file?", "/thumbnail?")).status_code == 404


class TestS3Links:
    def test_the_photo_lands_in_the_bucket_and_its_link_is_presigned(
        self, s3_storage, actions, crew, fault, django_capture_on_commit_callbacks
    ):
        as_crew = actions.as_user(crew)
        with django_capture_on_commit_callbacks(execute=True):
            response = attach(as_crew, stage(as_crew, jpeg_bytes((200, 100))), fault_id=fault)
        assert response.status_code == 200, response.json()

        listed = as_crew.client.get("/api/v1/photos", {"fault": str(fault.pk)}).json()["items"]

        [item] = listed
        url = urlsplit(item["url"])
        query = parse_qs(url.query)
        key = f"photos/{fault.vessel_id}/{item['id']}.jpg"
        assert url.path == f"/{BUCKET}/{key}"
        assert query["X-Amz-Algorithm"] == ["AWS4-HMAC-SHA256"] and query["X-Amz-Expires"] == ["1800"]
        assert query["response-content-type"] == ["image/jpeg"]
        stored = s3_storage.get_object(Bucket=BUCKET, Key=key)["Body"].read()
        with urllib.request.urlopen(item["url"], timeout=10) as fetched:
            assert fetched.status == 200 and fetched.headers["Content-Type"] == "image/jpeg"
            assert fetched.read() == stored
        with urllib.request.urlopen(item["thumbnail_url"], timeout=10) as fetched:
            assert fetched.read()[:3] == b"\xff\xd8\xff"
        # Nothing is left of the staged upload in the bucket.
        keys = [o["Key"] for o in s3_storage.list_objects_v2(Bucket=BUCKET, Prefix="uploads/").get("Contents", [])]
        assert keys == []


class TestReadApi:
    def test_photos_are_listed_with_their_links_and_targets(self, client, crew, fault, work_order, step_result):
        on_fault = PhotoFactory(fault=fault, taken_by=crew)
        on_order = PhotoFactory(work_order=work_order, taken_by=crew)
        on_step = PhotoFactory(step_result=step_result, taken_by=crew)
        client.force_login(crew)

        items = {i["id"]: i for i in client.get("/api/v1/photos").json()["items"]}

        assert set(items) == {str(on_fault.pk), str(on_order.pk), str(on_step.pk)}
        item = items[str(on_fault.pk)]
        assert (item["target"], item["fault_id"], item["work_order_id"]) == ("fault", str(fault.pk), None)
        assert item["url"].startswith(f"/photos/{on_fault.pk}/file?token=")
        assert item["thumbnail_url"].startswith(f"/photos/{on_fault.pk}/thumbnail?token=")
        assert client.get(item["url"]).status_code == 200
        assert items[str(on_step.pk)]["step_result_id"] == str(step_result.pk)

    def test_the_list_filters_by_record(self, client, crew, fault, work_order):
        on_fault = PhotoFactory(fault=fault, taken_by=crew)
        on_order = PhotoFactory(work_order=work_order, taken_by=crew)
        client.force_login(crew)

        by_fault = client.get("/api/v1/photos", {"fault": str(fault.pk)}).json()["items"]
        by_order = client.get("/api/v1/photos", {"work_order": str(work_order.pk)}).json()["items"]
        bad = client.get("/api/v1/photos", {"work_order": "nope"})

        assert [i["id"] for i in by_fault] == [str(on_fault.pk)]
        assert [i["id"] for i in by_order] == [str(on_order.pk)]
        assert bad.status_code == 400 and bad.json()["error"]["field"] == "work_order"

    def test_another_vessels_photos_are_not_listed(self, client, borealis_chief, photo):
        client.force_login(borealis_chief)

        assert client.get("/api/v1/photos").json()["items"] == []
        assert client.get(f"/api/v1/photos/{photo.pk}").status_code == 404

    def test_attach_photo_and_the_collection_are_in_openapi(self, client, crew):
        client.force_login(crew)
        spec = client.get("/api/v1/openapi.json").json()

        assert "/api/v1/actions/attach_photo/execute" in spec["paths"]
        params = {p["name"] for p in spec["paths"]["/api/v1/photos"]["get"]["parameters"]}
        assert {"fault", "work_order", "step_result"} <= params


class TestPages:
    def test_the_fault_page_shows_thumbnails_and_a_placeholder_while_pending(self, client, crew, fault):
        done = PhotoFactory(fault=fault, taken_by=crew, caption="Seal weeping")
        PhotoFactory(fault=fault, taken_by=crew, thumbnail="", caption="Just taken")
        client.force_login(crew)

        page = client.get(fault.get_absolute_url()).content.decode()

        assert f"/photos/{done.pk}/thumbnail?token=" in page
        assert "Thumbnail being made" in page and "Seal weeping" in page
        assert "Attach a photo" in page

    def test_the_work_order_page_shows_its_photos_and_its_steps_photos(self, client, crew, work_order, step_result):
        PhotoFactory(work_order=work_order, taken_by=crew, caption="Before")
        PhotoFactory(step_result=step_result, taken_by=crew, caption="Vane detail")
        client.force_login(crew)

        page = client.get(work_order.get_absolute_url()).content.decode()

        assert "Before" in page and "Vane detail" in page and "Attach a photo" in page

    def test_the_equipment_page_shows_the_latest_photos(self, client, crew, fault):
        PhotoFactory(fault=fault, taken_by=crew, caption="Seal weeping")
        client.force_login(crew)

        page = client.get(fault.equipment.get_absolute_url()).content.decode()

        assert "Latest photos" in page and "Seal weeping" in page

    def test_step_results_photos_come_in_one_query(self, crew, work_order, step_result):
        other = StepResultFactory(step__work_order=work_order, recorded_by=crew)
        first = PhotoFactory(step_result=step_result, taken_by=crew)
        second = PhotoFactory(step_result=step_result, taken_by=crew)
        third = PhotoFactory(step_result=other, taken_by=crew)
        empty = StepResultFactory(step__work_order=work_order, recorded_by=crew)

        with CaptureQueriesContext(connection) as queries:
            found = photos_for_step_results([step_result, other, empty])
            names = [p.taken_by.username for photos in found.values() for p in photos]

        assert len(queries) == 1 and names
        assert found == {step_result.pk: [first, second], other.pk: [third]}


def test_a_crew_member_who_left_the_vessel_gets_404(client, aurora, fault):
    former = member(aurora)
    photo = PhotoFactory(fault=fault, taken_by=former)
    client.force_login(former)
    url = image_link(photo)
    membership = former.memberships.get()
    membership.active = False
    membership.save()

    assert client.get(url).status_code == 404
