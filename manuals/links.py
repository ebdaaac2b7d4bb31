"""Time-limited links that open a manual's PDF at a page.

With S3 storage the link is a presigned GET of the object's own key (SigV4, 30 minutes,
served inline as application/pdf). With local storage it is a Django-signed URL to
`manuals:file`, which checks the signature, its age and the user's vessel before
streaming the file. Either way the link ends with `#page=N`.
"""

from datetime import timedelta
from urllib.parse import urlencode

from botocore.exceptions import BotoCoreError, ClientError
from django.core import signing
from django.urls import reverse
from django.utils import timezone
from storages.backends.s3 import S3Storage

LINK_LIFETIME_SECONDS = 30 * 60
SIGNING_SALT = "manuals.file-link"
SEP = ":"  # django.core.signing's separator
# What a storage backend raises when it cannot be reached or read.
STORAGE_ERRORS = (OSError, BotoCoreError, ClientError)


class StorageAccessError(Exception):
    """The manual's file cannot be reached in storage."""


def _signer() -> signing.TimestampSigner:
    return signing.TimestampSigner(salt=SIGNING_SALT)


def file_token(document) -> str:
    """The timestamp and signature over the document's id (the id itself is in the path)."""
    return _signer().sign(str(document.pk)).split(SEP, 1)[1]


def check_file_token(document, token: str) -> None:
    """Raises signing.SignatureExpired after 30 minutes, signing.BadSignature when tampered with."""
    _signer().unsign(f"{document.pk}{SEP}{token}", max_age=LINK_LIFETIME_SECONDS)


def file_link(document, *, page: int) -> tuple[str, object]:
    """(url opening the PDF at `page`, when the url expires). Raises StorageAccessError."""
    storage = document.file.storage
    name = document.file.name
    expires_at = timezone.now() + timedelta(seconds=LINK_LIFETIME_SECONDS)
    try:
        if not name or not storage.exists(name):
            raise StorageAccessError("The manual's file is missing from storage.")
        if isinstance(storage, S3Storage):
            url = storage.url(
                name,
                parameters={"ResponseContentDisposition": "inline", "ResponseContentType": "application/pdf"},
                expire=LINK_LIFETIME_SECONDS,
            )
        else:
            url = reverse("manuals:file", args=[document.pk]) + "?" + urlencode({"token": file_token(document)})
    except STORAGE_ERRORS as exc:
        raise StorageAccessError(f"The manual's file could not be reached in storage ({type(exc).__name__}).") from exc
    return f"{url}#page={page}", expires_at
