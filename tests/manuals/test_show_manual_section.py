import uuid
from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from manuals.models import ManualDocument
from manuals.pdfgen import demo_manual_pdf, pdf_bytes
from tests.actions import NoWrites
from tests.factories import EquipmentFactory, FaultFactory
from tests.manuals.conftest import upload

pytestmark = pytest.mark.django_db

NAME = "show_manual_section"


def show(actions, **payload):
    return actions.execute(NAME, payload)


@pytest.fixture
def c32_manual(aurora, chief, cooling_pdf, django_capture_on_commit_callbacks) -> ManualDocument:
    return upload(aurora, chief, cooling_pdf, capture=django_capture_on_commit_callbacks, revision="Rev. 4")


@pytest.fixture
def as_crew(actions, crew):
    return actions.as_user(crew)


def test_falls_back_to_the_ready_manual_of_the_same_make_and_model(as_crew, main_engine, c32_manual):
    response = show(as_crew, equipment_id=str(main_engine.pk))

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "success"
    result = body["result"]
    document = result["document"]
    assert {k: document[k] for k in ("id", "title", "manufacturer", "model", "version", "page_count")} == {
        "id": str(c32_manual.pk),
        "title": "C32 Operation and Maintenance Manual",
        "manufacturer": "Caterpillar",
        "model": "C32",
        "version": "Rev. 4",
        "page_count": 6,
    }
    assert document["url"].startswith(f"/manuals/{c32_manual.pk}/file/?token=")
    assert document["url"].endswith("#page=1")
    expires_at = datetime.fromisoformat(document["url_expires_at"])
    assert abs(expires_at - (timezone.now() + timedelta(minutes=30))) < timedelta(seconds=30)
    assert result["section"]["title"] == "1 General"
    assert result["section"]["page_number"] == 1
    assert result["match"] == "first_section"
    assert [s["title"] for s in result["related_sections"]] == ["2 Cooling system"]


def test_equipments_own_manual_comes_first(
    aurora, chief, as_crew, main_engine, c32_manual, django_capture_on_commit_callbacks
):
    own = upload(
        aurora,
        chief,
        demo_manual_pdf("Port engine", [("Overview", ["Serial-specific notes."], [])]),
        capture=django_capture_on_commit_callbacks,
        title="Port engine service letter",
        manufacturer="",
        model="",
    )
    main_engine.manual = own
    main_engine.save()

    result = show(as_crew, equipment_id=str(main_engine.pk)).json()["result"]

    assert result["document"]["id"] == str(own.pk)
    assert result["section"]["title"] == "Overview"


def test_own_manual_not_ready_falls_back_to_the_make_and_model(
    aurora, chief, as_crew, main_engine, c32_manual, django_capture_on_commit_callbacks
):
    broken = upload(aurora, chief, b"%PDF-1.4 torn", capture=django_capture_on_commit_callbacks, title="Torn scan")
    main_engine.manual = broken
    main_engine.save()

    result = show(as_crew, equipment_id=str(main_engine.pk)).json()["result"]

    assert result["document"]["id"] == str(c32_manual.pk)


def test_manual_not_found_says_why_when_the_own_manual_failed(
    aurora, chief, as_crew, django_capture_on_commit_callbacks
):
    broken = upload(aurora, chief, b"%PDF-1.4 torn", capture=django_capture_on_commit_callbacks, title="Torn scan")
    pump = EquipmentFactory(vessel=aurora, manufacturer="Grundfos", model="CR 5", manual=broken)

    response = show(as_crew, equipment_id=str(pump.pk))

    assert response.status_code == 404
    error = response.json()["error"]
    assert error["code"] == "MANUAL_NOT_FOUND"
    assert error["details"]["status"] == "failed"
    assert error["details"]["failure_reason"].startswith("The PDF could not be read")


def test_manual_not_found_ignores_unready_and_other_vessels_manuals(
    aurora, borealis, chief, borealis_chief, as_crew, main_engine, cooling_pdf, django_capture_on_commit_callbacks
):
    upload(borealis, borealis_chief, cooling_pdf, capture=django_capture_on_commit_callbacks)
    upload(aurora, chief, b"%PDF-1.4 torn", capture=django_capture_on_commit_callbacks)  # same make, failed

    response = show(as_crew, equipment_id=str(main_engine.pk))

    assert response.status_code == 404
    assert response.json()["error"]["code"] == "MANUAL_NOT_FOUND"


def test_equipment_without_make_and_model_has_no_manual(aurora, as_crew, c32_manual):
    unknown = EquipmentFactory(vessel=aurora, manufacturer="", model="")
    assert show(as_crew, equipment_id=str(unknown.pk)).json()["error"]["code"] == "MANUAL_NOT_FOUND"


@pytest.mark.parametrize(
    ("fault_code", "title", "page"),
    [
        ("E047", "2 Cooling system", 3),  # indexed there, and in the text of page 6: the lowest page wins
        ("e047", "2 Cooling system", 3),
        ("spn 110  fmi 0", "3 Lubrication", 5),
        ("A-102", "4 Alarms", 6),
    ],
)
def test_fault_code_picks_the_lowest_page_section_that_mentions_it(
    as_crew, main_engine, c32_manual, fault_code, title, page
):
    result = show(as_crew, equipment_id=str(main_engine.pk), fault_code=fault_code).json()["result"]

    assert (result["section"]["title"], result["section"]["page_number"]) == (title, page)
    assert result["match"] == "fault_code"
    assert result["document"]["url"].endswith(f"#page={page}")


def test_fault_code_found_in_the_text_only(aurora, chief, as_crew, django_capture_on_commit_callbacks):
    pdf = demo_manual_pdf(
        "Watermaker",
        [
            ("Introduction", ["Read before use."], []),
            ("Membranes", ["The display shows HP-LOW when the feed pressure drops."], []),
            ("High pressure pump", ["HP-LOW can also mean a worn pump."], []),
        ],
    )
    upload(aurora, chief, pdf, capture=django_capture_on_commit_callbacks, manufacturer="Dessalator", model="D90")
    watermaker = EquipmentFactory(vessel=aurora, manufacturer="Dessalator", model="D90")

    result = show(as_crew, equipment_id=str(watermaker.pk), fault_code="hp-low").json()["result"]

    assert result["section"]["title"] == "Membranes"


def test_unknown_fault_code_shows_the_first_section(as_crew, main_engine, c32_manual):
    result = show(as_crew, equipment_id=str(main_engine.pk), fault_code="Z999").json()["result"]

    assert result["section"]["title"] == "1 General"
    assert result["match"] == "first_section"


def test_section_id_wins_over_the_fault_code(as_crew, main_engine, c32_manual):
    alarms = c32_manual.sections.get(title="4 Alarms")

    result = show(as_crew, equipment_id=str(main_engine.pk), section_id=str(alarms.pk), fault_code="E047").json()

    assert result["result"]["section"]["id"] == str(alarms.pk)
    assert result["result"]["match"] == "section_id"


def test_section_of_another_manual_is_section_not_found(
    aurora, chief, as_crew, main_engine, c32_manual, django_capture_on_commit_callbacks
):
    other = upload(
        aurora,
        chief,
        pdf_bytes(["Other"]),
        capture=django_capture_on_commit_callbacks,
        manufacturer="MTU",
        model="16V2000",
    )
    for section_id in (str(other.sections.get().pk), str(uuid.uuid4()), "not-a-uuid"):
        response = show(as_crew, equipment_id=str(main_engine.pk), section_id=section_id)
        assert response.status_code == 404
        assert response.json()["error"]["code"] == "SECTION_NOT_FOUND"
        assert response.json()["error"]["field"] == "section_id"


def test_equipment_not_found_for_another_vessel_or_a_bad_id(borealis, as_crew, c32_manual):
    theirs = EquipmentFactory(vessel=borealis, manufacturer="Caterpillar", model="C32")
    for equipment_id in (str(theirs.pk), str(uuid.uuid4()), "12"):
        response = show(as_crew, equipment_id=equipment_id)
        assert response.status_code == 404
        assert response.json()["error"]["code"] == "EQUIPMENT_NOT_FOUND"


def test_missing_equipment_id_is_a_validation_error(as_crew):
    response = show(as_crew, fault_code="E047")
    assert response.status_code == 400
    assert response.json()["error"]["field"] == "equipment_id"


def test_storage_access_error_when_the_file_is_gone(as_crew, main_engine, c32_manual):
    c32_manual.file.storage.delete(c32_manual.file.name)

    response = show(as_crew, equipment_id=str(main_engine.pk))

    assert response.status_code == 502
    assert response.json()["error"]["code"] == "STORAGE_ACCESS_ERROR"


def test_text_preview_is_at_most_500_characters(aurora, chief, as_crew, django_capture_on_commit_callbacks):
    long_text = " ".join(["Check the coolant level and the hoses for leaks."] * 40)
    upload(aurora, chief, pdf_bytes([long_text]), capture=django_capture_on_commit_callbacks, model="C18")
    generator = EquipmentFactory(vessel=aurora, manufacturer="Caterpillar", model="C18")

    preview = show(as_crew, equipment_id=str(generator.pk)).json()["result"]["section"]["text_preview"]

    assert 400 < len(preview) <= 500
    assert preview.startswith("Check the coolant level")


def test_related_sections_are_at_most_five_within_two_pages(aurora, chief, as_crew, django_capture_on_commit_callbacks):
    outline = [(f"Step {n}", page) for n, page in enumerate([1, 2, 3, 3, 4, 4, 5, 5, 6, 7, 8, 9], start=1)]
    pdf = pdf_bytes([f"Page {n}" for n in range(1, 10)], outline=outline)
    manual = upload(aurora, chief, pdf, capture=django_capture_on_commit_callbacks, model="C9")
    genset = EquipmentFactory(vessel=aurora, manufacturer="Caterpillar", model="C9")
    on_page_8 = manual.sections.get(title="Step 11")

    result = show(as_crew, equipment_id=str(genset.pk), section_id=str(on_page_8.pk)).json()["result"]
    assert [(s["title"], s["page_number"]) for s in result["related_sections"]] == [
        ("Step 9", 6),
        ("Step 10", 7),
        ("Step 12", 9),
    ]

    on_page_4 = manual.sections.get(title="Step 5")
    result = show(as_crew, equipment_id=str(genset.pk), section_id=str(on_page_4.pk)).json()["result"]
    assert [s["title"] for s in result["related_sections"]] == ["Step 2", "Step 3", "Step 4", "Step 6", "Step 7"]


def test_read_writes_nothing(as_crew, main_engine, c32_manual):
    with NoWrites():
        response = as_crew.execute(NAME, {"equipment_id": str(main_engine.pk), "fault_code": "E047"}, key="read-1")

    assert response.status_code == 200


def test_any_member_may_read_with_a_bearer_token(actions, aurora, engineer, main_engine, c32_manual):
    response = actions.with_token(engineer).execute(NAME, {"equipment_id": str(main_engine.pk)})
    assert response.status_code == 200


def test_html_flow_shows_the_section_and_the_pdf_link(as_crew, main_engine, c32_manual):
    form = as_crew.html_get(NAME)
    assert form.status_code == 200 and form.context["step"] == "form"

    # The link from a fault page carries every input: one tap shows the section (a read writes nothing).
    one_tap = as_crew.html_get(NAME, equipment_id=str(main_engine.pk), fault_code="E047")
    submitted = as_crew.html_post(NAME, {"equipment_id": str(main_engine.pk), "fault_code": "E047"}, step="execute")

    for response in (one_tap, submitted):
        page = response.content.decode()
        assert response.status_code == 200 and response.context["step"] == "result"
        assert "2 Cooling system" in page
        assert "Open PDF at page 3" in page
        assert f"/manuals/{c32_manual.pk}/file/?token=" in page
        assert "#page=3" in page
        assert "The raw water pump feeds the heat exchanger." in page


def test_html_flow_shows_manual_not_found(as_crew, aurora):
    pump = EquipmentFactory(vessel=aurora, manufacturer="Grundfos", model="CR 5")
    response = as_crew.html_post(NAME, {"equipment_id": str(pump.pk)}, step="execute")
    assert response.status_code == 404
    assert "MANUAL_NOT_FOUND" in response.content.decode()


def test_fault_and_equipment_pages_link_to_the_manual_section(as_crew, main_engine):
    fault = FaultFactory(equipment=main_engine, fault_code="SPN 110 FMI 0")

    fault_page = as_crew.client.get(fault.get_absolute_url()).content.decode()
    equipment_page = as_crew.client.get(main_engine.get_absolute_url()).content.decode()

    assert (
        f"/actions/show_manual_section/?equipment_id={main_engine.pk}&amp;fault_code=SPN%20110%20FMI%200" in fault_page
    )
    assert f"/actions/show_manual_section/?equipment_id={main_engine.pk}" in equipment_page
