from django.tasks import task

from photos.thumbnails import make_thumbnail


@task
def make_photo_thumbnail(photo_id: str) -> str:
    """Make the thumbnail of a stored photo (see photos.thumbnails); returns its storage key."""
    return make_thumbnail(photo_id=photo_id)
