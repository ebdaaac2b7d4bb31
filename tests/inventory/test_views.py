import datetime

import pytest
from django.utils import timezone

from inventory.models import MovementReason
from inventory.services import move_stock
from pms.formatting import day
from pms.roles import Role
from tests.factories import (
    EquipmentFactory,
    PartFactory,
    WorkOrderFactory,
    WorkOrderPartFactory,
    member,
)
from tests.reads import names, people_reads

BUTTONS = ("Log usage", "Count stock", "Receive")


def page_of(client, user, part):
    client.force_login(user)
    return client.get(f"/parts/{part.pk}/")


def test_part_page_shows_stock_usage_reservations_and_the_ledger(client, actions, engineer, aurora):
    part = PartFactory(
        vessel=aurora,
        part_number="SEAL-3",
        name="Shaft seal",
        location="Engine store, shelf C",
        minimum_quantity=5,
        maximum_quantity=30,
        stock=20,
    )
    work_order = WorkOrderFactory(vessel=aurora, number="WO-2026-0101", status="in_progress")
    equipment = EquipmentFactory(vessel=aurora, code="STERN-GLAND")
    api = actions.with_token(engineer)
    api.execute(
        "log_part_usage",
        {"part_id": str(part.pk), "quantity": 9, "work_order_id": str(work_order.pk)},
    )
    api.execute(
        "log_part_usage",
        {"part_id": str(part.pk), "quantity": 6, "usage_reason": "testing", "equipment_id": str(equipment.pk)},
    )
    api.execute("record_stock_count", {"part_id": str(part.pk), "counted_quantity": 5})
    WorkOrderPartFactory(work_order=work_order, part=part, quantity=2)

    response = page_of(client, engineer, part)

    assert response.status_code == 200
    page = response.content.decode()
    assert "badge-low_stock" in page and "Low stock" in page
    assert "<strong>5 pcs</strong> on hand" in page
    assert "<dd>5 / 30</dd>" in page
    assert "Engine store, shelf C" in page
    assert f"{engineer.printed_name}, {day(timezone.now())}" in page
    assert "<dd>15 pcs</dd>" in page  # used in the last 30 days
    assert "<dd>0.5 pcs</dd>" in page  # daily average
    assert "<dd>10 days</dd>" in page  # floor(5 / 0.5)
    assert "<dd>2 pcs</dd>" in page  # reserved on the open work order
    assert "WO-2026-0101" in page and "STERN-GLAND" in page
    assert "Work order" in page and "Testing" in page and "Stock count adjustment" in page
    assert "<td>-9</td>" in page and "<td>-6</td>" in page


def test_run_out_is_a_dash_without_usage(client, engineer, aurora):
    part = PartFactory(vessel=aurora, stock=3)

    page = page_of(client, engineer, part).content.decode()

    assert "Never" in page
    assert "<dt>Estimated run-out</dt><dd>—</dd>" in page


@pytest.mark.parametrize(
    ("role", "shown"),
    [
        (Role.CREW, False),
        (Role.ENGINEER, True),
        (Role.ETO, True),
        (Role.CHIEF_ENGINEER, True),
        (Role.CAPTAIN, True),
        (Role.MANAGER, True),
    ],
)
def test_stock_buttons_only_for_roles_that_may_run_them(client, aurora, role, shown):
    part = PartFactory(vessel=aurora, stock=3)

    page = page_of(client, member(aurora, role), part).content.decode()

    for label, action in zip(BUTTONS, ("log_part_usage", "record_stock_count", "receive_parts"), strict=True):
        link = f'href="/actions/{action}/?part_id={part.pk}">{label}</a>'
        assert (link in page) is shown


def test_another_vessels_part_page_is_not_found(client, engineer, borealis):
    theirs = PartFactory(vessel=borealis, stock=1)

    assert page_of(client, engineer, theirs).status_code == 404


def test_part_page_queries_do_not_grow_with_the_ledger(client, engineer, aurora, django_assert_max_num_queries):
    part = PartFactory(vessel=aurora, stock=500)
    work_order = WorkOrderFactory(vessel=aurora)
    equipment = EquipmentFactory(vessel=aurora)
    for i in range(60):
        movement = move_stock(
            part=part,
            quantity=-1,
            reason=MovementReason.WORK_ORDER,
            performed_by=engineer,
            work_order=work_order,
            equipment=equipment if i % 2 else None,
        )
        movement.performed_at = timezone.now() - datetime.timedelta(hours=i)
        movement.save()
    client.force_login(engineer)

    with django_assert_max_num_queries(20):
        response = client.get(f"/parts/{part.pk}/")

    assert response.status_code == 200
    page = response.content.decode()
    assert page.count("<td>-1</td>") + page.count("<td>+500</td>") == 50  # the latest 50 ledger rows


@pytest.fixture
def stocked(aurora):
    return {
        "out": PartFactory(vessel=aurora, part_number="P-OUT", category="Filters", minimum_quantity=2, stock=0),
        "low": PartFactory(vessel=aurora, part_number="P-LOW", category="Filters", minimum_quantity=2, stock=2),
        "ok": PartFactory(vessel=aurora, part_number="P-OK", category="Seals", minimum_quantity=2, stock=3),
        "over": PartFactory(
            vessel=aurora, part_number="P-OVER", category="Seals", minimum_quantity=2, maximum_quantity=4, stock=9
        ),
    }


def listed(client, user, **params) -> set:
    client.force_login(user)
    response = client.get("/parts/", params)
    assert response.status_code == 200
    return {p.part_number for p in response.context["objects"]}


def test_part_list_shows_the_vessels_parts_with_their_status(client, engineer, borealis, stocked):
    PartFactory(vessel=borealis, part_number="P-THEIRS", stock=1)

    assert listed(client, engineer) == {"P-OUT", "P-LOW", "P-OK", "P-OVER"}
    page = client.get("/parts/").content.decode()
    for word in ("Out of stock", "Low stock", "In stock", "Overstocked"):
        assert word in page


def test_part_list_filters_by_status(client, engineer, stocked):
    assert listed(client, engineer, status="low") == {"P-LOW"}
    assert listed(client, engineer, status="out") == {"P-OUT"}
    assert listed(client, engineer, status="nonsense") == {"P-OUT", "P-LOW", "P-OK", "P-OVER"}


def test_part_list_filters_by_category(client, engineer, stocked):
    assert listed(client, engineer, category="Seals") == {"P-OK", "P-OVER"}
    assert listed(client, engineer, category="Filters", status="low") == {"P-LOW"}
    assert listed(client, engineer, category="Unknown") == set()
    page = client.get("/parts/").content.decode()
    assert "<option>Filters</option>" in page and "<option>Seals</option>" in page


def test_the_reader_named_on_the_ledger_is_not_read_again(client, actions, engineer, aurora):
    part = PartFactory(vessel=aurora, stock=20)
    api = actions.with_token(engineer)
    api.execute("log_part_usage", {"part_id": str(part.pk), "quantity": 2, "usage_reason": "testing"})
    api.execute("record_stock_count", {"part_id": str(part.pk), "counted_quantity": 15})
    client.force_login(engineer)

    page, reads = people_reads(client, f"/parts/{part.pk}/")

    assert reads == []
    assert page.count(engineer.printed_name) >= 3  # last counted by, and both ledger rows

    bosun = member(aurora, Role.ENGINEER, username="bosun", first_name="Ola", last_name="Berg")
    actions.with_token(bosun).execute(
        "log_part_usage", {"part_id": str(part.pk), "quantity": 1, "usage_reason": "testing"}
    )
    page, reads = people_reads(client, f"/parts/{part.pk}/")

    # The ledger's people and the trail's (who changed the part) each read the one stranger, never the reader.
    assert reads and all(names(r, bosun) and not names(r, engineer) for r in reads)
    assert bosun.printed_name in page
