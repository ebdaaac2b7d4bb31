"""add_to_handover over the JSON API: prefill per record type, rules, limits and errors."""

from datetime import timedelta

import pytest
from django.utils import timezone

from audit.models import AuditEntry
from handover.models import HandoverItem
from pms.roles import Role
from tests.factories import (
    EquipmentFactory,
    FaultFactory,
    HandoverItemFactory,
    ManualSectionFactory,
    PartFactory,
    UserFactory,
    WorkOrderFactory,
    WorkOrderPartFactory,
    member,
)

pytestmark = pytest.mark.django_db

ACTION = "add_to_handover"


def prefill_of(response):
    assert response.status_code == 200, response.json()
    return response.json()["prefill"]


def error_of(response, status, code):
    assert response.status_code == status, response.json()
    body = response.json()
    assert body["status"] == "error"
    assert body["error"]["code"] == code
    return body["error"]


# --- prefill: a summary, a category and a priority per kind of record ---------------------


def test_prefill_of_a_fault_names_equipment_code_severity_age_and_its_work_order(actions, crew, aurora, chief):
    equipment = EquipmentFactory(vessel=aurora, code="ME-PS", name="Port main engine", location="Engine room")
    fault = FaultFactory(
        equipment=equipment,
        fault_code="E047",
        title="High coolant temperature",
        severity="high",
        reported_by=chief,
        reported_at=timezone.now() - timedelta(days=3, hours=2),
    )
    WorkOrderFactory(vessel=aurora, fault=fault, number="WO-2026-0007", status="in_progress", assignee=chief)

    prefill = prefill_of(actions.with_token(crew).prefill(ACTION, entity_type="fault", entity_id=str(fault.pk)))

    summary = prefill["summary_text"]
    for expected in ("ME-PS Port main engine", "(Engine room)", "E047", "High coolant temperature", "high severity"):
        assert expected in summary
    assert "3 days ago" in summary
    assert "Work order WO-2026-0007 is in progress" in summary
    assert prefill["category"] == "ongoing_fault"
    assert prefill["priority"] == "high"
    assert prefill["entity"] == {
        "type": "fault",
        "id": str(fault.pk),
        "label": str(fault),
        "url": f"/equipment/faults/{fault.pk}/",
        "status": "open",
    }
    assert prefill["duplicate_check"] == {"has_duplicate": False, "existing_item": None}


@pytest.mark.parametrize(
    ("severity", "priority"), [("critical", "urgent"), ("high", "high"), ("medium", "normal"), ("low", "normal")]
)
def test_a_faults_severity_raises_the_suggested_priority(actions, crew, aurora, severity, priority):
    fault = FaultFactory(equipment__vessel=aurora, severity=severity)

    prefill = prefill_of(actions.with_token(crew).prefill(ACTION, entity_type="fault", entity_id=str(fault.pk)))

    assert prefill["priority"] == priority


def test_prefill_of_a_fault_without_work_order_says_so(actions, crew, aurora):
    fault = FaultFactory(equipment__vessel=aurora)

    prefill = prefill_of(actions.with_token(crew).prefill(ACTION, entity_type="fault", entity_id=str(fault.pk)))

    assert "reported today" in prefill["summary_text"]
    assert prefill["summary_text"].endswith("No work order yet.")


def test_prefill_of_a_work_order_names_number_title_status_assignee_and_parts(actions, crew, aurora, engineer):
    work_order = WorkOrderFactory(
        vessel=aurora, number="WO-2026-0012", title="Replace impeller", status="pending_parts", assignee=engineer
    )
    WorkOrderPartFactory(work_order=work_order, part__part_number="IMP-100", part__name="Impeller", quantity=2)

    prefill = prefill_of(
        actions.with_token(crew).prefill(ACTION, entity_type="work_order", entity_id=str(work_order.pk))
    )

    summary = prefill["summary_text"]
    assert "WO-2026-0012 “Replace impeller”" in summary
    assert "pending parts" in summary
    assert f"assigned to {engineer.printed_name}" in summary
    assert "Parts: 2 × IMP-100 Impeller." in summary
    assert prefill["category"] == "work_in_progress"
    assert prefill["priority"] == "normal"


def test_prefill_of_equipment_names_code_location_and_open_faults(actions, crew, aurora):
    equipment = EquipmentFactory(vessel=aurora, code="GEN-1", name="Generator 1", location="Engine room")
    FaultFactory(equipment=equipment, fault_code="A1", title="Low oil pressure")
    FaultFactory(equipment=equipment, fault_code="A2", title="Overspeed", status="work_order_raised")
    FaultFactory(equipment=equipment, fault_code="A3", title="Old", status="closed")

    prefill = prefill_of(actions.with_token(crew).prefill(ACTION, entity_type="equipment", entity_id=str(equipment.pk)))

    summary = prefill["summary_text"]
    assert summary.startswith("GEN-1 Generator 1 at Engine room: 2 open fault(s)")
    assert "A1 Low oil pressure" in summary and "A2 Overspeed" in summary and "A3" not in summary
    assert prefill["category"] == "equipment_status"
    assert prefill["priority"] == "normal"


@pytest.mark.parametrize(
    ("stock", "status_text", "priority"),
    [(0, "out of stock", "high"), (2, "low stock", "high"), (9, "in stock", "normal")],
)
def test_prefill_of_a_part_names_number_on_hand_and_status(actions, crew, aurora, stock, status_text, priority):
    part = PartFactory(vessel=aurora, part_number="FLT-9", name="Fuel filter", minimum_quantity=2, stock=stock)

    prefill = prefill_of(actions.with_token(crew).prefill(ACTION, entity_type="part", entity_id=str(part.pk)))

    assert prefill["summary_text"].startswith(f"FLT-9 Fuel filter: {stock} pcs on hand (minimum 2) — {status_text}.")
    assert prefill["category"] == "important_info"
    assert prefill["priority"] == priority


def test_prefill_of_a_manual_section_names_document_section_and_page(actions, crew, aurora):
    section = ManualSectionFactory(
        document__vessel=aurora, document__title="C32 Manual", title="Cooling system", page_number=42, end_page=44
    )

    prefill = prefill_of(
        actions.with_token(crew).prefill(ACTION, entity_type="document_section", entity_id=str(section.pk))
    )

    assert prefill["summary_text"] == "See the manual “C32 Manual”, section “Cooling system”, page 42."
    assert prefill["category"] == "important_info"
    assert prefill["priority"] == "normal"


def test_prefill_of_a_free_text_note_suggests_general_and_normal(actions, crew):
    prefill = prefill_of(actions.with_token(crew).prefill(ACTION))

    assert prefill["entity"] is None
    assert prefill["summary_text"] == ""
    assert (prefill["category"], prefill["priority"]) == ("general", "normal")


# --- execute -------------------------------------------------------------------------------


def test_execute_adds_the_item_with_who_and_when_and_audits_it(actions, crew, aurora):
    fault = FaultFactory(equipment__vessel=aurora, severity="critical")
    payload = {
        "entity_type": "fault",
        "entity_id": str(fault.pk),
        "summary_text": "Coolant alarm keeps coming back; check every hour.",
        "category": "ongoing_fault",
        "priority": "urgent",
    }

    response = actions.with_token(crew).execute(ACTION, payload, key="k-1")

    assert response.status_code == 200, response.json()
    result = response.json()["result"]
    item = HandoverItem.objects.get()
    assert result["id"] == str(item.pk)
    assert (item.vessel, item.entity_type, item.entity_id) == (aurora, "fault", fault.pk)
    assert (item.category, item.priority, item.added_by) == ("ongoing_fault", "urgent", crew)
    assert item.summary_text == payload["summary_text"]
    assert item.acknowledged_at is None
    entry = AuditEntry.objects.get(pk=result["audit_log_id"])
    assert (entry.operation, entry.object_id, entry.actor, entry.action_name) == (
        "create",
        str(item.pk),
        crew,
        ACTION,
    )


def test_category_and_priority_left_empty_take_the_suggestion(actions, crew, aurora):
    fault = FaultFactory(equipment__vessel=aurora, severity="critical")
    payload = {"entity_type": "fault", "entity_id": str(fault.pk), "summary_text": "Bilge alarm aft, critical."}

    response = actions.with_token(crew).execute(ACTION, payload)

    assert response.status_code == 200, response.json()
    item = HandoverItem.objects.get()
    assert (item.category, item.priority) == ("ongoing_fault", "urgent")


def test_a_free_text_note_goes_to_the_current_vessel(actions, aurora, borealis):
    manager = member(aurora, Role.MANAGER)
    manager.memberships.create(vessel=borealis, role=Role.MANAGER)
    manager.current_vessel = borealis
    manager.save()

    response = actions.with_token(manager).execute(ACTION, {"summary_text": "Shore power cable stowed in lazarette."})

    assert response.status_code == 200, response.json()
    item = HandoverItem.objects.get()
    assert (item.vessel, item.entity_type, item.entity_id) == (borealis, "", None)
    assert (item.category, item.priority) == ("general", "normal")


def test_a_repeated_idempotency_key_adds_one_item(actions, crew):
    api = actions.with_token(crew)
    payload = {"summary_text": "Fresh water maker running on B."}

    first = api.execute(ACTION, payload, key="same")
    second = api.execute(ACTION, payload, key="same")

    assert second.json() == first.json()
    assert HandoverItem.objects.count() == 1


@pytest.mark.parametrize(("length", "ok"), [(9, False), (10, True), (2000, True), (2001, False)])
def test_summary_text_is_10_to_2000_characters(actions, crew, length, ok):
    response = actions.with_token(crew).execute(ACTION, {"summary_text": "x" * length})

    if ok:
        assert response.status_code == 200, response.json()
        assert len(HandoverItem.objects.get().summary_text) == length
    else:
        error = error_of(response, 400, "VALIDATION_ERROR")
        assert error["field"] == "summary_text"
        assert not HandoverItem.objects.exists()


@pytest.mark.parametrize("entity_type", ["vessel", "FAULT", "user"])
def test_an_unknown_entity_type_is_invalid_entity_type(actions, crew, aurora, entity_type):
    fault = FaultFactory(equipment__vessel=aurora)
    api = actions.with_token(crew)
    payload = {"entity_type": entity_type, "entity_id": str(fault.pk), "summary_text": "Something to hand over."}

    for response in (
        api.preview(ACTION, payload),
        api.execute(ACTION, payload),
        api.prefill(ACTION, entity_type=entity_type, entity_id=str(fault.pk)),
    ):
        assert error_of(response, 400, "INVALID_ENTITY_TYPE")["field"] == "entity_type"
    assert not HandoverItem.objects.exists()


def test_an_entity_id_without_entity_type_is_invalid_entity_type(actions, crew, aurora):
    fault = FaultFactory(equipment__vessel=aurora)

    response = actions.with_token(crew).execute(
        ACTION, {"entity_id": str(fault.pk), "summary_text": "Something to hand over."}
    )

    error_of(response, 400, "INVALID_ENTITY_TYPE")


def test_another_vessels_record_is_entity_not_found(actions, crew, borealis):
    foreign = FaultFactory(equipment__vessel=borealis)
    api = actions.with_token(crew)
    payload = {"entity_type": "fault", "entity_id": str(foreign.pk), "summary_text": "Something to hand over."}

    for response in (
        api.prefill(ACTION, entity_type="fault", entity_id=str(foreign.pk)),
        api.preview(ACTION, payload),
        api.execute(ACTION, payload),
    ):
        error = error_of(response, 404, "ENTITY_NOT_FOUND")
        assert error["field"] == "entity_id"
        assert str(foreign.pk) not in str(error)
    assert not HandoverItem.objects.exists()


@pytest.mark.parametrize("entity_id", ["not-a-uuid", "00000000-0000-0000-0000-000000000000"])
def test_an_unknown_record_is_entity_not_found(actions, crew, entity_id):
    payload = {"entity_type": "part", "entity_id": entity_id, "summary_text": "Something to hand over."}

    error_of(actions.with_token(crew).execute(ACTION, payload), 404, "ENTITY_NOT_FOUND")


def test_a_record_of_another_type_with_that_id_is_entity_not_found(actions, crew, aurora):
    part = PartFactory(vessel=aurora)
    payload = {"entity_type": "fault", "entity_id": str(part.pk), "summary_text": "Something to hand over."}

    error_of(actions.with_token(crew).execute(ACTION, payload), 404, "ENTITY_NOT_FOUND")


# --- duplicates ----------------------------------------------------------------------------


def test_an_open_item_about_the_same_record_is_a_duplicate_entry(actions, crew, aurora, chief):
    part = PartFactory(vessel=aurora, stock=1)
    existing = HandoverItemFactory(
        vessel=aurora, entity_type="part", entity_id=part.pk, added_by=chief, summary_text="Last filter in use."
    )
    api = actions.with_token(crew)
    payload = {"entity_type": "part", "entity_id": str(part.pk), "summary_text": "Only one filter left."}

    prefill = prefill_of(api.prefill(ACTION, entity_type="part", entity_id=str(part.pk)))
    preview = api.preview(ACTION, payload)
    response = api.execute(ACTION, payload)

    assert prefill["duplicate_check"]["has_duplicate"] is True
    assert prefill["duplicate_check"]["existing_item"]["id"] == str(existing.pk)
    error_of(preview, 409, "DUPLICATE_ENTRY")
    error = error_of(response, 409, "DUPLICATE_ENTRY")
    shown = error["details"]["existing_item"]
    assert shown["id"] == str(existing.pk)
    assert shown["summary_text"] == "Last filter in use."
    assert shown["added_by"] == chief.printed_name
    assert shown["added_at"] == existing.created_at.isoformat()
    assert HandoverItem.objects.count() == 1


def test_override_duplicate_adds_a_second_item_and_the_preview_warns(actions, crew, aurora):
    part = PartFactory(vessel=aurora)
    HandoverItemFactory(vessel=aurora, entity_type="part", entity_id=part.pk)
    api = actions.with_token(crew)
    payload = {
        "entity_type": "part",
        "entity_id": str(part.pk),
        "summary_text": "Only one filter left.",
        "override_duplicate": True,
    }

    preview = api.preview(ACTION, payload)
    response = api.execute(ACTION, payload, preview_hash=preview.json()["preview"]["preview_hash"])

    assert preview.status_code == 200
    assert [w["code"] for w in preview.json()["preview"]["warnings"]] == ["DUPLICATE_OVERRIDDEN"]
    assert response.status_code == 200, response.json()
    assert HandoverItem.objects.filter(entity_id=part.pk).count() == 2


def test_an_acknowledged_item_is_no_duplicate(actions, crew, aurora, chief):
    part = PartFactory(vessel=aurora)
    HandoverItemFactory(
        vessel=aurora, entity_type="part", entity_id=part.pk, acknowledged_by=chief, acknowledged_at=timezone.now()
    )
    payload = {"entity_type": "part", "entity_id": str(part.pk), "summary_text": "Only one filter left."}

    response = actions.with_token(crew).execute(ACTION, payload)

    assert response.status_code == 200, response.json()


def test_another_record_or_a_free_text_note_is_no_duplicate(actions, crew, aurora):
    part, other = PartFactory(vessel=aurora), PartFactory(vessel=aurora)
    HandoverItemFactory(vessel=aurora, entity_type="part", entity_id=part.pk)
    HandoverItemFactory(vessel=aurora, summary_text="Free text one.")
    api = actions.with_token(crew)

    other_part = api.execute(ACTION, {"entity_type": "part", "entity_id": str(other.pk), "summary_text": "Other part."})
    note = api.execute(ACTION, {"summary_text": "Free text one."})

    assert (other_part.status_code, note.status_code) == (200, 200)


def test_any_member_may_add_but_not_a_non_member(actions, aurora):
    outsider = UserFactory()
    fault = FaultFactory(equipment__vessel=aurora)
    payload = {"entity_type": "fault", "entity_id": str(fault.pk), "summary_text": "Something to hand over."}

    error_of(actions.with_token(outsider).execute(ACTION, payload), 404, "ENTITY_NOT_FOUND")
    error_of(
        actions.with_token(outsider).execute(ACTION, {"summary_text": "Something to hand over."}), 403, "FORBIDDEN"
    )
