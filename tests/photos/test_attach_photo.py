"""attach_photo: any member attaches a checked photo, stored without location or camera data."""

import hashlib
import io
import struct
import zlib

import pytest
from PIL import Image

from audit.models import AuditEntry
from photos.models import Photo
from photos.tasks import make_photo_thumbnail
from photos.thumbnails import make_thumbnail
from pms.models import Upload
from tests.actions import error_code
from tests.factories import FaultFactory, StepResultFactory, WorkOrderFactory, jpeg_bytes, member
from tests.photos.conftest import attach, gps_exif, png_bytes, stage, stored_files, stored_image

pytestmark = pytest.mark.django_db


def png_bomb(width=100_000, height=100_000) -> bytes:
    """A valid, tiny PNG whose header declares width × height pixels (10 gigapixels by default)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\0" * 4096, 9)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


@pytest.fixture
def as_crew(actions, crew):
    return actions.as_user(crew)


class TestAttaching:
    def test_crew_attach_a_photo_to_a_fault(
        self, as_crew, crew, fault, jpeg, settings, django_capture_on_commit_callbacks
    ):
        upload_id = stage(as_crew, jpeg)

        with django_capture_on_commit_callbacks(execute=True):
            response = attach(as_crew, upload_id, fault_id=fault)

        assert response.status_code == 200, response.json()
        photo = Photo.objects.get()
        assert (photo.fault, photo.work_order, photo.step_result, photo.vessel) == (fault, None, None, fault.vessel)
        assert (photo.taken_by, photo.caption, photo.original_name) == (crew, "Cracked vane", "IMG_0001.jpg")
        assert (photo.width, photo.height, photo.content_type) == (64, 48, "image/jpeg")
        with photo.image.open("rb") as handle:
            content = handle.read()
        assert photo.size == len(content) and photo.sha256 == hashlib.sha256(content).hexdigest()
        assert photo.image.name == f"photos/{fault.vessel_id}/{photo.pk}.jpg"
        assert photo.thumbnail.name == f"photos/{fault.vessel_id}/{photo.pk}-thumb.jpg"
        # The staged upload is consumed: its row and its file.
        assert not Upload.objects.exists()
        assert stored_files(settings) == sorted([photo.image.name, photo.thumbnail.name])
        result = response.json()["result"]
        assert result["photo"]["fault_id"] == str(fault.pk) and result["target"] == {
            "kind": "fault",
            "id": str(fault.pk),
        }
        assert AuditEntry.objects.filter(object_id=str(photo.pk), action_name="attach_photo").exists()

    def test_a_photo_on_a_work_order_and_on_a_step_result(self, as_crew, work_order, step_result, jpeg):
        assert attach(as_crew, stage(as_crew, jpeg), work_order_id=work_order).status_code == 200
        assert attach(as_crew, stage(as_crew, jpeg), step_result_id=step_result).status_code == 200

        assert Photo.objects.filter(work_order=work_order, fault=None, step_result=None).count() == 1
        assert Photo.objects.filter(step_result=step_result, fault=None, work_order=None).count() == 1

    def test_a_completed_work_order_still_takes_photos_as_evidence(self, as_crew, work_order, jpeg):
        work_order.status = "completed"
        work_order.save()
        payload = {"work_order_id": str(work_order.pk), "upload_id": stage(as_crew, jpeg)}

        preview = as_crew.preview("attach_photo", payload).json()["preview"]
        response = as_crew.run("attach_photo", payload)

        assert response.status_code == 200, response.json()
        assert any("signed completion does not change" in s for s in preview["side_effects"])
        assert Photo.objects.filter(work_order=work_order).count() == 1

    def test_the_preview_shows_what_will_be_stored_and_changes_nothing(self, as_crew, fault):
        upload_id = stage(as_crew, jpeg_bytes((300, 200)), name="pump.jpg")

        response = as_crew.preview("attach_photo", {"fault_id": str(fault.pk), "upload_id": upload_id})

        assert response.status_code == 200, response.json()
        preview = response.json()["preview"]
        shown = {c["field"]: c["to"] for c in preview["changes"]}
        assert shown["fault"] == "fault E047" and shown["file"] == "pump.jpg" and shown["dimensions"] == "300 × 200"
        assert shown["size"].endswith("KB")
        assert any("Location and camera data removed" in s for s in preview["side_effects"])
        assert not Photo.objects.exists() and Upload.objects.count() == 1

    def test_exactly_one_target(self, as_crew, fault, work_order, jpeg):
        upload_id = stage(as_crew, jpeg)
        both = {"fault_id": str(fault.pk), "work_order_id": str(work_order.pk), "upload_id": upload_id}

        for payload in (both, {"upload_id": upload_id}):
            response = as_crew.execute("attach_photo", payload)
            assert (response.status_code, error_code(response)) == (400, "VALIDATION_ERROR")
        assert not Photo.objects.exists() and Upload.objects.count() == 1

    def test_the_database_refuses_a_photo_on_two_records(self, fault, work_order, crew):
        from django.db import IntegrityError, transaction

        from tests.factories import PhotoFactory

        with pytest.raises(IntegrityError), transaction.atomic():
            PhotoFactory(fault=fault, work_order=work_order, taken_by=crew)

    def test_a_replay_of_the_same_key_stores_one_photo(self, as_crew, fault, jpeg):
        payload = {"fault_id": str(fault.pk), "upload_id": stage(as_crew, jpeg)}

        first = as_crew.execute("attach_photo", payload, key="tap-1")
        again = as_crew.execute("attach_photo", payload, key="tap-1")
        other_key = as_crew.execute("attach_photo", payload, key="tap-2")

        assert first.status_code == again.status_code == 200
        assert again.json() == first.json()
        # The upload was consumed by the first: a second attach with another key finds nothing to take.
        assert (other_key.status_code, error_code(other_key)) == (404, "UPLOAD_NOT_FOUND")
        assert Photo.objects.count() == 1

    def test_the_html_flow_attaches_from_the_fault_page_button(self, as_crew, fault, jpeg):
        page = as_crew.client.get(fault.get_absolute_url()).content.decode()
        assert "/actions/attach_photo/?fault_id=" in page

        form = as_crew.html_get("attach_photo", fault_id=str(fault.pk))
        assert form.status_code == 200
        html = form.content.decode()
        assert 'capture="environment"' in html and 'accept="image/jpeg,image/png,image/heic,image/heif"' in html


class TestWhatIsStored:
    def test_exif_and_gps_are_gone_from_the_stored_photo(self, as_crew, fault):
        original = jpeg_bytes((64, 48), exif=gps_exif())
        assert Image.open(io.BytesIO(original)).getexif().get_ifd(0x8825)  # the phone's file has a position

        assert attach(as_crew, stage(as_crew, original), fault_id=fault).status_code == 200

        image = stored_image(Photo.objects.get())
        assert dict(image.getexif()) == {}
        assert image.getexif().get_ifd(0x8825) == {}
        assert "exif" not in image.info and "xmp" not in image.info
        with Photo.objects.get().image.open("rb") as handle:
            content = handle.read()
        assert b"Apple" not in content and b"iPad" not in content

    def test_the_orientation_is_applied_to_the_pixels(self, as_crew, fault):
        # Stored 64 wide × 48 high, shown turned a quarter (orientation 6): upright it is 48 × 64.
        original = jpeg_bytes((64, 48), exif=gps_exif(orientation=6))

        assert attach(as_crew, stage(as_crew, original), fault_id=fault).status_code == 200

        photo = Photo.objects.get()
        assert (photo.width, photo.height) == (48, 64)
        assert stored_image(photo).size == (48, 64)

    def test_a_png_stays_png(self, as_crew, fault):
        assert attach(as_crew, stage(as_crew, png_bytes(), name="screen.png"), fault_id=fault).status_code == 200

        photo = Photo.objects.get()
        assert photo.content_type == "image/png" and photo.image.name.endswith(".png")
        assert stored_image(photo).format == "PNG"

    def test_a_heic_photo_is_stored_as_jpeg(self, as_crew, fault):
        pytest.importorskip("pillow_heif")
        out = io.BytesIO()
        Image.new("RGB", (40, 30), "orange").save(out, format="HEIF", exif=gps_exif().tobytes())

        response = attach(as_crew, stage(as_crew, out.getvalue(), name="IMG_0002.HEIC"), fault_id=fault)

        assert response.status_code == 200, response.json()
        photo = Photo.objects.get()
        assert photo.content_type == "image/jpeg" and stored_image(photo).format == "JPEG"
        assert dict(stored_image(photo).getexif()) == {}


class TestRefusedFiles:
    @pytest.mark.parametrize(
        ("content", "name", "code", "status", "words"),
        [
            (
                b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF",
                "IMG_0003.jpg",
                "UPLOAD_REFUSED",
                400,
                "not a photo",
            ),
            (png_bomb(), "IMG_0004.png", "UPLOAD_REFUSED", 400, "megapixels"),
            (png_bomb(8000, 8000), "IMG_0005.png", "UPLOAD_REFUSED", 400, "megapixels"),
            (b"", "IMG_0006.jpg", "UPLOAD_EMPTY", 400, "empty"),
            (b"\xff\xd8\xff" + b"\0" * (20 * 1024 * 1024), "IMG_0007.jpg", "UPLOAD_TOO_LARGE", 413, "15 MB"),
        ],
        ids=["pdf-renamed-jpg", "decompression-bomb", "64-megapixels", "zero-bytes", "20-mb"],
    )
    def test_a_bad_file_is_refused_with_a_clear_message_and_nothing_is_stored(
        self, as_crew, fault, settings, content, name, code, status, words
    ):
        response = as_crew.upload(content, name=name, purpose="photo")

        assert response.status_code == status
        error = response.json()["error"]
        assert (error["code"], error["field"]) == (code, "file")
        assert words in error["message"], error["message"]
        assert not Upload.objects.exists() and not Photo.objects.exists()
        assert stored_files(settings) == []

    def test_a_truncated_photo_is_refused(self, as_crew, settings):
        whole = jpeg_bytes((400, 300), color="red")

        response = as_crew.upload(whole[: len(whole) * 2 // 3], name="IMG_0008.jpg", purpose="photo")

        assert (response.status_code, error_code(response)) == (400, "UPLOAD_REFUSED")
        assert not Upload.objects.exists() and stored_files(settings) == []


class TestIsolation:
    def test_another_vessels_target_is_not_found(self, as_crew, borealis, jpeg):
        theirs_fault = FaultFactory(equipment__vessel=borealis)
        theirs_order = WorkOrderFactory(vessel=borealis)
        theirs_result = StepResultFactory(step__work_order=theirs_order)
        upload_id = stage(as_crew, jpeg)

        for field, record, code in [
            ("fault_id", theirs_fault, "FAULT_NOT_FOUND"),
            ("work_order_id", theirs_order, "WO_NOT_FOUND"),
            ("step_result_id", theirs_result, "STEP_RESULT_NOT_FOUND"),
        ]:
            response = as_crew.execute("attach_photo", {field: str(record.pk), "upload_id": upload_id})
            assert (response.status_code, error_code(response)) == (404, code)
        assert not Photo.objects.exists() and Upload.objects.count() == 1

    def test_another_vessels_upload_is_not_found(self, actions, as_crew, borealis, borealis_chief, fault, jpeg):
        theirs = stage(actions.as_user(borealis_chief), jpeg)

        response = as_crew.execute("attach_photo", {"fault_id": str(fault.pk), "upload_id": theirs})

        assert (response.status_code, error_code(response)) == (404, "UPLOAD_NOT_FOUND")
        assert not Photo.objects.exists() and Upload.objects.filter(pk=theirs).exists()

    def test_an_upload_staged_for_another_purpose_is_not_found(self, as_crew, crew, aurora, fault):
        other = Upload.objects.create(
            vessel=aurora, uploaded_by=crew, purpose="manual", file="uploads/x", name="x.pdf", size=1, sha256="0" * 64
        )

        response = as_crew.execute("attach_photo", {"fault_id": str(fault.pk), "upload_id": str(other.pk)})

        assert (response.status_code, error_code(response)) == (404, "UPLOAD_NOT_FOUND")

    def test_every_role_may_attach(self, actions, aurora, fault, jpeg):
        for role in ("crew", "engineer", "eto", "chief_engineer", "captain", "manager"):
            person = actions.as_user(member(aurora, role))
            assert attach(person, stage(person, jpeg), fault_id=fault).status_code == 200, role
        assert Photo.objects.count() == 6


class TestThumbnail:
    def test_the_task_makes_a_thumbnail_once(self, as_crew, fault):
        assert attach(as_crew, stage(as_crew, jpeg_bytes((1200, 900))), fault_id=fault).status_code == 200
        photo = Photo.objects.get()
        assert not photo.thumbnail  # on_commit did not run: the task is still to come

        name = make_photo_thumbnail.func(str(photo.pk))

        photo.refresh_from_db()
        assert name == photo.thumbnail.name
        with photo.thumbnail.open("rb") as handle:
            thumb = Image.open(io.BytesIO(handle.read()))
        assert thumb.format == "JPEG" and max(thumb.size) == 320 and thumb.size == (320, 240)
        assert make_thumbnail(photo_id=str(photo.pk)) == name  # a second run keeps it
        entry = AuditEntry.objects.filter(object_id=str(photo.pk)).order_by("-id").first()
        assert entry.actor_label == "system:make_photo_thumbnail"

    def test_a_photo_gone_before_its_task_is_no_error(self, db):
        import uuid

        assert make_thumbnail(photo_id=str(uuid.uuid4())) == ""
