"""The printable job card: GET /work-orders/<id>/card.pdf, read back with pypdf."""

import io
from decimal import Decimal

import pytest
import segno
import zxingcpp
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from PIL import Image
from pypdf import PdfReader

from maintenance.models import PlannedWorkOrder
from pms.roles import Role
from tests.factories import (
    MaintenanceJobFactory,
    ManualSectionFactory,
    PartFactory,
    StepResultFactory,
    WorkOrderFactory,
    WorkOrderPartFactory,
    WorkOrderStepFactory,
    member,
)

pytestmark = pytest.mark.django_db


def card_url(work_order) -> str:
    return reverse("workorders:card", args=[work_order.pk])


def page_url(work_order) -> str:
    return f"http://testserver{work_order.get_absolute_url()}"


def fetch(client, work_order) -> PdfReader:
    response = client.get(card_url(work_order))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    return PdfReader(io.BytesIO(response.content), strict=True)


def text_of(reader: PdfReader) -> str:
    return "\n".join(page.extract_text() for page in reader.pages)


def qr_image(reader: PdfReader) -> Image.Image:
    [image] = [image for page in reader.pages for image in page.images]
    return image.image


def planned_work_order(aurora, equipment, *, steps=3, number="WO-2026-0042", job_code="ME-PS-500H"):
    """A planned work order of a job with a manual section: `steps` steps (a measurement, a check, a text, …)."""
    section = ManualSectionFactory(
        document__vessel=aurora,
        document__title="Main engine manual",
        document__revision="Rev. 3",
        title="4.2 Valve clearances",
        page_number=37,
        end_page=37,
    )
    job = MaintenanceJobFactory(equipment=equipment, code=job_code, title="500-hour service", manual_section=section)
    work_order = WorkOrderFactory(
        vessel=aurora, number=number, title="500-hour service", equipment=equipment, priority="high"
    )
    PlannedWorkOrder.objects.create(vessel=aurora, job=job, work_order=work_order)
    kinds = [
        {"kind": "measurement", "title": "Lube oil pressure at idle", "unit": "bar", "min_value": Decimal("2.5"),
         "max_value": Decimal("4.5")},
        {"kind": "check", "title": "Impeller free of cracks"},
        {"kind": "text", "title": "Condition of the drive belt", "mandatory": False},
    ]  # fmt: skip
    made = []
    for position in range(1, steps + 1):
        fields = kinds[(position - 1) % 3] if position <= 3 else {"kind": "check", "title": f"Check item {position}"}
        made.append(WorkOrderStepFactory(work_order=work_order, position=position, **fields))
    return work_order, made


def test_card_prints_the_header_steps_kit_manual_reference_and_signature_lines(client, aurora, engineer, equipment):
    work_order, steps = planned_work_order(aurora, equipment)
    WorkOrderPartFactory(
        work_order=work_order, part=PartFactory(vessel=aurora, part_number="IMP-3312", name="Impeller"), quantity=2
    )
    WorkOrderPartFactory(
        work_order=work_order, part=PartFactory(vessel=aurora, part_number="GSK-0042", name="Gasket", unit="pcs")
    )
    client.force_login(engineer)

    response = client.get(card_url(work_order))

    assert response["Content-Disposition"] == 'inline; filename="WO-2026-0042-card.pdf"'
    reader = PdfReader(io.BytesIO(response.content), strict=True)
    text = text_of(reader)
    for expected in [
        "WO-2026-0042",
        "500-hour service",
        "Aurora",
        "ME-PS Port main engine",
        "ME-PS-500H",
        "High",
        "Open",
        "Lube oil pressure at idle",
        "2.5–4.5 bar",
        "Impeller free of cracks",
        "Condition of the drive belt",
        "mandatory",
        "optional",
        "IMP-3312",
        "Impeller",
        "GSK-0042",
        "Main engine manual (Rev. 3), §4.2 Valve clearances (p. 37)",
        "Done by",
        "Verified by",
        "Signature",
        page_url(work_order),
    ]:
        assert expected in text, expected
    assert len(reader.pages) == 1
    assert reader.metadata.title == "WO-2026-0042 500-hour service — job card"


def test_recorded_results_are_printed_the_newest_for_each_step(client, aurora, engineer, equipment):
    work_order, (pressure, impeller, belt) = planned_work_order(aurora, equipment)
    StepResultFactory(step=pressure, value=Decimal("3.100"))
    StepResultFactory(step=pressure, value=Decimal("3.400"))  # the correction is the current result
    StepResultFactory(step=belt, text="Slight glazing, tension good")
    client.force_login(engineer)

    text = text_of(fetch(client, work_order))

    assert "3.4" in text and "3.1" not in text
    assert "Slight glazing, tension good" in text


def test_the_qr_code_is_the_work_order_page_address(client, aurora, crew, equipment):
    work_order, _ = planned_work_order(aurora, equipment)
    client.force_login(crew)

    image = qr_image(fetch(client, work_order)).convert("L")

    # Module for module, the QR code segno makes of the page's address (quiet zone of 4).
    qr = segno.make(page_url(work_order), error="m", micro=False)
    matrix = [list(row) for row in qr.matrix]
    side = len(matrix) + 8
    assert image.width == image.height and image.width % side == 0
    scale = image.width // side
    pixels = image.load()
    read = [
        [pixels[(col + 4) * scale + scale // 2, (row + 4) * scale + scale // 2] < 128 for col in range(len(matrix))]
        for row in range(len(matrix))
    ]
    assert read == [[bool(module) for module in row] for row in matrix]
    # and every pixel of it, against segno's own PNG at that scale
    expected = io.BytesIO()
    qr.save(expected, kind="png", scale=scale, border=4)
    assert image.tobytes() == Image.open(expected).convert("L").tobytes()


def test_a_qr_reader_opens_the_work_order_page(client, aurora, crew, equipment):
    work_order, _ = planned_work_order(aurora, equipment)
    client.force_login(crew)

    [barcode] = zxingcpp.read_barcodes(qr_image(fetch(client, work_order)).convert("L"))

    assert barcode.text == page_url(work_order)


def test_a_reactive_work_order_prints_its_kit_signature_lines_and_qr(client, aurora, crew, equipment):
    work_order = WorkOrderFactory(vessel=aurora, number="WO-2026-0007", title="Replace bilge pump", equipment=equipment)
    WorkOrderPartFactory(work_order=work_order, part=PartFactory(vessel=aurora, part_number="BP-100"))
    client.force_login(crew)

    reader = fetch(client, work_order)

    text = text_of(reader)
    assert "WO-2026-0007" in text and "Replace bilge pump" in text and "BP-100" in text
    assert "Done by" in text and "Verified by" in text
    assert "Steps" not in text and "Manual section" not in text
    assert qr_image(reader).width > 0


def test_a_work_order_without_equipment_or_parts_prints(client, aurora, crew):
    work_order = WorkOrderFactory(vessel=aurora, title="Polish the brightwork – “aft deck” ≥ 2 coats")
    client.force_login(crew)

    text = text_of(fetch(client, work_order))

    assert "Polish the brightwork – “aft deck” >= 2 coats" in text
    assert "No parts on the list." in text


def test_sixty_steps_flow_onto_more_pages_with_the_header_on_each(client, aurora, engineer, equipment):
    work_order, _ = planned_work_order(aurora, equipment, steps=60)
    client.force_login(engineer)

    reader = fetch(client, work_order)

    assert len(reader.pages) > 1
    for page in reader.pages:
        page_text = page.extract_text()
        assert "WO-2026-0042" in page_text and "ME-PS Port main engine" in page_text
    assert "Steps (continued)" in reader.pages[1].extract_text()
    text = text_of(reader)
    for position in range(4, 61):
        assert f"Check item {position}" in text
    assert text.index("Check item 59") < text.index("Done by")


def test_queries_do_not_grow_with_the_steps(client, aurora, engineer, equipment):
    client.force_login(engineer)
    counts = []
    for number, steps in (("WO-2026-0101", 3), ("WO-2026-0102", 30)):
        work_order, made = planned_work_order(aurora, equipment, steps=steps, number=number, job_code=number)
        for step in made:
            StepResultFactory(step=step, passed=True, value=Decimal("3"), text="ok")
        WorkOrderPartFactory(work_order=work_order, part=PartFactory(vessel=aurora))
        with CaptureQueriesContext(connection) as queries:
            assert client.get(card_url(work_order)).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1] <= 12


def test_another_vessels_user_gets_404(client, aurora, borealis, equipment):
    work_order, _ = planned_work_order(aurora, equipment)
    client.force_login(member(borealis, Role.CHIEF_ENGINEER, username="borealis_chief"))

    assert client.get(card_url(work_order)).status_code == 404


def test_someone_not_logged_in_is_sent_to_the_login_page(client, aurora):
    work_order = WorkOrderFactory(vessel=aurora)

    response = client.get(card_url(work_order))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_the_work_order_page_links_to_its_card(client, aurora, crew):
    work_order = WorkOrderFactory(vessel=aurora)
    client.force_login(crew)

    html = client.get(work_order.get_absolute_url()).content.decode()

    assert f'href="{card_url(work_order)}"' in html
    assert "Print the job card" in html
