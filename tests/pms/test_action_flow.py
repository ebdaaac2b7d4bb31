"""The generic HTML flow at /actions/<name>/: full pages without JavaScript, fragments with htmx."""

import pytest

from equipment.models import Fault
from tests.actions import NoWrites
from tests.factories import EquipmentFactory, PartFactory, WorkOrderFactory

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


def test_login_required(actions):
    response = actions.html_get("report_fault")
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_unknown_action_page_is_404(actions, crew):
    assert actions.as_user(crew).html_get("launch_tender").status_code == 404


def test_report_fault_full_flow_without_javascript(actions, crew, equipment):
    as_crew = actions.as_user(crew)
    page = as_crew.html_get("report_fault", equipment_id=str(equipment.pk))
    html = page.content.decode()
    assert page.status_code == 200 and "<html" in html
    assert "GEN-1 Generator 1" in html and 'name="step" value="preview"' in html

    preview = as_crew.html_preview("report_fault", form(equipment))
    assert preview.status_code == 200 and preview.context["step"] == "preview"
    assert "A-102" in preview.content.decode()
    assert not Fault.objects.exists()

    done = as_crew.html_execute("report_fault", preview)
    assert done.status_code == 200 and done.context["step"] == "result"
    fault = Fault.objects.get()
    assert (fault.fault_code, fault.severity) == ("A-102", "critical")
    assert f"/equipment/faults/{fault.pk}/" in done.content.decode()

    # A double tap (or a refresh) of the confirm button replays; it never reports twice.
    again = as_crew.html_execute("report_fault", preview)
    assert again.status_code == 200 and again.context["step"] == "result"
    assert Fault.objects.count() == 1


def test_htmx_requests_get_the_fragment_only(actions, crew, equipment):
    response = actions.as_user(crew).html_preview("report_fault", form(equipment), headers={"HX-Request": "true"})
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<section id="action-flow"') and "<html" not in html
    assert "HX-Request" in response["Vary"]


def test_invalid_input_keeps_what_was_typed(actions, crew, equipment):
    response = actions.as_user(crew).html_preview("report_fault", form(equipment, title="ab"))
    assert response.status_code == 400
    html = response.content.decode()
    assert response.context["step"] == "form"
    assert 'value="ab"' in html and "VALIDATION_ERROR" in html
    assert not Fault.objects.exists()


def test_back_and_edit_returns_the_form_filled_in(actions, crew, equipment):
    response = actions.as_user(crew).html_post("report_fault", form(equipment), step="edit")
    assert response.context["step"] == "form"
    assert 'value="Low oil pressure"' in response.content.decode()


def test_business_refusal_is_shown_with_its_code(actions, crew, aurora):
    order = WorkOrderFactory(vessel=aurora, status="closed")
    response = actions.as_user(crew).html_preview(
        "add_note_to_work_order", {"work_order_id": str(order.pk), "note_text": "late"}
    )
    assert response.status_code == 409
    assert "WO_CLOSED" in response.content.decode()


def test_another_vessels_object_is_404_in_the_flow(actions, crew, borealis):
    foreign = WorkOrderFactory(vessel=borealis)
    assert actions.as_user(crew).html_get("add_note_to_work_order", work_order_id=str(foreign.pk)).status_code == 404


def test_forbidden_role_is_403_in_the_flow(actions, crew, aurora):
    part = PartFactory(vessel=aurora, stock=4)
    assert actions.as_user(crew).html_get("record_stock_count", part_id=str(part.pk)).status_code == 403


def test_form_and_preview_steps_write_nothing(actions, engineer, aurora, equipment):
    part = PartFactory(vessel=aurora, stock=4)
    as_engineer = actions.as_user(engineer)
    with NoWrites():
        as_engineer.html_get("record_stock_count", part_id=str(part.pk))
        as_engineer.html_preview("record_stock_count", {"part_id": str(part.pk), "counted_quantity": 2})
        as_engineer.html_get("report_fault", equipment_id=str(equipment.pk))
        as_engineer.html_preview("report_fault", form(equipment))


def test_stale_preview_in_the_flow_shows_the_new_preview(actions, engineer, aurora):
    part = PartFactory(vessel=aurora, stock=4)
    as_engineer = actions.as_user(engineer)
    preview = as_engineer.html_preview("record_stock_count", {"part_id": str(part.pk), "counted_quantity": 2})
    as_engineer.execute("record_stock_count", {"part_id": str(part.pk), "counted_quantity": 6})
    response = as_engineer.html_execute("record_stock_count", preview)
    assert response.status_code == 409 and response.context["step"] == "preview"
    assert response.context["preview"]["changes"][0]["from"] == 6
    part.refresh_from_db()
    assert part.quantity_on_hand == 6
