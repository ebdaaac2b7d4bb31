"""A photo's file and its thumbnail, behind signed links (pms.filelinks).

Served from local-disk storage only (S3 links go straight to S3). 404 for a photo the user may
not see (another vessel, no such photo, or no thumbnail yet), 403 for a link that is expired
(older than 30 minutes) or tampered with.
"""

from django.http import Http404
from django.views import View

from photos.links import SIGNING_SALT
from photos.models import Photo
from pms import filelinks
from pms.tenancy import get_scoped_or_404


class PhotoFile(View):
    """Streams the photo to a member of its vessel holding a valid, unexpired link."""

    queryset = Photo.objects.all()
    thumbnail = False

    def get(self, request, pk):
        if (anonymous := filelinks.login_required_response(request)) is not None:
            return anonymous
        photo = get_scoped_or_404(self.queryset, request.user, pk=pk)
        field_file = photo.thumbnail if self.thumbnail else photo.image
        if not field_file:
            raise Http404("The thumbnail is still being made.")
        content_type = "image/jpeg" if self.thumbnail else photo.content_type
        extension = "png" if content_type == "image/png" else "jpg"
        return filelinks.serve_signed_file(
            request,
            photo,
            field_file,
            salt=SIGNING_SALT,
            content_type=content_type,
            filename=f"photo-{photo.pk}{'-thumb' if self.thumbnail else ''}.{extension}",
            expired="This link has expired. Open the page again for a new link.",
            unreadable="The photo could not be read from storage.",
        )
