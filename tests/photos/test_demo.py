"""The demo fleet has a photo on an AURORA fault, stored as any photo is."""

import io

import pytest
from django.core.management import call_command

from photos.models import Photo
from pms.models import Upload
from tests.photos.conftest import stored_image

pytestmark = pytest.mark.django_db


def test_the_demo_puts_a_photo_with_its_thumbnail_on_an_aurora_fault(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", stdout=io.StringIO())

    photo = Photo.objects.get(fault__isnull=False)
    on_step = Photo.objects.get(step_result__isnull=False)
    assert on_step.step_result.failed and on_step.step_result.work_order.planned.job.code == "WM-1-CLEAN"
    assert photo.vessel.code == "AURORA" and photo.fault is not None
    assert photo.taken_by.username == "engineer" and (photo.width, photo.height) == (640, 480)
    assert photo.thumbnail and stored_image(photo).format == "JPEG"
    assert not Upload.objects.exists()
