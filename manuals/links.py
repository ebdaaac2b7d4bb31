"""Time-limited links that open a manual's PDF at a page (the kernel's `pms.filelinks`).

With S3 storage the link is a presigned GET of the object's own key (SigV4, 30 minutes,
served inline as application/pdf). With local storage it is a Django-signed URL to
`manuals:file`, which checks the signature, its age and the user's vessel before
streaming the file. Either way the link ends with `#page=N`.
"""

from pms import filelinks
from pms.filelinks import LINK_LIFETIME_SECONDS, STORAGE_ERRORS, StorageAccessError

__all__ = ["LINK_LIFETIME_SECONDS", "STORAGE_ERRORS", "StorageAccessError", "check_file_token", "file_link"]

SIGNING_SALT = "manuals.file-link"
filelinks.register_link_view("manuals:file", model="manuals.manualdocument", salt=SIGNING_SALT)


def file_token(document) -> str:
    """The timestamp and signature over the document's id (the id itself is in the path)."""
    return filelinks.file_token(document, salt=SIGNING_SALT)


def check_file_token(document, token: str) -> None:
    """Raises signing.SignatureExpired after 30 minutes, signing.BadSignature when tampered with."""
    filelinks.check_file_token(document, token, salt=SIGNING_SALT)


def file_link(document, *, page: int) -> tuple[str, object]:
    """(url opening the PDF at `page`, when the url expires). Raises StorageAccessError."""
    url, expires_at = filelinks.signed_link(
        document,
        document.file,
        view_name="manuals:file",
        salt=SIGNING_SALT,
        content_type="application/pdf",
        what="The manual's file",
    )
    return f"{url}#page={page}", expires_at
