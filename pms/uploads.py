"""Staged uploads: a file sent once, then named by its id in an action's payload.

An action's payload is JSON: it is hashed for previews and idempotency, replayed from the
idempotency record and sent over the API. A file does not fit in it, so a file goes first to
`POST /uploads/` (or `/api/v1/uploads/`), which checks it and keeps it as an `Upload`; the
action then takes `upload_id`, and `take` hands the consuming action the stored file.

Each module registers the purposes it accepts (`register_purpose`): the size limit, what the
file input accepts and a content `check` that runs before anything is stored, so a refused
file leaves nothing behind. An upload belongs to its vessel like every row: another vessel's,
or one staged for another purpose, is UPLOAD_NOT_FOUND. Within the vessel its unguessable id is
what names it (the uploader is recorded), so an action may take a file a crewmate staged.
"""

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils import timezone

from pms.actions.base import ActionError, register_error_codes

register_error_codes(
    {"UPLOAD_TOO_LARGE": 413, "UPLOAD_EMPTY": 400, "UPLOAD_REFUSED": 400, "UPLOAD_NOT_FOUND": 404},
)

# A staged upload no action took is removed after this long (`purge_uploads`).
UPLOAD_LIFETIME = timedelta(days=1)


@dataclass(frozen=True)
class Purpose:
    name: str
    max_bytes: int
    accept: str = ""
    capture: bool = False
    check: Callable | None = None  # uploaded file -> None, raises ValidationError to refuse


PURPOSES: dict[str, Purpose] = {}


def register_purpose(name: str, *, max_bytes: int, accept: str = "", capture: bool = False, check=None) -> Purpose:
    purpose = Purpose(name=name, max_bytes=max_bytes, accept=accept, capture=capture, check=check)
    if name in PURPOSES and PURPOSES[name] != purpose:
        raise ValueError(f"upload purpose {name!r} registered twice")
    PURPOSES[name] = purpose
    return purpose


def purpose_named(name: str) -> Purpose:
    purpose = PURPOSES.get(name or "")
    if purpose is None:
        known = ", ".join(sorted(PURPOSES)) or "none"
        raise ActionError("VALIDATION_ERROR", f"Unknown upload purpose {name!r} (known: {known}).", field="purpose")
    return purpose


def human_size(size: int) -> str:
    return f"{size / (1024 * 1024):.0f} MB" if size >= 1024 * 1024 else f"{size / 1024:.0f} KB"


def refuse_oversized(purpose: Purpose, size: int) -> None:
    if size > purpose.max_bytes:
        raise ActionError(
            "UPLOAD_TOO_LARGE",
            f"The file is {human_size(size)}; a {purpose.name} may be at most {human_size(purpose.max_bytes)}.",
            field="file",
            details={"max_bytes": purpose.max_bytes, "size": size},
        )


def stage(*, user, vessel, purpose: Purpose, uploaded):
    """Check `uploaded` (a Django UploadedFile) for `purpose` and keep it. Raises ActionError."""
    from pms.models import Upload

    if uploaded is None:
        raise ActionError("VALIDATION_ERROR", "Choose a file to upload.", field="file")
    if uploaded.size == 0:
        raise ActionError("UPLOAD_EMPTY", "The file is empty (0 bytes).", field="file")
    refuse_oversized(purpose, uploaded.size)
    if purpose.check is not None:
        try:
            uploaded.seek(0)
            purpose.check(uploaded)
        except ValidationError as error:
            raise ActionError("UPLOAD_REFUSED", " ".join(error.messages), field="file") from None
        finally:
            uploaded.seek(0)
    digest = hashlib.sha256()
    for chunk in uploaded.chunks():
        digest.update(chunk)
    uploaded.seek(0)
    name = (uploaded.name or "upload").rsplit("/", 1)[-1][:200]
    upload = Upload(
        vessel=vessel,
        uploaded_by=user,
        purpose=purpose.name,
        name=name,
        size=uploaded.size,
        sha256=digest.hexdigest(),
        content_type=(getattr(uploaded, "content_type", "") or "")[:100],
    )
    upload.file.save(f"{upload.pk}", uploaded, save=False)
    upload.save()
    return upload


def stage_bytes(*, user, vessel, purpose: str, content: bytes, name: str):
    """Stage bytes made on the server (a command, a test, an export re-imported)."""
    uploaded = ContentFile(content, name=name)
    return stage(user=user, vessel=vessel, purpose=purpose_named(purpose), uploaded=uploaded)


def take(upload_id, *, user, vessel, purpose: str):
    """The staged upload `upload_id` on `vessel` for `purpose`, or UPLOAD_NOT_FOUND.

    `user` must be an active member of `vessel`; the action's resolve has checked that already.
    """
    from pms.actions.forms import is_uuid
    from pms.models import Upload

    upload = None
    if upload_id and is_uuid(upload_id):
        vessel_id = getattr(vessel, "pk", vessel)
        if vessel_id in user.vessel_ids():
            upload = Upload.objects.filter(pk=upload_id, vessel=vessel_id, purpose=purpose).first()
    if upload is None:
        raise ActionError("UPLOAD_NOT_FOUND", "No such upload: send the file again.", field="upload_id")
    return upload


def purge(*, now=None) -> int:
    """Remove staged uploads older than UPLOAD_LIFETIME, files included; returns how many."""
    from pms.models import Upload

    cutoff = (now or timezone.now()) - UPLOAD_LIFETIME
    removed = 0
    for upload in Upload.objects.filter(created_at__lt=cutoff).iterator():
        upload.file.delete(save=False)
        upload.delete()
        removed += 1
    return removed
