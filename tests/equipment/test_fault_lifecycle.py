"""Faults close: resolve_fault (engineer-grade, HOD), close_fault (HOD), the transition table, the
completion of a fault's work order resolving it, and the fault page offering the work order."""

import itertools

import pytest

from audit.models import AuditEntry
from equipment.models import FAULT_TRANSITIONS, Fault, FaultStatus
from equipment.services import fault_transition_refusal
from pms.roles import Role
from tests.actions import ActionClient, contract_changes, error_code
from tests.factories import PASSWORD, EquipmentFactory, FaultFactory, WorkOrderFactory, member

pytestmark = pytest.mark.django_db
NOTES = "Thermostat replaced and the coolant circuit bled; ran 30 minutes."


@pytest.fixture
def fault(aurora):
    equipment = EquipmentFactory(vessel=aurora, code="ME-PS", name="Port main engine", location="Engine room")
    return FaultFactory(equipment=equipment, fault_code="E047", title="High coolant temperature", severity="high")


def resolve(client, fault, notes="Sender replaced; reads right."):
    return ActionClient(client).execute("resolve_fault", {"fault_id": str(fault.pk), "resolution_notes": notes})


def close(client, fault, notes=""):
    return ActionClient(client).execute("close_fault", {"fault_id": str(fault.pk), "closing_notes": notes})


def open_fault_count(client) -> int:
    return client.get("/").context["open_fault_count"]


def test_the_transition_table_refuses_every_other_move():
    for status, to in itertools.product(FaultStatus.values, repeat=2):
        fault = Fault(status=status, fault_code="E1", title="t")
        allowed = fault_transition_refusal(fault, to) is None
        assert allowed == ((status, to) in FAULT_TRANSITIONS), (status, to)
    assert (FaultStatus.CLOSED, FaultStatus.OPEN) not in FAULT_TRANSITIONS


def test_an_engineer_resolves_a_fault_and_it_leaves_the_open_count(client, engineer, fault):
    client.force_login(engineer)
    assert open_fault_count(client) == 1
    preview = ActionClient(client).preview("resolve_fault", {"fault_id": str(fault.pk), "resolution_notes": "Fixed."})
    changes = {(c["field"], c["to"]) for c in preview.json()["preview"]["changes"]}
    assert ("status", "resolved") in changes and ("resolved_by", engineer.printed_name) in changes

    response = resolve(client, fault)
    assert response.status_code == 200, response.json()
    fault.refresh_from_db()
    assert (fault.status, fault.resolved_by, fault.resolution_notes) == (
        "resolved",
        engineer,
        "Sender replaced; reads right.",
    )
    assert fault.resolved_at is not None
    entry = AuditEntry.objects.get(pk=response.json()["result"]["audit_log_id"])
    assert (entry.action_name, entry.changes["status"]) == ("resolve_fault", ["open", "resolved"])
    assert open_fault_count(client) == 0
    again = resolve(client, fault)
    assert (again.status_code, error_code(again)) == (409, "INVALID_TRANSITION")


def test_crew_may_not_resolve_and_engineers_may_not_close(client, crew, engineer, fault):
    client.force_login(crew)
    assert (resolve(client, fault).status_code, error_code(resolve(client, fault))) == (403, "FORBIDDEN")
    client.force_login(engineer)
    response = close(client, fault, "False alarm.")
    assert (response.status_code, error_code(response)) == (403, "FORBIDDEN")
    fault.refresh_from_db()
    assert fault.status == "open"


def test_a_hod_closes_a_resolved_fault_and_a_closed_fault_stays_closed(client, chief, fault):
    client.force_login(chief)
    assert resolve(client, fault).status_code == 200
    response = close(client, fault)
    assert response.status_code == 200, response.json()
    fault.refresh_from_db()
    assert (fault.status, fault.closed_by) == ("closed", chief) and fault.closed_at
    for response in (resolve(client, fault), close(client, fault)):
        assert (response.status_code, error_code(response)) == (409, "FAULT_CLOSED")


def test_closing_a_fault_never_resolved_needs_a_reason(client, chief, fault):
    client.force_login(chief)
    response = close(client, fault)
    assert (response.status_code, error_code(response), response.json()["error"]["field"]) == (
        400,
        "VALIDATION_ERROR",
        "closing_notes",
    )
    assert close(client, fault, "Reported twice: see E047 of this morning.").status_code == 200
    fault.refresh_from_db()
    assert fault.status == "closed" and fault.closing_notes.startswith("Reported twice")


def test_a_fault_with_a_work_order_raised_cannot_be_closed(client, chief, fault):
    WorkOrderFactory(vessel=fault.vessel, fault=fault, status="open")
    fault.status = FaultStatus.WORK_ORDER_RAISED
    fault.save()
    client.force_login(chief)
    response = close(client, fault, "Not needed any more.")
    assert (response.status_code, error_code(response)) == (409, "INVALID_TRANSITION")
    assert "complete or cancel it first" in response.json()["error"]["message"]


def create_and_complete(client, fault):
    payload = {"fault_id": str(fault.pk), "title": "Replace thermostat", "priority": "high"}
    created = ActionClient(client).execute("create_work_order_from_fault", payload, secret=PASSWORD)
    assert created.status_code == 200, created.json()
    work_order_id = created.json()["result"]["id"]
    completion = {"work_order_id": work_order_id, "completion_notes": NOTES}
    return work_order_id, completion


def test_completing_the_work_order_raised_from_a_fault_resolves_it(client, chief, fault):
    client.force_login(chief)
    work_order_id, completion = create_and_complete(client, fault)
    fault.refresh_from_db()
    assert fault.status == "work_order_raised" and open_fault_count(client) == 1

    prefill = (
        ActionClient(client).prefill("mark_work_order_complete", **{"work_order_id": work_order_id}).json()["prefill"]
    )
    assert prefill["resolves_fault"]["id"] == str(fault.pk)
    preview = ActionClient(client).preview("mark_work_order_complete", completion).json()["preview"]
    assert {"entity": "fault E047", "field": "status", "from": "work_order_raised", "to": "resolved"} in (
        contract_changes(preview)
    )
    assert "The fault E047 this work order was raised for is resolved." in preview["side_effects"]

    response = ActionClient(client).execute("mark_work_order_complete", completion, secret=PASSWORD)
    assert response.status_code == 200, response.json()
    assert response.json()["result"]["fault"] == {"id": str(fault.pk), "status": "resolved"}
    fault.refresh_from_db()
    assert (fault.status, fault.resolved_by) == ("resolved", chief) and fault.resolved_at
    assert fault.resolution_notes.startswith(response.json()["result"]["work_order"]["number"])
    assert open_fault_count(client) == 0


def test_a_fault_stays_open_while_another_of_its_work_orders_is_open(client, chief, fault):
    client.force_login(chief)
    work_order_id, completion = create_and_complete(client, fault)
    other = WorkOrderFactory(vessel=fault.vessel, fault=fault, status="in_progress")
    preview = ActionClient(client).preview("mark_work_order_complete", completion).json()["preview"]
    assert "FAULT_STAYS_OPEN" in [w["code"] for w in preview["warnings"]]
    assert ActionClient(client).execute("mark_work_order_complete", completion, secret=PASSWORD).status_code == 200
    fault.refresh_from_db()
    assert fault.status == "work_order_raised" and other.fault_id == fault.pk


LIFECYCLE = ("create_work_order_from_fault", "resolve_fault", "close_fault")


def lifecycle(object_buttons) -> list[str]:
    """The fault page's buttons of the fault's own lifecycle (other modules add theirs)."""
    return [b["name"] for b in object_buttons if b["name"] in LIFECYCLE]


def buttons(client, fault) -> list[str]:
    return lifecycle(client.get(fault.get_absolute_url()).context["object_buttons"])


def test_the_fault_page_offers_its_open_work_order_instead_of_a_duplicate(client, chief, fault):
    client.force_login(chief)
    assert buttons(client, fault) == ["create_work_order_from_fault", "resolve_fault", "close_fault"]

    work_order_id, completion = create_and_complete(client, fault)
    page = client.get(fault.get_absolute_url())
    html = page.content.decode()
    assert f'class="open-work-order" href="/work-orders/{work_order_id}/"' in html
    assert lifecycle(page.context["object_buttons"]) == ["resolve_fault"]
    assert "/actions/create_work_order_from_fault/" not in html

    assert ActionClient(client).execute("mark_work_order_complete", completion, secret=PASSWORD).status_code == 200
    assert buttons(client, fault) == ["close_fault"]
    assert close(client, fault).status_code == 200
    assert buttons(client, fault) == []


def test_an_engineer_sees_resolve_but_not_close(client, aurora, fault):
    client.force_login(member(aurora, Role.ETO))
    assert buttons(client, fault) == ["resolve_fault"]
