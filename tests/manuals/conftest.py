import pytest
from django.core.files.base import ContentFile

from equipment.models import Equipment
from manuals.pdfgen import demo_manual_pdf
from manuals.services import upload_manual
from tests.factories import EquipmentFactory
from tests.s3 import BUCKET  # noqa: F401  (the manuals' tests name the bucket from here)

COOLING_PDF_SECTIONS = [
    ("1 General", ["Safety first. Read the whole manual.", "Technical data for the C32."], []),
    ("2 Cooling system", ["The raw water pump feeds the heat exchanger.", "Impeller replacement."], ["E047"]),
    ("3 Lubrication", ["Oil pressure low: check the sender, code spn  110 fmi 0."], []),
    ("4 Alarms", ["Alarm A-102 means high exhaust temperature. See also e047 above."], []),
]


def upload(vessel, user, pdf: bytes, *, capture, title="C32 Operation and Maintenance Manual", **fields):
    """Upload through the service and run the ingest task its commit enqueues."""
    fields = {"manufacturer": "Caterpillar", "model": "C32", **fields}
    with capture(execute=True):
        document = upload_manual(
            vessel=vessel, uploaded_by=user, file=ContentFile(pdf, name="manual.pdf"), title=title, **fields
        )
    document.refresh_from_db()
    return document


@pytest.fixture
def cooling_pdf() -> bytes:
    return demo_manual_pdf("C32 main engine", COOLING_PDF_SECTIONS)


@pytest.fixture
def main_engine(aurora) -> Equipment:
    return EquipmentFactory(
        vessel=aurora, code="ME-PS", name="Main engine port", manufacturer="Caterpillar", model="C32"
    )
