"""Reads of the manual library: which manual fits a piece of equipment, which section to show."""

import uuid

from django.db import connection
from django.db.models import BooleanField, FloatField, Q
from django.db.models.expressions import RawSQL

from manuals.ingestion import normalise_fault_code
from manuals.models import IngestionStatus, ManualDocument, ManualSection

RELATED_PAGES = 2
RELATED_MAX = 5


def manual_for_equipment(equipment) -> ManualDocument | None:
    """The equipment's own manual when ready, else the newest ready manual of its make and model on its vessel."""
    own = equipment.manual
    if own is not None and own.vessel_id == equipment.vessel_id and own.status == IngestionStatus.READY:
        return own
    if not (equipment.manufacturer and equipment.model):
        return None
    return (
        ManualDocument.objects.filter(
            vessel_id=equipment.vessel_id,
            status=IngestionStatus.READY,
            manufacturer__iexact=equipment.manufacturer,
            model__iexact=equipment.model,
        )
        .order_by("-created_at")
        .first()
    )


def section_by_id(document: ManualDocument, section_id) -> ManualSection | None:
    try:
        key = uuid.UUID(str(section_id))
    except ValueError:
        return None
    return document.sections.filter(pk=key).first()


def section_for_fault_code(document: ManualDocument, fault_code: str) -> ManualSection | None:
    """The lowest-page section whose text or indexed fault codes match the code, case-insensitively."""
    code = normalise_fault_code(fault_code)
    return (
        document.sections.filter(Q(fault_code_index__code=code) | Q(text__icontains=code))
        .order_by("page_number", "position")
        .first()
    )


def first_section(document: ManualDocument) -> ManualSection | None:
    return document.sections.order_by("page_number", "position").first()


def related_sections(section: ManualSection) -> list[ManualSection]:
    """Up to five other sections of the same manual starting within two pages of this one."""
    return list(
        ManualSection.objects.filter(
            document_id=section.document_id,
            page_number__gte=section.page_number - RELATED_PAGES,
            page_number__lte=section.page_number + RELATED_PAGES,
        )
        .exclude(pk=section.pk)
        .order_by("page_number", "position")
        .only("id", "title", "page_number", "end_page")[:RELATED_MAX]
    )


# The full-text document of a manual section: a stored generated column with a GIN index (search/migrations/0002).
SECTION_DOCUMENT = "manuals_manualsection.search_document"


def search_sections(*, vessel, query: str, terms: list[str], limit: int) -> list:
    """Sections by fault code first, then by full text (PostgreSQL) or substring (SQLite)."""
    sections = ManualSection.objects.filter(vessel=vessel).select_related("document")
    by_code = list(
        sections.filter(fault_code_index__code__istartswith=query).distinct().order_by("page_number")[:limit]
    )
    if connection.vendor == "postgresql":
        tsquery = "websearch_to_tsquery('english', %s)"
        by_text = (
            sections.annotate(
                matched=RawSQL(f"{SECTION_DOCUMENT} @@ {tsquery}", [query], output_field=BooleanField()),
                rank=RawSQL(f"ts_rank({SECTION_DOCUMENT}, {tsquery})", [query], output_field=FloatField()),
            )
            .filter(matched=True)
            .order_by("-rank", "page_number")[:limit]
        )
    else:
        text_match = Q()
        for term in terms:
            text_match &= Q(title__icontains=term) | Q(text__icontains=term)
        by_text = sections.filter(text_match).order_by("page_number")[:limit]
    seen = {s.pk for s in by_code}
    return (by_code + [s for s in by_text if s.pk not in seen])[:limit]
