"""Time-limited links to a stored file of a vessel's record (a manual's PDF, a photo).

With S3 storage a link is a presigned GET of the object's own key (SigV4, 30 minutes, with the
content type and disposition S3 answers with). With local storage it is a Django-signed URL to
the module's file view, which checks the signature, its age and the user's vessel before
streaming the file (`serve_signed_file`). The token signs the record's id (the id itself is in
the path), with a salt of the module's own, so a token opens only its own record's file.

A module declares each file view with `register_link_view`, so the isolation sweeps can fill
its token (the view answers 404 to a member of another vessel like every page).
"""

from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import urlencode

from botocore.exceptions import BotoCoreError, ClientError
from django.contrib.auth.views import redirect_to_login
from django.core import signing
from django.http import FileResponse, HttpResponse, HttpResponseForbidden
from django.urls import reverse
from django.utils import timezone
from storages.backends.s3 import S3Storage

LINK_LIFETIME_SECONDS = 30 * 60
SEP = ":"  # django.core.signing's separator
# What a storage backend raises when it cannot be reached or read.
STORAGE_ERRORS = (OSError, BotoCoreError, ClientError)


class StorageAccessError(Exception):
    """The record's file cannot be reached in storage."""


@dataclass(frozen=True)
class LinkView:
    """A view streaming a record's file behind a signed link: its URL name, the record's model, its salt."""

    view_name: str
    model: str  # app_label.modelname
    salt: str


LINK_VIEWS: dict[str, LinkView] = {}


def register_link_view(view_name: str, *, model: str, salt: str) -> LinkView:
    view = LinkView(view_name=view_name, model=model, salt=salt)
    if LINK_VIEWS.get(view_name, view) != view:
        raise ValueError(f"link view {view_name!r} registered twice")
    LINK_VIEWS[view_name] = view
    return view


def _signer(salt: str) -> signing.TimestampSigner:
    return signing.TimestampSigner(salt=salt)


def file_token(obj, *, salt: str) -> str:
    """The timestamp and signature over the record's id."""
    return _signer(salt).sign(str(obj.pk)).split(SEP, 1)[1]


def check_file_token(obj, token: str, *, salt: str) -> None:
    """Raises signing.SignatureExpired after 30 minutes, signing.BadSignature when tampered with."""
    _signer(salt).unsign(f"{obj.pk}{SEP}{token}", max_age=LINK_LIFETIME_SECONDS)


def signed_link(
    obj,
    field_file,
    *,
    view_name: str,
    salt: str,
    content_type: str,
    disposition: str = "inline",
    check_exists: bool = True,
    what: str = "The file",
) -> tuple[str, object]:
    """(url of `field_file`, when it expires). Raises StorageAccessError.

    `check_exists` asks the storage first (one HEAD request on S3): right for one link on a page,
    too slow for a list of thumbnails, whose links are made without it.
    """
    storage, name = field_file.storage, field_file.name
    expires_at = timezone.now() + timedelta(seconds=LINK_LIFETIME_SECONDS)
    try:
        if not name or (check_exists and not storage.exists(name)):
            raise StorageAccessError(f"{what} is missing from storage.")
        if isinstance(storage, S3Storage):
            url = storage.url(
                name,
                parameters={"ResponseContentDisposition": disposition, "ResponseContentType": content_type},
                expire=LINK_LIFETIME_SECONDS,
            )
        else:
            url = reverse(view_name, args=[obj.pk]) + "?" + urlencode({"token": file_token(obj, salt=salt)})
    except STORAGE_ERRORS as exc:
        raise StorageAccessError(f"{what} could not be reached in storage ({type(exc).__name__}).") from exc
    return url, expires_at


def serve_signed_file(
    request,
    obj,
    field_file,
    *,
    salt: str,
    content_type: str,
    filename: str,
    expired: str = "This link has expired. Open the page again for a new link.",
    unreadable: str = "The file could not be read from storage.",
):
    """The file of `obj` (already found for this user, else 404) for a valid, fresh token; else 403.

    The caller answers an anonymous request first (`login_required_response`).
    """
    try:
        check_file_token(obj, request.GET.get("token", ""), salt=salt)
    except signing.SignatureExpired:
        return HttpResponseForbidden(expired)
    except signing.BadSignature:
        return HttpResponseForbidden("This link is not valid.")
    try:
        handle = field_file.open("rb")
    except STORAGE_ERRORS:
        return HttpResponse(unreadable, status=502)
    response = FileResponse(handle, content_type=content_type, filename=filename)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = f"private, max-age={LINK_LIFETIME_SECONDS}"
    return response


def login_required_response(request):
    """For an anonymous request to a file view: 401 for a bad bearer token, else the login page; None when logged in."""
    if request.user.is_authenticated:
        return None
    if request.auth_method == "token":
        return HttpResponse("Invalid or revoked token.", status=401, content_type="text/plain")
    return redirect_to_login(request.get_full_path())
