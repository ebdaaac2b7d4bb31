"""The manuals' slice of the demo data (`manuals.json`): a manual per main system on each vessel.

`vessel_manuals` names the manuals on board each vessel; `manuals` describes each one by key:
title, manufacturer, model, revision, the system it covers and its sections, each with its
title, its pages (a page is a list of lines) and the fault codes it describes. The PDF is
generated from that (one bookmark per section) and uploaded by the vessel's chief engineer
through `upload_manual`, as a manufacturer's file would be; the ingestion splits it into
sections and indexes its fault codes once the seed commits.

Publishes `ctx.shared["manuals"][vessel code, key]`, the documents equipment links to.
"""

from collections import Counter
from dataclasses import dataclass

from django.core.files.base import ContentFile

from manuals.models import IngestionStatus, ManualDocument
from manuals.pdfgen import demo_manual_pdf
from manuals.services import upload_manual
from pms.demo import load_data

# A manual's section: (title, page texts, fault codes), as manuals.pdfgen.demo_manual_pdf takes it.
ManualSectionSpec = tuple[str, tuple[str, ...], tuple[str, ...]]


@dataclass(frozen=True)
class Manual:
    """A demo manual; its PDF (one bookmark per section) is generated and uploaded like any other."""

    title: str
    manufacturer: str
    model: str
    revision: str
    system: str
    sections: tuple[ManualSectionSpec, ...]

    def pdf(self) -> bytes:
        return demo_manual_pdf(self.system, self.sections)


def _manual(spec: dict) -> Manual:
    return Manual(
        title=spec["title"],
        manufacturer=spec["manufacturer"],
        model=spec["model"],
        revision=spec["revision"],
        system=spec["system"],
        sections=tuple(
            (section["title"], tuple("\n".join(lines) for lines in section["pages"]), tuple(section["fault_codes"]))
            for section in spec["sections"]
        ),
    )


_DATA = load_data(__name__, "manuals.json")
MANUALS: dict[str, Manual] = {key: _manual(spec) for key, spec in _DATA["manuals"].items()}
VESSEL_MANUALS: dict[str, list[str]] = _DATA["vessel_manuals"]


def seed(ctx) -> None:
    manuals = ctx.shared.setdefault("manuals", {})
    for vessel_code, keys in VESSEL_MANUALS.items():
        vessel = ctx.vessels[vessel_code]
        for key in keys:
            spec = MANUALS[key]
            document = ManualDocument.objects.filter(vessel=vessel, title=spec.title).first()
            if document is None:
                # Its ingestion is queued for when the seed commits.
                document = upload_manual(
                    vessel=vessel,
                    uploaded_by=ctx.chief_engineer(vessel_code),
                    file=ContentFile(spec.pdf(), name=f"{key}.pdf"),
                    title=spec.title,
                    manufacturer=spec.manufacturer,
                    model=spec.model,
                    revision=spec.revision,
                )
                ctx.created += 1
            manuals[vessel_code, key] = document


def report(ctx) -> None:
    """How far the ingestion of the demo manuals got (all ready with the immediate task backend)."""
    documents = ManualDocument.objects.filter(pk__in=[document.pk for document in ctx.shared["manuals"].values()])
    statuses = Counter(documents.values_list("status", flat=True))
    ctx.stdout.write(
        "Manuals: " + ", ".join(f"{n} {IngestionStatus(status).label.lower()}" for status, n in statuses.items())
    )
