"""One dict shape per model of the manuals module: actions, the read API and tests use these."""

from pms.serializers import values


def document_dict(document) -> dict:
    # The contract's `version` of a manual is its edition, the model's `revision`.
    return {
        **values(document, ["title", "manufacturer", "model", "revision", "page_count", "status"]),
        "version": document.revision,
    }


def section_summary(section) -> dict:
    return {"id": str(section.pk), "title": section.title, "page_number": section.page_number}


def document_detail(document) -> dict:
    return {"sections": [{**section_summary(s), "end_page": s.end_page} for s in document.sections.all()]}
