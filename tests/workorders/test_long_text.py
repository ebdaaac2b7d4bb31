"""Over-long text is refused with a clear message and kept as typed, never cut short."""

import pytest

from tests.actions import error_code
from tests.factories import WorkOrderFactory
from workorders.models import WorkOrderNote

pytestmark = pytest.mark.django_db


def test_an_over_long_note_is_refused_and_kept_as_typed(actions, aurora, crew):
    order = WorkOrderFactory(vessel=aurora)
    tablet = actions.as_user(crew)
    text = ("Impeller vanes cracked. " * 210).strip()  # 5,039 characters; the limit is 5,000

    page = tablet.html_preview("add_note_to_work_order", {"work_order_id": order.pk, "note_text": text})

    assert page.status_code == 400
    html = page.content.decode()
    assert "at most 5000 characters (it has 5039)" in html
    assert f"{text}</textarea>" in html  # all of it, to shorten by hand
    assert 'maxlength="5000"' in html  # char-counter.js turns this into a counter
    response = tablet.execute("add_note_to_work_order", {"work_order_id": str(order.pk), "note_text": text})
    assert response.status_code == 400 and error_code(response) == "VALIDATION_ERROR"
    assert response.json()["error"]["field"] == "note_text"
    assert not WorkOrderNote.objects.exists()


def test_every_page_loads_the_counter_as_a_plain_script(client, crew):
    client.force_login(crew)

    html = client.get("/actions/report_fault/").content.decode()

    assert '<script src="/static/js/char-counter.js" defer></script>' in html
    assert client.get("/static/js/char-counter.js").status_code == 200
