"""The thumbnail of a stored photo, made in the background (photos.tasks) once its photo is committed."""

import logging

from django.core.files.base import ContentFile
from django.db import transaction

from audit.context import audit_context
from photos import images
from photos.models import Photo
from pms.filelinks import STORAGE_ERRORS

logger = logging.getLogger(__name__)


def make_thumbnail(*, photo_id: str) -> str:
    """Store the thumbnail of photo `photo_id`; returns its storage key ("" when the photo is gone or unreadable).

    Run twice, it keeps the first thumbnail.
    """
    with (
        audit_context(actor=None, actor_label="system:make_photo_thumbnail", action_name="make_photo_thumbnail"),
        transaction.atomic(),
    ):
        photo = Photo.objects.select_for_update().filter(pk=photo_id).first()
        if photo is None:
            return ""
        if photo.thumbnail:
            return photo.thumbnail.name
        try:
            with photo.image.open("rb") as handle:
                content = images.thumbnail(handle)
        except STORAGE_ERRORS as exc:
            logger.warning("photo %s: image unreadable from storage: %s", photo.pk, exc)
            return ""
        photo.thumbnail.save("thumb.jpg", ContentFile(content), save=False)
        photo.save(update_fields=["thumbnail"])
        return photo.thumbnail.name
