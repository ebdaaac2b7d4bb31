"""Splitting an uploaded manual into sections and indexing the fault codes they mention.

Runs as a background task (`manuals.tasks.ingest_manual`). A file that cannot be read
(broken, password-protected, unreachable) ends as `failed` with the reason shown to
the crew; it never raises.
"""

import io
import logging
import re
from dataclasses import dataclass, field
from functools import cache

from django.conf import settings
from django.db import transaction
from pypdf import PasswordType, PdfReader
from pypdf.generic import Destination

from audit.context import audit_context
from manuals.links import STORAGE_ERRORS
from manuals.models import IngestionStatus, ManualDocument, ManualFaultCode, ManualSection

logger = logging.getLogger(__name__)

TITLE_MAX = ManualSection._meta.get_field("title").max_length
CODE_MAX = ManualFaultCode._meta.get_field("code").max_length
REASON_MAX = ManualDocument._meta.get_field("failure_reason").max_length


class ManualUnreadable(Exception):
    """The PDF cannot be split; the message is the reason shown on the manual."""


@dataclass
class SectionDraft:
    title: str
    page_number: int  # 1-based, inclusive
    end_page: int
    text: str
    fault_codes: list[str] = field(default_factory=list)


def normalise_fault_code(code: str) -> str:
    return " ".join(code.upper().split())


@cache
def _fault_code_pattern(pattern: str) -> re.Pattern:
    return re.compile(pattern)


def fault_codes_in(text: str) -> list[str]:
    """The distinct fault codes `text` mentions, normalised, in order of appearance."""
    found = (
        normalise_fault_code(m.group(0)) for m in _fault_code_pattern(settings.MANUAL_FAULT_CODE_PATTERN).finditer(text)
    )
    return list(dict.fromkeys(code[:CODE_MAX] for code in found if code))


def _open(data: bytes) -> PdfReader:
    reader = PdfReader(io.BytesIO(data))
    # Manuals locked only against editing (an owner password) open without one, as in any viewer.
    if reader.is_encrypted and reader.decrypt("") == PasswordType.NOT_DECRYPTED:
        raise ManualUnreadable("The PDF is password-protected. Upload a copy that opens without a password.")
    return reader


def _bookmarks(reader: PdfReader, items) -> list[tuple[str, int]]:
    """(title, 0-based page) of every bookmark at every level that points into the document."""
    found = []
    for item in items:
        if isinstance(item, list):
            found.extend(_bookmarks(reader, item))
        elif isinstance(item, Destination):
            page = reader.get_destination_page_number(item)
            if page is not None and page >= 0:
                found.append((" ".join(str(item.title or "").split()), page))
    return found


def _first_line(text: str) -> str:
    return next((line.strip() for line in text.splitlines() if line.strip()), "")


def split_pdf(data: bytes) -> tuple[int, list[SectionDraft]]:
    """The page count and the sections of a PDF: from its outline, else one per page."""
    try:
        reader = _open(data)
        texts = [(page.extract_text() or "").replace("\x00", "") for page in reader.pages]
        bookmarks = _bookmarks(reader, reader.outline) if texts else []
    except ManualUnreadable:
        raise
    except Exception as exc:  # pypdf raises many kinds of error on a damaged file
        raise ManualUnreadable(f"The PDF could not be read ({type(exc).__name__}: {exc}).") from exc
    if not texts:
        raise ManualUnreadable("The PDF has no pages.")

    if bookmarks:
        bookmarks.sort(key=lambda b: b[1])  # stable: bookmarks on one page keep their order
        if bookmarks[0][1] > 0:
            bookmarks.insert(0, ("Front matter", 0))
        starts = [page for _, page in bookmarks[1:]] + [len(texts)]
        ranges = [
            (title, page, max(page, following - 1)) for (title, page), following in zip(bookmarks, starts, strict=True)
        ]
    else:
        ranges = [(_first_line(text), page, page) for page, text in enumerate(texts)]

    sections = []
    for title, first, last in ranges:
        text = "\n\n".join(texts[first : last + 1]).strip()
        sections.append(
            SectionDraft(
                title=(title or f"Page {first + 1}")[:TITLE_MAX],
                page_number=first + 1,
                end_page=last + 1,
                text=text,
                fault_codes=fault_codes_in(text),
            )
        )
    return len(texts), sections


def _fail(document: ManualDocument, reason: str) -> str:
    document.status = IngestionStatus.FAILED
    document.failure_reason = reason[:REASON_MAX]
    document.save(update_fields=["status", "failure_reason"])
    return document.status


def ingest_document(*, document_id: str) -> str:
    """Split a stored manual into sections and index its fault codes. Returns the new status."""
    document = ManualDocument.objects.filter(pk=document_id).first()
    if document is None:
        return "missing"
    with audit_context(actor=None, actor_label="system:ingest_manual", action_name="ingest_manual"):
        document.status = IngestionStatus.PROCESSING
        document.failure_reason = ""
        document.save(update_fields=["status", "failure_reason"])
        try:
            with document.file.open("rb") as handle:
                data = handle.read()
        except STORAGE_ERRORS as exc:
            logger.warning("manual %s: file unreadable from storage: %s", document.pk, exc)
            return _fail(document, "The file could not be read from storage. Try uploading it again.")
        try:
            page_count, drafts = split_pdf(data)
        except ManualUnreadable as exc:
            return _fail(document, str(exc))

        with transaction.atomic():
            document.sections.all().delete()
            sections = ManualSection.objects.bulk_create(
                ManualSection(
                    vessel_id=document.vessel_id,
                    document=document,
                    title=d.title,
                    page_number=d.page_number,
                    end_page=d.end_page,
                    position=position,
                    text=d.text,
                )
                for position, d in enumerate(drafts)
            )
            ManualFaultCode.objects.bulk_create(
                ManualFaultCode(vessel_id=document.vessel_id, section=section, code=code)
                for section, draft in zip(sections, drafts, strict=True)
                for code in draft.fault_codes
            )
            document.page_count = page_count
            document.status = IngestionStatus.READY
            document.save(update_fields=["page_count", "status"])
        return document.status
