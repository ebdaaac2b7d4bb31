"""The JSON API of the action framework: envelope, status codes, error codes, order of checks."""

import uuid

import pytest

from audit.models import AuditEntry
from equipment.models import Fault
from inventory.models import StockMovement
from pms.roles import Role
from tests.factories import EquipmentFactory, PartFactory, WorkOrderFactory, WorkOrderNoteFactory, member
from tests.pms.helpers import NoWrites, api, error_code, preview_hash

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


def test_unauthenticated_requests_get_401_envelope(client):
    for response in (client.get("/api/v1/actions"), api(client, "report_fault", "preview", {})):
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


def test_unknown_action_is_404(client, crew):
    client.force_login(crew)
    response = api(client, "launch_tender", "execute", {})
    assert response.status_code == 404
    assert error_code(response) == "UNKNOWN_ACTION"


def test_wrong_method_is_an_envelope_not_a_page(client, crew):
    client.force_login(crew)
    response = client.get("/api/v1/actions/report_fault/execute")
    assert response.status_code == 405
    assert error_code(response) == "METHOD_NOT_ALLOWED"


def test_report_fault_prefill_preview_execute(client, crew, equipment):
    client.force_login(crew)
    prefill = api(client, "report_fault", "prefill", {"equipment_id": str(equipment.pk)}).json()
    assert prefill["status"] == "success" and prefill["step"] == "prefill"
    assert prefill["prefill"]["equipment"] == {"code": "ME-PS", "name": "Port main engine", "location": "Engine room"}

    preview = api(client, "report_fault", "preview", fault_payload(equipment)).json()["preview"]
    assert {"entity": "fault", "field": "fault_code", "from": None, "to": "E047"} in preview["changes"]
    assert preview["requires_signature"] is False
    assert len(preview["preview_hash"]) == 64

    response = api(client, "report_fault", "execute", fault_payload(equipment), preview_hash=preview["preview_hash"])
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
def test_bad_payloads_are_400_validation_errors_and_write_nothing(client, crew, equipment, payload_change, field):
    client.force_login(crew)
    for step in ("preview", "execute"):
        response = api(client, "report_fault", step, fault_payload(equipment, **payload_change))
        assert response.status_code == 400
        assert error_code(response) == "VALIDATION_ERROR"
        assert response.json()["error"]["field"] == field
    assert not Fault.objects.exists()


def test_missing_payload_and_malformed_json_are_400(client, crew):
    client.force_login(crew)
    response = client.post("/api/v1/actions/report_fault/execute", "{not json", content_type="application/json")
    assert (response.status_code, error_code(response)) == (400, "VALIDATION_ERROR")
    response = client.post("/api/v1/actions/report_fault/execute", "[1, 2]", content_type="application/json")
    assert (response.status_code, error_code(response)) == (400, "VALIDATION_ERROR")
    response = api(client, "report_fault", "execute", None)
    assert (response.status_code, error_code(response)) == (400, "VALIDATION_ERROR")
    response = api(client, "report_fault", "execute", {"title": "Missing equipment"})
    assert (response.status_code, error_code(response)) == (400, "VALIDATION_ERROR")


@pytest.mark.parametrize("equipment_id", ["not-a-uuid", str(uuid.uuid4())])
def test_unknown_equipment_is_404(client, crew, equipment, equipment_id):
    client.force_login(crew)
    response = api(client, "report_fault", "execute", fault_payload(equipment, equipment_id=equipment_id))
    assert (response.status_code, error_code(response)) == (404, "EQUIPMENT_NOT_FOUND")


def test_another_vessels_objects_are_404_never_403(client, crew, borealis):
    client.force_login(crew)
    foreign_equipment = EquipmentFactory(vessel=borealis)
    foreign_part = PartFactory(vessel=borealis, stock=3)
    foreign_order = WorkOrderFactory(vessel=borealis)
    cases = [
        ("report_fault", fault_payload(foreign_equipment), "EQUIPMENT_NOT_FOUND"),
        ("record_stock_count", {"part_id": str(foreign_part.pk), "counted_quantity": 1}, "PART_NOT_FOUND"),
        ("add_note_to_work_order", {"work_order_id": str(foreign_order.pk), "note_text": "hello"}, "WO_NOT_FOUND"),
    ]
    for name, payload, code in cases:
        for step in ("preview", "execute"):
            response = api(client, name, step, payload)
            assert (response.status_code, error_code(response)) == (404, code)
    assert not Fault.objects.exists() and foreign_part.movements.count() == 1


def test_role_refusal_is_403_forbidden_after_existence(client, crew, aurora):
    part = PartFactory(vessel=aurora, stock=5)
    client.force_login(crew)
    response = api(client, "record_stock_count", "execute", {"part_id": str(part.pk), "counted_quantity": 4})
    assert (response.status_code, error_code(response)) == (403, "FORBIDDEN")
    response = api(client, "record_stock_count", "prefill", {"part_id": str(part.pk)})
    assert (response.status_code, error_code(response)) == (403, "FORBIDDEN")
    part.refresh_from_db()
    assert part.quantity_on_hand == 5


def test_add_note_rules(client, crew, aurora):
    client.force_login(crew)
    order = WorkOrderFactory(vessel=aurora, status="in_progress")
    response = api(
        client, "add_note_to_work_order", "execute", {"work_order_id": str(order.pk), "note_text": "Seal ok"}
    )
    assert response.status_code == 200
    note = order.notes.get()
    assert (note.note_type, note.note_text, note.created_by) == ("general", "Seal ok", crew)

    for bad in ("", "x" * 5001):
        response = api(client, "add_note_to_work_order", "execute", {"work_order_id": str(order.pk), "note_text": bad})
        assert (response.status_code, error_code(response)) == (400, "VALIDATION_ERROR")
    response = api(
        client,
        "add_note_to_work_order",
        "execute",
        {"work_order_id": str(order.pk), "note_text": "x" * 5000, "note_type": "resolution"},
    )
    assert response.status_code == 200
    assert order.notes.count() == 2

    for status in ("closed", "cancelled"):
        closed = WorkOrderFactory(vessel=aurora, status=status)
        response = api(
            client, "add_note_to_work_order", "execute", {"work_order_id": str(closed.pk), "note_text": "late"}
        )
        assert (response.status_code, error_code(response)) == (409, "WO_CLOSED")
        assert not closed.notes.exists()


def test_add_note_prefill_shows_work_order_and_recent_notes(client, crew, aurora):
    order = WorkOrderFactory(vessel=aurora, number="WO-2026-0042", title="Replace impeller")
    WorkOrderNoteFactory(work_order=order, note_text="Ordered the kit", created_by=crew)
    client.force_login(crew)
    prefill = api(client, "add_note_to_work_order", "prefill", {"work_order_id": str(order.pk)}).json()["prefill"]
    assert prefill["work_order"]["number"] == "WO-2026-0042"
    assert prefill["note_type"] == "general"
    assert [n["note_text"] for n in prefill["recent_notes"]] == ["Ordered the kit"]


@pytest.mark.parametrize("quantity", [-1, "three", 1.5, True, 10**7])
def test_record_stock_count_bad_quantity_is_invalid_quantity(client, engineer, aurora, quantity):
    part = PartFactory(vessel=aurora, stock=5)
    client.force_login(engineer)
    response = api(client, "record_stock_count", "execute", {"part_id": str(part.pk), "counted_quantity": quantity})
    assert (response.status_code, error_code(response)) == (400, "INVALID_QUANTITY")
    assert part.movements.count() == 1


def test_record_stock_count_sets_on_hand_and_writes_adjustment(client, engineer, aurora):
    part = PartFactory(vessel=aurora, stock=5)
    client.force_login(engineer)
    response = api(
        client, "record_stock_count", "execute", {"part_id": str(part.pk), "counted_quantity": 3, "notes": "Shelf B2"}
    )
    assert response.status_code == 200
    part.refresh_from_db()
    assert part.quantity_on_hand == 3 and part.last_counted_by == engineer and part.last_counted_at
    adjustment = part.movements.get(reason="stock_count")
    assert (adjustment.quantity, adjustment.quantity_after, adjustment.notes) == (-2, 3, "Shelf B2")
    assert response.json()["result"]["adjustment"] == -2


def test_stale_preview_is_409_and_writes_nothing(client, engineer, aurora):
    part = PartFactory(vessel=aurora, stock=5)
    client.force_login(engineer)
    payload = {"part_id": str(part.pk), "counted_quantity": 4}
    seen = preview_hash(client, "record_stock_count", payload)
    other = member(aurora, Role.ETO)
    client.force_login(other)
    assert (
        api(client, "record_stock_count", "execute", {"part_id": str(part.pk), "counted_quantity": 7}).status_code
        == 200
    )
    client.force_login(engineer)
    movements = StockMovement.objects.count()
    response = api(client, "record_stock_count", "execute", payload, preview_hash=seen)
    assert (response.status_code, error_code(response)) == (409, "STALE_PREVIEW")
    assert response.json()["error"]["details"]["preview"]["changes"][0]["from"] == 7
    part.refresh_from_db()
    assert part.quantity_on_hand == 7 and StockMovement.objects.count() == movements


def test_same_idempotency_key_replays_without_a_second_write(client, crew, equipment):
    client.force_login(crew)
    first = api(client, "report_fault", "execute", fault_payload(equipment), key="tablet-7f3a")
    again = api(client, "report_fault", "execute", fault_payload(equipment), key="tablet-7f3a")
    assert first.status_code == again.status_code == 200
    assert again.json() == first.json()
    assert again["Idempotent-Replayed"] == "true"
    assert Fault.objects.count() == 1

    reused = api(client, "report_fault", "execute", fault_payload(equipment, title="Another"), key="tablet-7f3a")
    assert (reused.status_code, error_code(reused)) == (409, "IDEMPOTENCY_KEY_REUSED")
    assert Fault.objects.count() == 1


def test_idempotency_keys_belong_to_their_user(client, crew, equipment, aurora):
    other = member(aurora, Role.CREW)
    client.force_login(crew)
    api(client, "report_fault", "execute", fault_payload(equipment), key="shared-key")
    client.force_login(other)
    response = api(client, "report_fault", "execute", fault_payload(equipment), key="shared-key")
    assert response.status_code == 200
    assert Fault.objects.count() == 2


def test_a_failed_execute_does_not_burn_its_idempotency_key(client, crew, aurora):
    order = WorkOrderFactory(vessel=aurora, status="cancelled")
    client.force_login(crew)
    payload = {"work_order_id": str(order.pk), "note_text": "retry me"}
    assert error_code(api(client, "add_note_to_work_order", "execute", payload, key="k-1")) == "WO_CLOSED"
    order.status = "open"
    order.save()
    assert api(client, "add_note_to_work_order", "execute", payload, key="k-1").status_code == 200
    assert order.notes.count() == 1


def test_prefill_and_preview_write_nothing(client, engineer, aurora, equipment):
    part = PartFactory(vessel=aurora, stock=5)
    order = WorkOrderFactory(vessel=aurora)
    client.force_login(engineer)
    with NoWrites():
        api(client, "report_fault", "prefill", {"equipment_id": str(equipment.pk)})
        api(client, "report_fault", "preview", fault_payload(equipment))
        api(client, "record_stock_count", "prefill", {"part_id": str(part.pk)})
        api(client, "record_stock_count", "preview", {"part_id": str(part.pk), "counted_quantity": 1})
        api(client, "add_note_to_work_order", "prefill", {"work_order_id": str(order.pk)})
        api(client, "add_note_to_work_order", "preview", {"work_order_id": str(order.pk), "note_text": "x"})


def test_session_posts_need_csrf_but_bearer_tokens_do_not(crew, equipment):
    from django.test import Client

    from tests.factories import api_token

    browser = Client(enforce_csrf_checks=True)
    browser.force_login(crew)
    response = api(browser, "report_fault", "execute", fault_payload(equipment))
    assert (response.status_code, error_code(response)) == (403, "FORBIDDEN")
    assert not Fault.objects.exists()

    integration = Client(enforce_csrf_checks=True)
    token = api_token(crew)
    response = api(
        integration, "report_fault", "execute", fault_payload(equipment), HTTP_AUTHORIZATION=f"Bearer {token}"
    )
    assert response.status_code == 200
    assert Fault.objects.get().reported_by == crew
