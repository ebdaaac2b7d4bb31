from photos.links import image_link, thumbnail_link
from pms.serializers import iso, name_of, values

PHOTO_FIELDS = ["fault", "work_order", "step_result", "width", "height", "size", "sha256", "content_type", "caption"]


def photo_dict(photo) -> dict:
    """A photo with its signed links (valid 30 minutes); `thumbnail_url` is null while the thumbnail is made."""
    return {
        **values(photo, PHOTO_FIELDS),
        "target": photo.target_kind,
        "original_name": photo.original_name,
        "taken_by": name_of(photo.taken_by),
        "taken_at": iso(photo.created_at),
        "url": image_link(photo),
        "thumbnail_url": thumbnail_link(photo),
    }
