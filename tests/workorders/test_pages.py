"""The work order page: parts with stock, buttons by role and status, who signed, parts used."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pms.roles import Role
from tests.factories import (
    PASSWORD,
    PartFactory,
    WorkOrderFactory,
    WorkOrderNoteFactory,
    WorkOrderPartFactory,
    member,
)
from tests.reads import names, people_reads

pytestmark = pytest.mark.django_db


def buttons(client, order) -> set[str]:
    response = client.get(order.get_absolute_url())
    assert response.status_code == 200
    # The work order's own actions (every record's page also offers "Add to handover").
    return {b["name"] for b in response.context["object_buttons"]} - {"add_to_handover"}


@pytest.mark.parametrize(
    ("role", "status", "expected"),
    [
        (Role.CREW, "open", {"add_note_to_work_order", "attach_photo"}),
        (
            Role.ENGINEER,
            "open",
            {
                "add_part_to_work_order",
                "add_note_to_work_order",
                "start_work_order",
                "mark_work_order_complete",
                "attach_photo",
            },
        ),
        (
            Role.CHIEF_ENGINEER,
            "in_progress",
            {
                "add_part_to_work_order",
                "add_note_to_work_order",
                "assign_work_order",
                "mark_work_order_complete",
                "cancel_work_order",
                "attach_photo",
            },
        ),
        # Photos are evidence: still offered once the work is done, not on a cancelled work order.
        (Role.CHIEF_ENGINEER, "completed", {"add_note_to_work_order", "attach_photo"}),
        (Role.CHIEF_ENGINEER, "cancelled", set()),
        (Role.CAPTAIN, "closed", {"attach_photo"}),
    ],
)
def test_buttons_follow_role_and_status(client, aurora, role, status, expected):
    order = WorkOrderFactory(vessel=aurora, status=status)
    client.force_login(member(aurora, role))
    assert buttons(client, order) == expected


def test_the_assignee_sees_mark_complete_even_as_crew(client, aurora, crew):
    order = WorkOrderFactory(vessel=aurora, status="in_progress", assignee=crew)
    client.force_login(crew)
    assert buttons(client, order) == {"add_note_to_work_order", "mark_work_order_complete", "attach_photo"}
    html = client.get(order.get_absolute_url()).content.decode()
    assert f"/actions/mark_work_order_complete/?work_order_id={order.pk}" in html
    assert "/actions/cancel_work_order/" not in html


def test_parts_list_shows_stock_per_line(client, aurora, engineer):
    order = WorkOrderFactory(vessel=aurora)
    WorkOrderPartFactory(work_order=order, part=PartFactory(vessel=aurora, part_number="OK-1", stock=10), quantity=1)
    WorkOrderPartFactory(work_order=order, part=PartFactory(vessel=aurora, part_number="SHORT-1", stock=1), quantity=4)
    client.force_login(engineer)
    response = client.get(order.get_absolute_url())
    lines = {line["part_number"]: line for line in response.context["parts"]}
    assert lines["OK-1"]["stock_warning"] == "SUFFICIENT_STOCK"
    assert lines["SHORT-1"]["stock_warning"] == "INSUFFICIENT_STOCK"
    assert "not enough" in response.content.decode()


def test_completed_page_shows_signer_meaning_and_parts_used(actions, aurora, engineer, equipment):
    order = WorkOrderFactory(vessel=aurora, status="in_progress", equipment=equipment)
    part = PartFactory(vessel=aurora, part_number="IMP-1", stock=5)
    WorkOrderPartFactory(work_order=order, part=part, quantity=2)
    WorkOrderNoteFactory(work_order=order, note_text="Seals were worn.", created_by=engineer)
    as_engineer = actions.as_user(engineer)
    payload = {"work_order_id": str(order.pk), "completion_notes": "Impeller replaced and tested."}
    assert as_engineer.execute("mark_work_order_complete", payload, secret=PASSWORD).status_code == 200
    html = as_engineer.client.get(order.get_absolute_url()).content.decode()
    assert "I confirm this work order is complete" in html and engineer.printed_name in html
    assert "Parts used" in html and "IMP-1" in html and "Seals were worn." in html
    assert "Impeller replaced and tested." in html


def test_page_queries_do_not_grow_with_parts_notes_and_usage(actions, aurora, engineer):
    as_engineer = actions.as_user(engineer)
    client = as_engineer.client

    def completed_with(lines: int):
        order = WorkOrderFactory(vessel=aurora, status="in_progress")
        for _ in range(lines):
            WorkOrderPartFactory(work_order=order, part=PartFactory(vessel=aurora, stock=3))
            WorkOrderNoteFactory(work_order=order, created_by=engineer)
        payload = {"work_order_id": str(order.pk), "completion_notes": f"{lines} parts fitted."}
        assert as_engineer.execute("mark_work_order_complete", payload, secret=PASSWORD).status_code == 200
        return order

    def queries(order):
        client.get(order.get_absolute_url())  # warm per-process caches (content types)
        with CaptureQueriesContext(connection) as captured:
            assert as_engineer.client.get(order.get_absolute_url()).status_code == 200
        return len(captured)

    # Both signed and verified; only the number of parts, notes and ledger rows differs.
    few = queries(completed_with(1))
    many = queries(completed_with(5))
    assert many <= few


def test_another_vessels_work_order_page_is_404(client, borealis_chief, aurora):
    order = WorkOrderFactory(vessel=aurora)
    client.force_login(borealis_chief)
    assert client.get(order.get_absolute_url()).status_code == 404


def test_the_reader_named_on_the_page_is_not_read_again(client, aurora, engineer):
    mine = WorkOrderFactory(vessel=aurora, created_by=engineer, assignee=engineer)
    WorkOrderNoteFactory(work_order=mine, created_by=engineer, note_text="Seals checked.")
    client.force_login(engineer)

    page, reads = people_reads(client, mine.get_absolute_url())

    assert reads == []
    assert page.count(engineer.printed_name) >= 3  # creator, assignee, the note's author

    bosun = member(aurora, username="bosun", first_name="Ola", last_name="Berg")
    WorkOrderNoteFactory(work_order=mine, created_by=bosun, note_text="Deck drain cleared.")
    page, reads = people_reads(client, mine.get_absolute_url())

    assert len(reads) == 1 and names(reads[0], bosun) and not names(reads[0], engineer)
    assert bosun.printed_name in page
