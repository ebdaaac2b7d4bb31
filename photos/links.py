"""Time-limited links to a photo and its thumbnail (the kernel's `pms.filelinks`, as manuals use).

S3: presigned GETs (30 minutes). Local disk: signed URLs to `photos:file` and `photos:thumbnail`,
which check the token, its age and the user's membership of the photo's vessel.
"""

from pms import filelinks
from pms.filelinks import StorageAccessError

SIGNING_SALT = "photos.file-link"
filelinks.register_link_view("photos:file", model="photos.photo", salt=SIGNING_SALT)
filelinks.register_link_view("photos:thumbnail", model="photos.photo", salt=SIGNING_SALT)


def file_token(photo) -> str:
    return filelinks.file_token(photo, salt=SIGNING_SALT)


def image_link(photo) -> str | None:
    """The link to the photo itself; None when storage cannot be reached."""
    return _link(photo, photo.image, "photos:file", photo.content_type)


def thumbnail_link(photo) -> str | None:
    """The link to its thumbnail; None while the thumbnail is still being made."""
    if not photo.thumbnail:
        return None
    return _link(photo, photo.thumbnail, "photos:thumbnail", "image/jpeg")


def _link(photo, field_file, view_name, content_type) -> str | None:
    try:
        url, _ = filelinks.signed_link(
            photo,
            field_file,
            view_name=view_name,
            salt=SIGNING_SALT,
            content_type=content_type,
            check_exists=False,  # a list of photos makes many links: no storage round trip per link
            what="The photo",
        )
    except StorageAccessError:
        return None
    return url
