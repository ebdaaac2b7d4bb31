"""Status changes: one transition table; start_work_order and cancel_work_order."""

import pytest

from audit.models import Signature
from pms.actions.base import ActionError
from pms.roles import Role
from tests.actions import error_code
from tests.factories import PASSWORD, FaultFactory, WorkOrderFactory, member
from workorders.models import WORK_ORDER_TRANSITIONS, WorkOrder, WorkOrderStatus
from workorders.services import set_status, transition_refusal

pytestmark = pytest.mark.django_db
S = WorkOrderStatus


def test_finished_statuses_lead_nowhere_but_completed_to_closed():
    assert {to for frm, to in WORK_ORDER_TRANSITIONS if frm == S.COMPLETED} == {S.CLOSED}
    assert not [pair for pair in WORK_ORDER_TRANSITIONS if pair[0] in (S.CLOSED, S.CANCELLED)]


@pytest.mark.parametrize(
    ("status", "to", "code"),
    [
        (S.COMPLETED, S.COMPLETED, "WO_ALREADY_COMPLETE"),
        (S.COMPLETED, S.CANCELLED, "WO_ALREADY_COMPLETE"),
        (S.CLOSED, S.IN_PROGRESS, "WO_CLOSED"),
        (S.CANCELLED, S.COMPLETED, "WO_CLOSED"),
        (S.IN_PROGRESS, S.IN_PROGRESS, "INVALID_TRANSITION"),
        (S.CANDIDATE, S.COMPLETED, "INVALID_TRANSITION"),
        (S.OPEN, S.COMPLETED, None),
        (S.PENDING_PARTS, S.IN_PROGRESS, None),
    ],
)
def test_transition_refusals_name_their_code(aurora, status, to, code):
    order = WorkOrderFactory(vessel=aurora, status=status)
    refusal = transition_refusal(order, to)
    assert (refusal.code if refusal else None) == code


def test_set_status_refuses_what_the_table_does_not_allow(aurora):
    order = WorkOrderFactory(vessel=aurora, status=S.CANCELLED)
    with pytest.raises(ActionError) as raised:
        set_status(order, S.IN_PROGRESS)
    assert raised.value.code == "WO_CLOSED"
    order.refresh_from_db()
    assert order.status == S.CANCELLED


@pytest.mark.parametrize("status", [S.OPEN, S.PENDING_PARTS])
def test_start_work_takes_an_unassigned_order_and_assigns_the_starter(actions, engineer, aurora, status):
    order = WorkOrderFactory(vessel=aurora, status=status)
    as_engineer = actions.as_user(engineer)
    response = as_engineer.execute("start_work_order", {"work_order_id": str(order.pk)})
    assert response.status_code == 200
    order.refresh_from_db()
    assert order.status == S.IN_PROGRESS and order.assignee == engineer


def test_start_work_keeps_the_assignee_and_is_refused_twice(actions, engineer, crew, aurora):
    order = WorkOrderFactory(vessel=aurora, assignee=crew)
    as_engineer = actions.as_user(engineer)
    assert as_engineer.execute("start_work_order", {"work_order_id": str(order.pk)}).status_code == 200
    response = as_engineer.execute("start_work_order", {"work_order_id": str(order.pk)})
    assert response.status_code == 409 and error_code(response) == "INVALID_TRANSITION"
    order.refresh_from_db()
    assert order.assignee == crew


def test_crew_may_not_start_work(actions, crew, aurora):
    order = WorkOrderFactory(vessel=aurora)
    as_crew = actions.as_user(crew)
    response = as_crew.execute("start_work_order", {"work_order_id": str(order.pk)})
    assert response.status_code == 403 and error_code(response) == "FORBIDDEN"


def test_cancel_needs_a_head_of_department_and_a_reason(actions, engineer, chief, aurora):
    order = WorkOrderFactory(vessel=aurora)
    as_engineer = actions.as_user(engineer)
    response = as_engineer.execute("cancel_work_order", {"work_order_id": str(order.pk), "reason": "Not needed"})
    assert response.status_code == 403 and error_code(response) == "FORBIDDEN"
    as_chief = actions.as_user(chief)
    for reason in ("", "ab", None):
        response = as_chief.execute("cancel_work_order", {"work_order_id": str(order.pk), "reason": reason})
        assert response.status_code == 400 and error_code(response) == "VALIDATION_ERROR"
    assert WorkOrder.objects.get(pk=order.pk).status == S.OPEN


def test_cancel_keeps_the_reason_as_a_note_and_reopens_the_fault(actions, chief, aurora):
    fault = FaultFactory(vessel=aurora, equipment__vessel=aurora, status="work_order_raised")
    order = WorkOrderFactory(vessel=aurora, fault=fault)
    as_chief = actions.as_user(chief)
    payload = {"work_order_id": str(order.pk), "reason": "Raised twice by mistake"}
    response = as_chief.execute("cancel_work_order", payload)
    assert response.status_code == 200
    order.refresh_from_db()
    fault.refresh_from_db()
    assert order.status == S.CANCELLED and fault.status == "open"
    assert order.notes.get().note_text == "Cancelled: Raised twice by mistake"
    response = as_chief.execute("cancel_work_order", payload)
    assert response.status_code == 409 and error_code(response) == "WO_CLOSED"


def test_cancel_leaves_the_fault_raised_while_another_work_order_lives(actions, chief, aurora):
    fault = FaultFactory(vessel=aurora, equipment__vessel=aurora, status="work_order_raised")
    order = WorkOrderFactory(vessel=aurora, fault=fault)
    WorkOrderFactory(vessel=aurora, fault=fault)
    as_chief = actions.as_user(chief)
    as_chief.execute("cancel_work_order", {"work_order_id": str(order.pk), "reason": "Duplicate"})
    fault.refresh_from_db()
    assert fault.status == "work_order_raised"


def test_a_work_order_goes_from_fault_to_completed_through_the_pages(actions, aurora, chief, engineer):
    fault = FaultFactory(vessel=aurora, equipment__vessel=aurora)
    as_chief = actions.as_user(chief)
    _, created = as_chief.html_run(
        "create_work_order_from_fault",
        {"fault_id": str(fault.pk), "title": "Fix it", "priority": "normal"},
        secret=PASSWORD,
    )
    order = WorkOrder.objects.get()
    as_engineer = actions.as_user(engineer)
    _, started = as_engineer.html_run("start_work_order", {"work_order_id": str(order.pk)})
    assert started.status_code == 200
    _, done = as_engineer.html_run(
        "mark_work_order_complete",
        {"work_order_id": str(order.pk), "completion_notes": "All done and tested."},
        secret=PASSWORD,
    )
    assert done.status_code == 200
    order.refresh_from_db()
    assert order.status == S.COMPLETED and order.assignee == engineer
    assert list(Signature.objects.order_by("signed_at").values_list("action_name", flat=True)) == [
        "create_work_order_from_fault",
        "mark_work_order_complete",
    ]


def test_cancel_html_flow(actions, aurora):
    captain = member(aurora, Role.CAPTAIN)
    order = WorkOrderFactory(vessel=aurora)
    as_captain = actions.as_user(captain)
    _, done = as_captain.html_run("cancel_work_order", {"work_order_id": str(order.pk), "reason": "Superseded"})
    assert done.status_code == 200
    assert WorkOrder.objects.get(pk=order.pk).status == S.CANCELLED
