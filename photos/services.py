"""Writes: storing a photo (the only code that creates a Photo)."""

import hashlib

from django.core.files.base import ContentFile
from django.db import transaction

from photos import images
from photos.models import Photo
from photos.tasks import make_photo_thumbnail


def store_photo(*, vessel, taken_by, upload, caption: str = "", **target) -> Photo:
    """Re-encode the staged `upload` without metadata, store it as a photo on `target`
    (fault=, work_order= or step_result=) and consume the upload.

    Its thumbnail is made in the background once this commits.
    """
    with upload.file.open("rb") as handle:
        encoded = images.reencode(handle)
    photo = Photo(
        vessel=vessel,
        taken_by=taken_by,
        caption=caption,
        original_name=upload.name,
        width=encoded.width,
        height=encoded.height,
        size=len(encoded.content),
        sha256=hashlib.sha256(encoded.content).hexdigest(),
        content_type=encoded.content_type,
        **target,
    )
    photo.image.save(f"photo.{encoded.extension}", ContentFile(encoded.content), save=False)
    photo.save(force_insert=True)
    staged = upload.file
    upload.delete()
    # The staged file goes once the photo is committed (kept if this rolls back).
    transaction.on_commit(lambda: staged.delete(save=False))
    transaction.on_commit(lambda: make_photo_thumbnail.enqueue(str(photo.pk)))
    return photo
