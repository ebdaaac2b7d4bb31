"""Presentation rules every page keeps: one success message per action, the step indicator,
typed values kept on a validation error, stylesheets in <head>, the current section marked."""

import pytest

from equipment.models import Fault
from tests.factories import EquipmentFactory

pytestmark = pytest.mark.django_db

HTMX = {"HX-Request": "true"}


@pytest.fixture
def equipment(aurora):
    return EquipmentFactory(vessel=aurora, code="WM-1", name="Watermaker")


def report(equipment, **extra):
    return {
        "equipment_id": str(equipment.pk),
        "fault_code": "E031",
        "title": "HP switch trip",
        "severity": "high",
        **extra,
    }


def execute(browser, equipment, headers=None):
    preview = browser.html_preview("report_fault", report(equipment), headers=headers)
    assert preview.status_code == 200
    return browser.html_execute("report_fault", preview, headers=headers)


@pytest.mark.parametrize("headers", [None, HTMX], ids=["full-page", "htmx"])
def test_the_success_message_shows_once_in_the_result_and_not_again_on_the_next_page(actions, crew, equipment, headers):
    as_crew = actions.as_user(crew)

    done = execute(as_crew, equipment, headers)

    fault = Fault.objects.get(fault_code="E031")
    message = done.context["message"]
    html = done.content.decode()
    assert html.count(message) == 1 and html.count('class="message message-success"') == 1
    assert fault.title in message
    next_page = as_crew.client.get(fault.get_absolute_url()).content.decode()
    assert 'class="message message-success"' not in next_page


def test_the_step_indicator_follows_the_flow(actions, chief, equipment):
    as_chief = actions.as_user(chief)

    form = as_chief.html_get("report_fault").content.decode()
    assert '<li class="current" aria-current="step">Fill in</li>' in form
    assert ">Confirm</li>" in form and ">Done</li>" in form

    preview = as_chief.html_preview("report_fault", report(equipment)).content.decode()
    assert '<li class="done">Fill in</li>' in preview
    assert '<li class="current" aria-current="step">Check</li>' in preview
    assert '<li class="current">Confirm</li>' in preview

    signing = as_chief.html_get("create_work_order_from_fault").content.decode()
    assert ">Sign</li>" in signing

    reading = as_chief.html_get("show_manual_section").content.decode()
    assert ">Check</li>" not in reading and ">Done</li>" in reading


def test_a_validation_error_keeps_what_was_typed(actions, crew, equipment):
    as_crew = actions.as_user(crew)

    response = as_crew.html_preview(
        "report_fault", report(equipment, title="HP", description="Tripped at 58 bar."), headers=HTMX
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert 'class="message message-error"' in html and "at least 3 characters" in html
    assert 'value="E031"' in html and 'value="HP"' in html and "Tripped at 58 bar." in html
    assert f'<option value="{equipment.pk}" selected>' in html
    assert not Fault.objects.exists()


def test_page_stylesheets_load_in_head_and_the_current_section_is_marked(client, crew):
    client.force_login(crew)

    board = client.get("/handover/").content.decode()
    head, body = board.split("</head>", 1)
    assert "handover/handover.css" in head and "handover/handover.css" not in body
    assert '<a href="/handover/" aria-current="page">Handover</a>' in body

    faults = client.get("/equipment/faults/").content.decode()
    assert '<a href="/equipment/faults/" aria-current="page">Faults</a>' in faults
    assert '<a href="/equipment/" aria-current="page">' not in faults
