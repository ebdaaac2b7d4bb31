"""The generic HTML flow at /actions/<name>/: full pages without JavaScript, fragments with htmx."""

import pytest

from equipment.models import Fault
from tests.factories import EquipmentFactory, PartFactory, WorkOrderFactory
from tests.pms.helpers import NoWrites

pytestmark = pytest.mark.django_db


@pytest.fixture
def equipment(aurora):
    return EquipmentFactory(vessel=aurora, code="GEN-1", name="Generator 1")


def form(equipment, **extra):
    return {
        "equipment_id": str(equipment.pk),
        "fault_code": "a-102",
        "title": "Low oil pressure",
        "severity": "critical",
        **extra,
    }


def test_login_required(client):
    response = client.get("/actions/report_fault/")
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_unknown_action_page_is_404(client, crew):
    client.force_login(crew)
    assert client.get("/actions/launch_tender/").status_code == 404


def test_report_fault_full_flow_without_javascript(client, crew, equipment):
    client.force_login(crew)
    page = client.get(f"/actions/report_fault/?equipment_id={equipment.pk}")
    html = page.content.decode()
    assert page.status_code == 200 and "<html" in html
    assert "GEN-1 Generator 1" in html and 'name="step" value="preview"' in html

    preview = client.post("/actions/report_fault/", {**form(equipment), "step": "preview"})
    assert preview.status_code == 200 and preview.context["step"] == "preview"
    assert "A-102" in preview.content.decode()
    assert not Fault.objects.exists()

    data = {
        **form(equipment),
        "step": "execute",
        "preview_hash": preview.context["preview"]["preview_hash"],
        "idempotency_key": preview.context["idempotency_key"],
    }
    done = client.post("/actions/report_fault/", data)
    assert done.status_code == 200 and done.context["step"] == "result"
    fault = Fault.objects.get()
    assert (fault.fault_code, fault.severity) == ("A-102", "critical")
    assert f"/equipment/faults/{fault.pk}/" in done.content.decode()

    # A double tap (or a refresh) of the confirm button replays; it never reports twice.
    again = client.post("/actions/report_fault/", data)
    assert again.status_code == 200 and again.context["step"] == "result"
    assert Fault.objects.count() == 1


def test_htmx_requests_get_the_fragment_only(client, crew, equipment):
    client.force_login(crew)
    response = client.post(
        "/actions/report_fault/", {**form(equipment), "step": "preview"}, headers={"HX-Request": "true"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<section id="action-flow"') and "<html" not in html
    assert "HX-Request" in response["Vary"]


def test_invalid_input_keeps_what_was_typed(client, crew, equipment):
    client.force_login(crew)
    response = client.post("/actions/report_fault/", {**form(equipment, title="ab"), "step": "preview"})
    assert response.status_code == 400
    html = response.content.decode()
    assert response.context["step"] == "form"
    assert 'value="ab"' in html and "VALIDATION_ERROR" in html
    assert not Fault.objects.exists()


def test_back_and_edit_returns_the_form_filled_in(client, crew, equipment):
    client.force_login(crew)
    response = client.post("/actions/report_fault/", {**form(equipment), "step": "edit"})
    assert response.context["step"] == "form"
    assert 'value="Low oil pressure"' in response.content.decode()


def test_business_refusal_is_shown_with_its_code(client, crew, aurora):
    order = WorkOrderFactory(vessel=aurora, status="closed")
    client.force_login(crew)
    response = client.post(
        "/actions/add_note_to_work_order/", {"work_order_id": str(order.pk), "note_text": "late", "step": "preview"}
    )
    assert response.status_code == 409
    assert "WO_CLOSED" in response.content.decode()


def test_another_vessels_object_is_404_in_the_flow(client, crew, borealis):
    foreign = WorkOrderFactory(vessel=borealis)
    client.force_login(crew)
    assert client.get(f"/actions/add_note_to_work_order/?work_order_id={foreign.pk}").status_code == 404


def test_forbidden_role_is_403_in_the_flow(client, crew, aurora):
    part = PartFactory(vessel=aurora, stock=4)
    client.force_login(crew)
    assert client.get(f"/actions/record_stock_count/?part_id={part.pk}").status_code == 403


def test_form_and_preview_steps_write_nothing(client, engineer, aurora, equipment):
    part = PartFactory(vessel=aurora, stock=4)
    client.force_login(engineer)
    with NoWrites():
        client.get(f"/actions/record_stock_count/?part_id={part.pk}")
        client.post("/actions/record_stock_count/", {"part_id": str(part.pk), "counted_quantity": 2, "step": "preview"})
        client.get(f"/actions/report_fault/?equipment_id={equipment.pk}")
        client.post("/actions/report_fault/", {**form(equipment), "step": "preview"})


def test_stale_preview_in_the_flow_shows_the_new_preview(client, engineer, aurora):
    part = PartFactory(vessel=aurora, stock=4)
    client.force_login(engineer)
    data = {"part_id": str(part.pk), "counted_quantity": 2}
    preview = client.post("/actions/record_stock_count/", {**data, "step": "preview"})
    client.post(
        "/api/v1/actions/record_stock_count/execute",
        {"payload": {"part_id": str(part.pk), "counted_quantity": 6}},
        content_type="application/json",
        headers={"Idempotency-Key": "count-6"},
    )
    response = client.post(
        "/actions/record_stock_count/",
        {
            **data,
            "step": "execute",
            "preview_hash": preview.context["preview"]["preview_hash"],
            "idempotency_key": "abc",
        },
    )
    assert response.status_code == 409 and response.context["step"] == "preview"
    assert response.context["preview"]["changes"][0]["from"] == 6
    part.refresh_from_db()
    assert part.quantity_on_hand == 6
