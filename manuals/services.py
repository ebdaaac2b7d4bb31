"""Adding manuals: the one way a PDF enters the library (upload page, admin, demo data)."""

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.template.defaultfilters import filesizeformat

from manuals.links import STORAGE_ERRORS, StorageAccessError
from manuals.models import IngestionStatus, ManualDocument
from manuals.tasks import ingest_manual
from pms.roles import is_hod

PDF_MAGIC = b"%PDF-"


def can_upload_manual(user, vessel) -> bool:
    """Heads of department of the vessel may add its manuals."""
    return vessel is not None and is_hod(user.role_on(vessel))


def _size(size: int) -> str:
    return filesizeformat(size).replace("\xa0", " ")


def validate_manual_file(file) -> None:
    """A PDF (by its first bytes) no larger than MANUAL_MAX_UPLOAD_BYTES; else ValidationError."""
    limit = settings.MANUAL_MAX_UPLOAD_BYTES
    if file.size > limit:
        raise ValidationError(
            f"The file is {_size(file.size)}; a manual may be at most {_size(limit)}.", code="too_large"
        )
    file.seek(0)
    head = file.read(len(PDF_MAGIC))
    file.seek(0)
    if head != PDF_MAGIC:
        raise ValidationError("This is not a PDF file: it does not start with %PDF-.", code="not_pdf")


def upload_manual(
    *, vessel, uploaded_by, file, title: str, manufacturer: str = "", model: str = "", revision: str = ""
) -> ManualDocument:
    """Store a manual PDF for `vessel` and queue its splitting into sections.

    `file` is a Django File (an upload, or ContentFile(pdf_bytes, name="x.pdf")). Raises
    PermissionDenied unless `uploaded_by` is a head of department on the vessel,
    ValidationError for a file that is not a PDF or too large, StorageAccessError when
    storage fails. The document starts `queued`; the ingest task sets it `ready` or
    `failed` (with the reason) once the transaction commits.
    """
    if not can_upload_manual(uploaded_by, vessel):
        raise PermissionDenied("Only a head of department (chief engineer, captain, manager) may add manuals.")
    validate_manual_file(file)
    document = ManualDocument(
        vessel=vessel,
        title=title.strip(),
        manufacturer=manufacturer.strip(),
        model=model.strip(),
        revision=revision.strip(),
        status=IngestionStatus.QUEUED,
        uploaded_by=uploaded_by,
    )
    document.full_clean(exclude=["file"])
    with transaction.atomic():
        try:
            document.file.save(f"{document.pk}.pdf", file, save=False)
        except STORAGE_ERRORS as exc:
            raise StorageAccessError(f"The file could not be stored ({type(exc).__name__}).") from exc
        document.save()
        transaction.on_commit(lambda: ingest_manual.enqueue(str(document.pk)))
    return document
