"""The JSON API of the action framework: envelope, status codes, error codes, order of checks."""

import uuid

import pytest
from django.test import Client

from audit.models import AuditEntry
from equipment.models import Fault
from inventory.models import StockMovement
from pms.roles import Role
from tests.actions import ActionClient, NoWrites, contract_changes, error_code
from tests.factories import EquipmentFactory, PartFactory, WorkOrderFactory, WorkOrderNoteFactory, api_token, member

pytestmark = pytest.mark.django_db


@pytest.fixture
def equipment(aurora):
    return EquipmentFactory(vessel=aurora, code="ME-PS", name="Port main engine", location="Engine room")


def fault_payload(equipment, **overrides):
    return {
        "equipment_id": str(equipment.pk),
        "fault_code": "e047",
        "title": "Coolant temperature high",
        "description": "Alarm at 92 °C under load.",
        "severity": "high",
        **overrides,
    }


def test_unauthenticated_requests_get_401_envelope(client, actions):
    for response in (client.get("/api/v1/actions"), actions.preview("report_fault", {})):
        assert response.status_code == 401
        assert error_code(response) == "UNAUTHENTICATED"


def test_action_list_names_every_action_with_kind_steps_signature_and_roles(client, crew):
    client.force_login(crew)
    body = client.get("/api/v1/actions").json()
    actions = {a["name"]: a for a in body["actions"]}
    assert actions["report_fault"] == {
        "name": "report_fault",
        "label": "Report a fault",
        "kind": "MUTATE",
        "steps": ["prefill", "preview", "execute"],
        "requires_signature": False,
        "roles": sorted(Role.values),
    }
    assert actions["record_stock_count"]["roles"] == sorted(
        [Role.ENGINEER, Role.ETO, Role.CHIEF_ENGINEER, Role.CAPTAIN, Role.MANAGER]
    )


def test_unknown_action_is_404(actions, crew):
    response = actions.as_user(crew).execute("launch_tender", {})
    assert response.status_code == 404
    assert error_code(response) == "UNKNOWN_ACTION"


def test_wrong_method_is_an_envelope_not_a_page(actions, crew):
    response = actions.as_user(crew).client.get("/api/v1/actions/report_fault/execute")
    assert response.status_code == 405
    assert error_code(response) == "METHOD_NOT_ALLOWED"


def test_report_fault_prefill_preview_execute(actions, crew, equipment):
    as_crew = actions.as_user(crew)
    prefill = as_crew.prefill("report_fault", equipment_id=str(equipment.pk)).json()
    assert prefill["status"] == "success" and prefill["step"] == "prefill"
    assert prefill["prefill"]["equipment"] == {"code": "ME-PS", "name": "Port main engine", "location": "Engine room"}

    preview = as_crew.preview("report_fault", fault_payload(equipment)).json()["preview"]
    assert {"entity": "fault", "field": "fault_code", "from": None, "to": "E047"} in contract_changes(preview)
    assert preview["requires_signature"] is False
    assert len(preview["preview_hash"]) == 64

    response = as_crew.execute("report_fault", fault_payload(equipment), preview_hash=preview["preview_hash"])
    assert response.status_code == 200
    body = response.json()
    fault = Fault.objects.get()
    assert body["status"] == "success" and body["step"] == "execute"
    assert body["result"]["fault"]["id"] == str(fault.pk)
    assert (fault.fault_code, fault.severity, fault.reported_by, fault.vessel) == (
        "E047",
        "high",
        crew,
        equipment.vessel,
    )
    entry = AuditEntry.objects.get(pk=body["result"]["audit_log_id"])
    assert (entry.object_type, entry.object_id, entry.operation) == ("equipment.fault", str(fault.pk), "create")
    assert (entry.actor, entry.action_name) == (crew, "report_fault")
    assert entry.changes["title"] == [None, "Coolant temperature high"]
    assert body["message"].startswith("Fault reported")


@pytest.mark.parametrize(
    ("payload_change", "field"),
    [
        ({"title": "ab"}, "title"),
        ({"title": "x" * 201}, "title"),
        ({"description": "x" * 5001}, "description"),
        ({"severity": "catastrophic"}, "severity"),
        ({"title": {"nested": "object"}}, "title"),
        ({"title": ["a", "list"]}, "title"),
        ({"unexpected": "field"}, "unexpected"),
    ],
)
def test_bad_payloads_are_400_validation_errors_and_write_nothing(actions, crew, equipment, payload_change, field):
    as_crew = actions.as_user(crew)
    for step in (as_crew.preview, as_crew.execute):
        response = step("report_fault", fault_payload(equipment, **payload_change))
        assert response.status_code == 400
        assert error_code(response) == "VALIDATION_ERROR"
        assert response.json()["error"]["field"] == field
    assert not Fault.objects.exists()


def test_missing_payload_and_malformed_json_are_400(actions, crew):
    as_crew = actions.as_user(crew)
    for raw in ("{not json", "[1, 2]"):
        response = as_crew.client.post("/api/v1/actions/report_fault/execute", raw, content_type="application/json")
        assert (response.status_code, error_code(response)) == (400, "VALIDATION_ERROR")
    response = as_crew.execute("report_fault", None)
    assert (response.status_code, error_code(response)) == (400, "VALIDATION_ERROR")
    response = as_crew.execute("report_fault", {"title": "Missing equipment"})
    assert (response.status_code, error_code(response)) == (400, "VALIDATION_ERROR")


@pytest.mark.parametrize("equipment_id", ["not-a-uuid", str(uuid.uuid4())])
def test_unknown_equipment_is_404(actions, crew, equipment, equipment_id):
    response = actions.as_user(crew).execute("report_fault", fault_payload(equipment, equipment_id=equipment_id))
    assert (response.status_code, error_code(response)) == (404, "EQUIPMENT_NOT_FOUND")


def test_another_vessels_objects_are_404_never_403(actions, crew, borealis):
    as_crew = actions.as_user(crew)
    foreign_equipment = EquipmentFactory(vessel=borealis)
    foreign_part = PartFactory(vessel=borealis, stock=3)
    foreign_order = WorkOrderFactory(vessel=borealis)
    cases = [
        ("report_fault", fault_payload(foreign_equipment), "EQUIPMENT_NOT_FOUND"),
        ("record_stock_count", {"part_id": str(foreign_part.pk), "counted_quantity": 1}, "PART_NOT_FOUND"),
        ("add_note_to_work_order", {"work_order_id": str(foreign_order.pk), "note_text": "hello"}, "WO_NOT_FOUND"),
    ]
    for name, payload, code in cases:
        for step in (as_crew.preview, as_crew.execute):
            response = step(name, payload)
            assert (response.status_code, error_code(response)) == (404, code)
    assert not Fault.objects.exists() and foreign_part.movements.count() == 1


def test_role_refusal_is_403_forbidden_after_existence(actions, crew, aurora):
    part = PartFactory(vessel=aurora, stock=5)
    as_crew = actions.as_user(crew)
    response = as_crew.execute("record_stock_count", {"part_id": str(part.pk), "counted_quantity": 4})
    assert (response.status_code, error_code(response)) == (403, "FORBIDDEN")
    response = as_crew.prefill("record_stock_count", part_id=str(part.pk))
    assert (response.status_code, error_code(response)) == (403, "FORBIDDEN")
    part.refresh_from_db()
    assert part.quantity_on_hand == 5


def test_add_note_rules(actions, crew, aurora):
    as_crew = actions.as_user(crew)
    order = WorkOrderFactory(vessel=aurora, status="in_progress")
    response = as_crew.execute("add_note_to_work_order", {"work_order_id": str(order.pk), "note_text": "Seal ok"})
    assert response.status_code == 200
    note = order.notes.get()
    assert (note.note_type, note.note_text, note.created_by) == ("general", "Seal ok", crew)

    for bad in ("", "x" * 5001):
        response = as_crew.execute("add_note_to_work_order", {"work_order_id": str(order.pk), "note_text": bad})
        assert (response.status_code, error_code(response)) == (400, "VALIDATION_ERROR")
    response = as_crew.execute(
        "add_note_to_work_order",
        {"work_order_id": str(order.pk), "note_text": "x" * 5000, "note_type": "resolution"},
    )
    assert response.status_code == 200
    assert order.notes.count() == 2

    for status in ("closed", "cancelled"):
        closed = WorkOrderFactory(vessel=aurora, status=status)
        response = as_crew.execute("add_note_to_work_order", {"work_order_id": str(closed.pk), "note_text": "late"})
        assert (response.status_code, error_code(response)) == (409, "WO_CLOSED")
        assert not closed.notes.exists()


def test_add_note_prefill_shows_work_order_and_recent_notes(actions, crew, aurora):
    order = WorkOrderFactory(vessel=aurora, number="WO-2026-0042", title="Replace impeller")
    WorkOrderNoteFactory(work_order=order, note_text="Ordered the kit", created_by=crew)
    response = actions.as_user(crew).prefill("add_note_to_work_order", work_order_id=str(order.pk))
    prefill = response.json()["prefill"]
    assert prefill["work_order"]["number"] == "WO-2026-0042"
    assert prefill["note_type"] == "general"
    assert [n["note_text"] for n in prefill["recent_notes"]] == ["Ordered the kit"]


@pytest.mark.parametrize("quantity", [-1, "three", 1.5, True, 10**7])
def test_record_stock_count_bad_quantity_is_invalid_quantity(actions, engineer, aurora, quantity):
    part = PartFactory(vessel=aurora, stock=5)
    response = actions.as_user(engineer).execute(
        "record_stock_count", {"part_id": str(part.pk), "counted_quantity": quantity}
    )
    assert (response.status_code, error_code(response)) == (400, "INVALID_QUANTITY")
    assert part.movements.count() == 1


def test_record_stock_count_sets_on_hand_and_writes_adjustment(actions, engineer, aurora):
    part = PartFactory(vessel=aurora, stock=5)
    response = actions.as_user(engineer).execute(
        "record_stock_count", {"part_id": str(part.pk), "counted_quantity": 3, "notes": "Shelf B2"}
    )
    assert response.status_code == 200
    part.refresh_from_db()
    assert part.quantity_on_hand == 3 and part.last_counted_by == engineer and part.last_counted_at
    adjustment = part.movements.get(reason="stock_count")
    assert (adjustment.quantity, adjustment.quantity_after, adjustment.notes) == (-2, 3, "Shelf B2")
    assert response.json()["result"]["adjustment"] == -2


def test_stale_preview_is_409_and_writes_nothing(actions, engineer, aurora):
    part = PartFactory(vessel=aurora, stock=5)
    as_engineer = actions.as_user(engineer)
    payload = {"part_id": str(part.pk), "counted_quantity": 4}
    seen = as_engineer.preview_hash("record_stock_count", payload)
    as_eto = actions.as_user(member(aurora, Role.ETO))
    assert as_eto.execute("record_stock_count", {"part_id": str(part.pk), "counted_quantity": 7}).status_code == 200
    movements = StockMovement.objects.count()
    response = as_engineer.execute("record_stock_count", payload, preview_hash=seen)
    assert (response.status_code, error_code(response)) == (409, "STALE_PREVIEW")
    assert response.json()["error"]["details"]["preview"]["changes"][0]["from"] == 7
    part.refresh_from_db()
    assert part.quantity_on_hand == 7 and StockMovement.objects.count() == movements


def test_same_idempotency_key_replays_without_a_second_write(actions, crew, equipment):
    as_crew = actions.as_user(crew)
    first = as_crew.execute("report_fault", fault_payload(equipment), key="tablet-7f3a")
    again = as_crew.execute("report_fault", fault_payload(equipment), key="tablet-7f3a")
    assert first.status_code == again.status_code == 200
    assert again.json() == first.json()
    assert again["Idempotent-Replayed"] == "true"
    assert Fault.objects.count() == 1

    reused = as_crew.execute("report_fault", fault_payload(equipment, title="Another"), key="tablet-7f3a")
    assert (reused.status_code, error_code(reused)) == (409, "IDEMPOTENCY_KEY_REUSED")
    assert Fault.objects.count() == 1


def test_idempotency_keys_belong_to_their_user(actions, crew, equipment, aurora):
    other = member(aurora, Role.CREW)
    actions.as_user(crew).execute("report_fault", fault_payload(equipment), key="shared-key")
    response = actions.as_user(other).execute("report_fault", fault_payload(equipment), key="shared-key")
    assert response.status_code == 200
    assert Fault.objects.count() == 2


def test_a_failed_execute_does_not_burn_its_idempotency_key(actions, crew, aurora):
    order = WorkOrderFactory(vessel=aurora, status="cancelled")
    as_crew = actions.as_user(crew)
    payload = {"work_order_id": str(order.pk), "note_text": "retry me"}
    assert error_code(as_crew.execute("add_note_to_work_order", payload, key="k-1")) == "WO_CLOSED"
    order.status = "open"
    order.save()
    assert as_crew.execute("add_note_to_work_order", payload, key="k-1").status_code == 200
    assert order.notes.count() == 1


def test_prefill_and_preview_write_nothing(actions, engineer, aurora, equipment):
    part = PartFactory(vessel=aurora, stock=5)
    order = WorkOrderFactory(vessel=aurora)
    as_engineer = actions.as_user(engineer)
    with NoWrites():
        as_engineer.prefill("report_fault", equipment_id=str(equipment.pk))
        as_engineer.preview("report_fault", fault_payload(equipment))
        as_engineer.prefill("record_stock_count", part_id=str(part.pk))
        as_engineer.preview("record_stock_count", {"part_id": str(part.pk), "counted_quantity": 1})
        as_engineer.prefill("add_note_to_work_order", work_order_id=str(order.pk))
        as_engineer.preview("add_note_to_work_order", {"work_order_id": str(order.pk), "note_text": "x"})


def test_session_posts_need_csrf_but_bearer_tokens_do_not(crew, equipment):
    browser = ActionClient(Client(enforce_csrf_checks=True), crew)
    response = browser.execute("report_fault", fault_payload(equipment))
    assert (response.status_code, error_code(response)) == (403, "FORBIDDEN")
    assert not Fault.objects.exists()

    integration = ActionClient(Client(enforce_csrf_checks=True), token=api_token(crew))
    response = integration.execute("report_fault", fault_payload(equipment))
    assert response.status_code == 200
    assert Fault.objects.get().reported_by == crew
