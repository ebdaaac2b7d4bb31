"""Id fields of the HTML forms: bounded lists at any fleet size, searchable past the limit."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pms.actions import forms as action_forms
from pms.models import Membership
from pms.roles import Role
from tests.factories import MembershipFactory, PartFactory, WorkOrderFactory, member

pytestmark = pytest.mark.django_db


@pytest.fixture
def small_limit(monkeypatch):
    monkeypatch.setattr(action_forms, "PICKER_LIMIT", 3)


def options_of(html, name):
    select = html.split(f'name="{name}"', 1)[1].split("</select>", 1)[0]
    return select.count("<option value=")


def test_short_lists_show_every_row_and_no_search_box(actions, engineer, aurora):
    parts = [PartFactory(vessel=aurora) for _ in range(3)]
    html = actions.as_user(engineer).html_get("record_stock_count").content.decode()
    assert all(str(p.pk) in html for p in parts)
    assert "picker-search" not in html


def test_long_lists_are_cut_and_offer_a_search_that_finds_the_rest(actions, engineer, aurora, borealis, small_limit):
    for i in range(6):
        PartFactory(vessel=aurora, part_number=f"FLT-{i:03d}", name="Filter")
    far = PartFactory(vessel=aurora, part_number="ZZ-IMPELLER", name="Impeller kit")
    PartFactory(vessel=borealis, part_number="ZZ-IMPELLER-B", name="Impeller kit Borealis")
    order = WorkOrderFactory(vessel=aurora)
    as_engineer = actions.as_user(engineer)

    html = as_engineer.html_get("add_part_to_work_order", work_order_id=str(order.pk)).content.decode()
    assert "picker-search" in html and f'hx-get="choices/part_id/?vessel={aurora.pk}"' in html
    assert options_of(html, "part_id") == 1 + 3  # the blank choice and the first three parts
    assert "ZZ-IMPELLER" not in html

    found = as_engineer.client.get("/actions/add_part_to_work_order/choices/part_id/", {"q": "impeller"})
    assert str(far.pk) in found.content.decode() and "Borealis" not in found.content.decode()

    # A part chosen beyond the cut stays selected when the form comes back (e.g. after an error).
    again = as_engineer.html_preview(
        "add_part_to_work_order", {"work_order_id": str(order.pk), "part_id": str(far.pk), "quantity": "0"}
    ).content.decode()
    assert f'value="{far.pk}" selected' in again


def test_choices_of_unknown_actions_or_fields_are_404(client, engineer, aurora):
    client.force_login(engineer)
    assert client.get("/actions/add_part_to_work_order/choices/quantity/").status_code == 404
    assert client.get("/actions/launch_tender/choices/part_id/").status_code == 404


def test_pickers_follow_the_vessel_of_the_record_not_the_header(client, aurora, borealis):
    manager = member(aurora, Role.MANAGER)
    MembershipFactory(vessel=borealis, role=Role.MANAGER, user=manager)
    mine = PartFactory(vessel=aurora, part_number="AUR-SEAL")
    theirs = PartFactory(vessel=borealis, part_number="BOR-SEAL")
    order = WorkOrderFactory(vessel=aurora)
    manager.current_vessel = borealis
    manager.save()
    client.force_login(manager)
    assert Membership.objects.filter(user=manager).count() == 2

    html = client.get(f"/actions/add_part_to_work_order/?work_order_id={order.pk}").content.decode()
    assert str(mine.pk) in html and str(theirs.pk) not in html

    # The part chosen from that list is accepted for the AURORA work order.
    response = client.post(
        "/actions/add_part_to_work_order/",
        {"work_order_id": str(order.pk), "part_id": str(mine.pk), "quantity": "1", "step": "preview"},
    )
    assert response.status_code == 200 and "PART_NOT_FOUND" not in response.content.decode()

    # The search as you type asks for that vessel's rows, and only a member's vessel is honoured.
    found = client.get(
        "/actions/add_part_to_work_order/choices/part_id/", {"q": "SEAL", "vessel": str(aurora.pk)}
    ).content.decode()
    assert str(mine.pk) in found and str(theirs.pk) not in found
    stranger = member(aurora, Role.ENGINEER)
    client.force_login(stranger)
    found = client.get(
        "/actions/add_part_to_work_order/choices/part_id/", {"q": "SEAL", "vessel": str(borealis.pk)}
    ).content.decode()
    assert str(theirs.pk) not in found


def test_a_posted_preview_runs_no_picker_query(client, engineer, aurora):
    PartFactory.create_batch(5, vessel=aurora)
    part = PartFactory(vessel=aurora, stock=5)
    order = WorkOrderFactory(vessel=aurora)
    client.force_login(engineer)
    client.get("/")
    with CaptureQueriesContext(connection) as queries:
        response = client.post(
            "/actions/add_part_to_work_order/",
            {"work_order_id": str(order.pk), "part_id": str(part.pk), "quantity": "1", "step": "preview"},
        )
    assert response.status_code == 200
    listing = [q["sql"] for q in queries if "inventory_part" in q["sql"] and "LIMIT 101" in q["sql"]]
    assert listing == []
