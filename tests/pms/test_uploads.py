"""Staged uploads: the file goes first, checked for its purpose; an action names it by id."""

import hashlib

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from pms import uploads
from pms.actions.base import ActionError
from pms.models import Upload
from tests.actions import error_code


def _refuse_non_text(uploaded):
    if not uploaded.read(5).startswith(b"hello"):
        raise ValidationError("This is not a greeting.")


uploads.register_purpose("test-greeting", max_bytes=1024, accept="text/plain", check=_refuse_non_text)


@pytest.fixture
def as_engineer(actions, engineer):
    return actions.as_user(engineer)


def test_a_checked_file_is_staged_with_its_digest(as_engineer, engineer, aurora):
    response = as_engineer.upload(b"hello, world", name="greeting.txt", purpose="test-greeting")

    assert response.status_code == 201, response.json()
    body = response.json()
    upload = Upload.objects.get(pk=body["upload_id"])
    assert (upload.vessel, upload.uploaded_by, upload.purpose) == (aurora, engineer, "test-greeting")
    assert body["sha256"] == upload.sha256 == hashlib.sha256(b"hello, world").hexdigest()
    assert body["size"] == upload.size == 12
    with upload.file.open("rb") as stored:
        assert stored.read() == b"hello, world"


@pytest.mark.parametrize(
    ("content", "code", "status"),
    [
        (b"", "UPLOAD_EMPTY", 400),
        (b"hello" + b"x" * 2000, "UPLOAD_TOO_LARGE", 413),
        (b"%PDF-1.7 not a greeting", "UPLOAD_REFUSED", 400),
    ],
)
def test_a_refused_file_leaves_nothing_behind(as_engineer, content, code, status, settings):
    response = as_engineer.upload(content, name="x.txt", purpose="test-greeting")

    assert response.status_code == status
    assert error_code(response) == code
    assert response.json()["error"]["field"] == "file"
    assert Upload.objects.count() == 0
    assert not (settings.MEDIA_ROOT / "uploads").exists()


def test_a_body_past_the_limit_is_refused_before_it_is_read(as_engineer):
    response = as_engineer.client.post(
        "/uploads/?purpose=test-greeting",
        b"x" * 10,
        content_type="multipart/form-data; boundary=zz",
        headers={"Content-Length": str(10 * 1024 * 1024)},
    )

    assert response.status_code == 413
    assert error_code(response) == "UPLOAD_TOO_LARGE"
    assert Upload.objects.count() == 0


def test_an_unknown_purpose_or_no_file_is_a_validation_error(as_engineer):
    unknown = as_engineer.upload(b"hello", name="x.txt", purpose="nonsense")
    missing = as_engineer.client.post("/uploads/", {"purpose": "test-greeting"})

    assert (unknown.status_code, error_code(unknown)) == (400, "VALIDATION_ERROR")
    assert (missing.status_code, error_code(missing)) == (400, "VALIDATION_ERROR")
    assert Upload.objects.count() == 0


def test_uploads_need_a_login_and_a_post(client):
    assert client.post("/uploads/", {"purpose": "test-greeting"}).status_code == 401
    assert client.get("/api/v1/uploads").status_code == 401


def test_the_api_takes_a_bearer_token_and_a_vessel_code(actions, engineer, aurora):
    response = actions.with_token(engineer).upload(b"hello", name="a.txt", purpose="test-greeting", vessel="AURORA")

    assert response.status_code == 201
    assert Upload.objects.get(pk=response.json()["upload_id"]).vessel == aurora


def test_a_vessel_you_do_not_serve_on_is_not_found(as_engineer, borealis):
    response = as_engineer.upload(b"hello", name="a.txt", purpose="test-greeting", vessel=borealis.code)

    assert response.status_code == 404
    assert Upload.objects.count() == 0


def test_take_finds_a_vessels_upload_for_its_purpose_only(actions, engineer, chief, borealis_chief, aurora, borealis):
    upload_id = actions.as_user(engineer).upload_id(b"hello", name="a.txt", purpose="test-greeting")

    assert str(uploads.take(upload_id, user=engineer, vessel=aurora, purpose="test-greeting").pk) == upload_id
    assert str(uploads.take(upload_id, user=chief, vessel=aurora, purpose="test-greeting").pk) == upload_id
    for user, vessel, purpose in [
        (borealis_chief, aurora, "test-greeting"),
        (borealis_chief, borealis, "test-greeting"),
        (engineer, borealis, "test-greeting"),
        (engineer, aurora, "photo-of-something-else"),
    ]:
        with pytest.raises(ActionError) as refused:
            uploads.take(upload_id, user=user, vessel=vessel, purpose=purpose)
        assert refused.value.code == "UPLOAD_NOT_FOUND"
        assert refused.value.http_status == 404
    with pytest.raises(ActionError):
        uploads.take("not-a-uuid", user=engineer, vessel=aurora, purpose="test-greeting")


def test_purge_removes_stale_uploads_and_their_files(actions, engineer, settings):
    from datetime import timedelta

    from django.utils import timezone

    as_engineer = actions.as_user(engineer)
    old = Upload.objects.get(pk=as_engineer.upload_id(b"hello old", name="old.txt", purpose="test-greeting"))
    fresh = as_engineer.upload_id(b"hello new", name="new.txt", purpose="test-greeting")
    Upload.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=2))
    old_path = settings.MEDIA_ROOT / old.file.name

    call_command("purge_uploads")

    assert [str(pk) for pk in Upload.objects.values_list("pk", flat=True)] == [fresh]
    assert not old_path.exists()


def test_the_upload_widget_renders_a_camera_input_for_its_purpose(aurora):
    from django import forms

    from pms.actions.forms import ActionForm, UploadField

    uploads.register_purpose("test-camera", max_bytes=15 * 1024 * 1024, accept="image/*", capture=True)

    class PhotoForm(ActionForm):
        upload_id = UploadField(purpose="test-camera")

    html = str(PhotoForm(vessel=aurora)["upload_id"])
    assert 'type="file"' in html and 'accept="image/*"' in html and 'capture="environment"' in html
    assert 'type="hidden" name="upload_id"' in html
    assert f'data-vessel="{aurora.code}"' in html
    assert "At most 15 MB." in html
    bad = PhotoForm(data={"upload_id": "../../etc/passwd"})
    assert not bad.is_valid() and "upload_id" in bad.errors
    assert isinstance(PhotoForm.base_fields["upload_id"], forms.CharField)
