"""add_part_to_work_order: a shopping list, merged lines, stock warnings in order."""

import pytest

from inventory.models import StockMovement
from inventory.services import move_stock
from pms.models import Membership
from pms.roles import Role
from tests.actions import NoWrites, error_code
from tests.factories import PartFactory, WorkOrderFactory, WorkOrderPartFactory, member
from workorders.models import WorkOrderPart

pytestmark = pytest.mark.django_db
NAME = "add_part_to_work_order"


@pytest.fixture
def order(aurora):
    return WorkOrderFactory(vessel=aurora, number="WO-2026-0001")


def payload(order, part, **overrides):
    return {"work_order_id": str(order.pk), "part_id": str(part.pk), "quantity": 2, **overrides}


def test_adds_a_line_without_touching_stock(actions, engineer, order, aurora):
    part = PartFactory(vessel=aurora, stock=10)
    ledger = StockMovement.objects.count()
    as_engineer = actions.as_user(engineer)
    response = as_engineer.execute(NAME, payload(part=part, order=order, notes="Port side"))
    assert response.status_code == 200, response.json()
    line = WorkOrderPart.objects.get()
    assert (line.work_order, line.part, line.quantity, line.notes, line.added_by) == (
        order,
        part,
        2,
        "Port side",
        engineer,
    )
    part.refresh_from_db()
    assert part.quantity_on_hand == 10 and StockMovement.objects.count() == ledger
    assert response.json()["result"]["stock_warning"] == "SUFFICIENT_STOCK"


def test_the_same_part_again_raises_the_lines_quantity(actions, engineer, order, aurora):
    part = PartFactory(vessel=aurora, stock=10)
    as_engineer = actions.as_user(engineer)
    as_engineer.execute(NAME, payload(order, part, quantity=2, notes="first"))
    preview = as_engineer.preview(NAME, payload(order, part, quantity=3)).json()["preview"]
    assert preview["changes"][0]["from"] == 2 and preview["changes"][0]["to"] == 5
    as_engineer.execute(NAME, payload(order, part, quantity=3))
    line = WorkOrderPart.objects.get()
    assert line.quantity == 5 and line.notes == "first"


@pytest.mark.parametrize(
    ("on_hand", "minimum", "quantity", "code"),
    [
        (0, 2, 1, "OUT_OF_STOCK"),
        (3, 2, 4, "INSUFFICIENT_STOCK"),
        (5, 2, 3, "LOW_STOCK"),
        (2, 2, 1, "LOW_STOCK"),
        (10, 2, 3, "SUFFICIENT_STOCK"),
    ],
)
def test_exactly_one_stock_warning_in_order(actions, engineer, order, aurora, on_hand, minimum, quantity, code):
    part = PartFactory(vessel=aurora, stock=on_hand, minimum_quantity=minimum)
    as_engineer = actions.as_user(engineer)
    warnings = as_engineer.preview(NAME, payload(order, part, quantity=quantity)).json()["preview"]["warnings"]
    assert [w["code"] for w in warnings] == [code]


def test_stock_warning_counts_what_is_already_on_the_list(actions, engineer, order, aurora):
    part = PartFactory(vessel=aurora, stock=4, minimum_quantity=0)
    WorkOrderPartFactory(work_order=order, part=part, quantity=3)
    as_engineer = actions.as_user(engineer)
    warnings = as_engineer.preview(NAME, payload(order, part, quantity=2)).json()["preview"]["warnings"]
    assert [w["code"] for w in warnings] == ["INSUFFICIENT_STOCK"]


def test_prefill_shows_stock_on_hand_and_the_list(actions, engineer, order, aurora):
    part = PartFactory(vessel=aurora, stock=1, minimum_quantity=2)
    as_engineer = actions.as_user(engineer)
    with NoWrites():
        prefill = as_engineer.prefill(NAME, work_order_id=str(order.pk), part_id=str(part.pk)).json()
    assert prefill["prefill"]["part"]["quantity_on_hand"] == 1
    assert prefill["prefill"]["part"]["stock_status"] == "LOW_STOCK"
    assert prefill["prefill"]["parts"] == []


@pytest.mark.parametrize("quantity", [0, -1, 1.5, "two", True, 1_000_001])
def test_bad_quantity_is_invalid_quantity(actions, engineer, order, aurora, quantity):
    part = PartFactory(vessel=aurora)
    as_engineer = actions.as_user(engineer)
    response = as_engineer.execute(NAME, payload(order, part, quantity=quantity))
    assert response.status_code == 400 and error_code(response) == "INVALID_QUANTITY"
    assert not WorkOrderPart.objects.exists()


def test_a_line_cannot_grow_past_the_maximum(actions, engineer, order, aurora):
    part = PartFactory(vessel=aurora)
    WorkOrderPartFactory(work_order=order, part=part, quantity=1_000_000)
    as_engineer = actions.as_user(engineer)
    response = as_engineer.execute(NAME, payload(order, part, quantity=1))
    assert response.status_code == 400 and error_code(response) == "INVALID_QUANTITY"
    assert WorkOrderPart.objects.get().quantity == 1_000_000


def test_notes_are_limited_to_500(actions, engineer, order, aurora):
    part = PartFactory(vessel=aurora)
    as_engineer = actions.as_user(engineer)
    response = as_engineer.execute(NAME, payload(order, part, notes="x" * 501))
    assert response.status_code == 400 and error_code(response) == "VALIDATION_ERROR"
    assert as_engineer.execute(NAME, payload(order, part, notes="x" * 500)).status_code == 200


@pytest.mark.parametrize("status", ["closed", "cancelled", "completed"])
def test_refused_on_a_finished_work_order(actions, engineer, aurora, status):
    order = WorkOrderFactory(vessel=aurora, number="WO-2026-0002", status=status)
    part = PartFactory(vessel=aurora)
    as_engineer = actions.as_user(engineer)
    response = as_engineer.execute(NAME, payload(order, part))
    assert response.status_code == 409 and error_code(response) == "WO_CLOSED"
    assert not WorkOrderPart.objects.exists()


def test_unknown_or_foreign_objects_are_not_found(actions, engineer, order, aurora, borealis):
    as_engineer = actions.as_user(engineer)
    foreign_part = PartFactory(vessel=borealis)
    foreign_order = WorkOrderFactory(vessel=borealis, number="WO-2026-0001")
    part = PartFactory(vessel=aurora)
    response = as_engineer.execute(NAME, payload(order, foreign_part))
    assert response.status_code == 404 and error_code(response) == "PART_NOT_FOUND"
    response = as_engineer.execute(NAME, payload(foreign_order, part))
    assert response.status_code == 404 and error_code(response) == "WO_NOT_FOUND"
    response = as_engineer.execute(NAME, {**payload(order, part), "part_id": "not-a-uuid"})
    assert response.status_code == 404 and error_code(response) == "PART_NOT_FOUND"


def test_part_of_another_vessel_of_the_same_user_is_not_found(actions, aurora, borealis, order):
    manager = member(aurora, Role.MANAGER)
    Membership.objects.create(user=manager, vessel=borealis, role=Role.MANAGER)
    as_manager = actions.as_user(manager)
    response = as_manager.execute(NAME, payload(order, PartFactory(vessel=borealis)))
    assert response.status_code == 404 and error_code(response) == "PART_NOT_FOUND"


def test_crew_may_not_add_parts(actions, crew, order, aurora):
    as_crew = actions.as_user(crew)
    response = as_crew.execute(NAME, payload(order, PartFactory(vessel=aurora)))
    assert response.status_code == 403 and error_code(response) == "FORBIDDEN"


def test_stale_preview_when_stock_moved_in_between(actions, engineer, order, aurora):
    part = PartFactory(vessel=aurora, stock=5)
    as_engineer = actions.as_user(engineer)
    digest = as_engineer.preview_hash(NAME, payload(order, part))
    move_stock(part=part, quantity=-4, reason="other", performed_by=engineer)
    response = as_engineer.execute(NAME, payload(order, part), preview_hash=digest)
    assert response.status_code == 409 and error_code(response) == "STALE_PREVIEW"
    assert not WorkOrderPart.objects.exists()


def test_html_flow_with_the_part_picker(actions, engineer, order, aurora):
    part = PartFactory(vessel=aurora, stock=10, part_number="IMP-7", name="Impeller")
    PartFactory(vessel=aurora, part_number="OTHER-1")
    as_engineer = actions.as_user(engineer)
    page = as_engineer.html_get(NAME, work_order_id=str(order.pk)).content.decode()
    assert '<select name="part_id"' in page and f'<option value="{part.pk}">IMP-7 Impeller (10 pcs on hand)' in page
    preview, done = as_engineer.html_run(NAME, payload(order, part, quantity=1))
    assert "warning-sufficient_stock" in preview.content.decode()
    assert done.status_code == 200 and done.context["step"] == "result"
    assert WorkOrderPart.objects.get().quantity == 1
