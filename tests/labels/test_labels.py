"""QR label sheets (Avery L7160: 3 × 7 on A4) for equipment and parts: each label's QR code
reads back as the item's absolute URL; another vessel's item is a 404."""

import io

import pytest
import zxingcpp
from django.urls import reverse
from pypdf import PdfReader

from labels.sheet import MAX_LABELS, PER_SHEET
from tests.factories import EquipmentFactory, PartFactory

pytestmark = pytest.mark.django_db


def sheet(response) -> PdfReader:
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == "application/pdf"
    return PdfReader(io.BytesIO(response.content), strict=True)


def qr_codes(reader: PdfReader) -> list[str]:
    """Every QR code on the sheet, read back from its image, in page order."""
    found = []
    for page in reader.pages:
        for image in page.images:
            [code] = zxingcpp.read_barcodes(image.image)
            assert code.format == zxingcpp.BarcodeFormat.QRCode
            found.append(code.text)
    return found


def text_of(reader: PdfReader) -> str:
    return "\n".join(page.extract_text() for page in reader.pages)


def test_ticked_equipment_get_labels_with_a_qr_of_their_page(client, chief, aurora):
    pump = EquipmentFactory(vessel=aurora, code="BP-1", name="Bilge pump forward")
    engine = EquipmentFactory(vessel=aurora, code="ME-PS", name="Main engine port")
    EquipmentFactory(vessel=aurora, code="ME-SB", name="Main engine starboard")
    client.force_login(chief)
    reader = sheet(client.get(reverse("labels:equipment"), {"id": [str(pump.pk), str(engine.pk)]}))
    assert len(reader.pages) == 1
    assert sorted(qr_codes(reader)) == sorted(f"http://testserver{item.get_absolute_url()}" for item in (pump, engine))
    text = text_of(reader)
    assert "BP-1" in text and "Main engine port" in text and "ME-PS" in text
    assert " ".join(text.split()).count("Bilge pump forward") == 1  # the name, wrapped or not
    assert "ME-SB" not in text
    assert "AURORA" in text


def test_the_list_with_its_filters_fills_as_many_sheets_as_it_needs(client, chief, aurora, borealis):
    low = [PartFactory(vessel=aurora, part_number=f"LOW-{n:02d}", minimum_quantity=5, stock=1) for n in range(22)]
    PartFactory(vessel=aurora, part_number="PLENTY", minimum_quantity=1, stock=50)
    PartFactory(vessel=borealis, part_number="LOW-THEIRS", minimum_quantity=5, stock=1)
    client.force_login(chief)
    reader = sheet(client.get(reverse("labels:parts"), {"status": "low"}))
    assert len(reader.pages) == 2  # 21 labels on the first sheet, one on the second
    codes = qr_codes(reader)
    assert codes == [f"http://testserver{p.get_absolute_url()}" for p in low]
    assert len(reader.pages[0].images) == PER_SHEET
    text = text_of(reader)
    assert "PLENTY" not in text and "LOW-THEIRS" not in text


def test_another_vessels_item_is_not_found(client, chief, aurora, borealis):
    ours = EquipmentFactory(vessel=aurora)
    theirs = EquipmentFactory(vessel=borealis)
    their_part = PartFactory(vessel=borealis)
    client.force_login(chief)
    assert client.get(reverse("labels:equipment"), {"id": [str(ours.pk), str(theirs.pk)]}).status_code == 404
    assert client.get(reverse("labels:parts"), {"id": str(their_part.pk)}).status_code == 404
    assert client.get(reverse("labels:parts"), {"id": str(ours.pk)}).status_code == 404  # not a part
    assert client.get(reverse("labels:equipment"), {"id": "not-a-uuid"}).status_code == 404


def test_labels_need_a_login(client, aurora):
    response = client.get(reverse("labels:equipment"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_too_many_labels_are_refused_with_the_error_envelope(client, chief, aurora, settings):
    client.force_login(chief)
    ids = [f"00000000-0000-4000-8000-{n:012d}" for n in range(MAX_LABELS + 1)]
    response = client.get(reverse("labels:equipment"), {"id": ids})
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "VALIDATION_ERROR"


def test_a_long_name_is_cut_with_an_ellipsis_and_the_code_stays_whole(client, chief, aurora):
    long = EquipmentFactory(vessel=aurora, code="HVAC-CH-2", name="Chilled water plant " * 8)
    client.force_login(chief)
    reader = sheet(client.get(reverse("labels:equipment"), {"id": str(long.pk)}))
    text = text_of(reader)
    assert "HVAC-CH-2" in text
    assert "…" in text or "..." in text


def test_the_list_pages_offer_labels(client, chief, aurora):
    pump = EquipmentFactory(vessel=aurora)
    client.force_login(chief)
    page = client.get(reverse("equipment:list")).content.decode()
    assert reverse("labels:equipment") in page
    assert f'name="id" value="{pump.pk}" form="labels-form"' in page
    page = client.get(reverse("inventory:part_list"), {"status": "low"}).content.decode()
    assert f"{reverse('labels:parts')}?status=low" in page
