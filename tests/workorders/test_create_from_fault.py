"""create_work_order_from_fault: prefill, duplicates, limits, signature, fault status."""

from datetime import timedelta

import pytest
from django.utils import timezone

from audit.models import AuditEntry, Signature
from equipment.models import Fault
from pms.roles import Role
from tests.actions import NoWrites, error_code
from tests.factories import PASSWORD, EquipmentFactory, FaultFactory, WorkOrderFactory, member
from workorders.models import WorkOrder

pytestmark = pytest.mark.django_db
NAME = "create_work_order_from_fault"


def payload(fault, **overrides):
    return {"fault_id": str(fault.pk), "title": "Replace coolant thermostat", "priority": "high", **overrides}


def test_prefill_suggests_title_description_priority_and_no_duplicate(actions, chief, fault):
    as_chief = actions.as_user(chief)
    with NoWrites():
        prefill = as_chief.prefill(NAME, fault_id=str(fault.pk)).json()["prefill"]
    assert prefill["title"] == "Engine room - Port main engine - E047"
    assert prefill["priority"] == "high"
    assert prefill["equipment_id"] == str(fault.equipment_id)
    assert "High coolant temperature" in prefill["description"]
    assert "Occurrences" not in prefill["description"]
    assert prefill["duplicate_check"] == {"has_duplicate": False, "existing_work_order": None}


@pytest.mark.parametrize(
    ("severity", "priority"), [("critical", "urgent"), ("high", "high"), ("medium", "normal"), ("low", "low")]
)
def test_prefill_priority_follows_severity(actions, chief, equipment, severity, priority):
    fault = FaultFactory(equipment=equipment, severity=severity)
    as_chief = actions.as_user(chief)
    assert as_chief.prefill(NAME, fault_id=str(fault.pk)).json()["prefill"]["priority"] == priority


def test_prefill_counts_recurrences_of_the_code_on_this_vessel_in_30_days(actions, chief, fault, aurora, borealis):
    other_equipment = EquipmentFactory(vessel=aurora)
    FaultFactory(equipment=other_equipment, fault_code="E047")
    FaultFactory(equipment=fault.equipment, fault_code="E047", reported_at=timezone.now() - timedelta(days=10))
    FaultFactory(equipment=fault.equipment, fault_code="E047", reported_at=timezone.now() - timedelta(days=31))
    FaultFactory(equipment=EquipmentFactory(vessel=borealis), fault_code="E047")
    as_chief = actions.as_user(chief)
    prefill = as_chief.prefill(NAME, fault_id=str(fault.pk)).json()["prefill"]
    assert prefill["description"].endswith("Occurrences: 3 in last 30 days")


def test_prefill_shows_the_existing_work_order(actions, chief, fault, engineer):
    existing = WorkOrderFactory(
        vessel=fault.vessel,
        fault=fault,
        number="WO-2026-0009",
        status="in_progress",
        assignee=engineer,
        created_at=timezone.now() - timedelta(days=3, hours=1),
    )
    WorkOrderFactory(vessel=fault.vessel, fault=fault, number="WO-2026-0010", status="cancelled")
    as_chief = actions.as_user(chief)
    check = as_chief.prefill(NAME, fault_id=str(fault.pk)).json()["prefill"]["duplicate_check"]
    assert check["has_duplicate"] is True
    existing_dict = check["existing_work_order"]
    assert existing_dict["id"] == str(existing.pk) and existing_dict["number"] == "WO-2026-0009"
    assert existing_dict["status"] == "in_progress" and existing_dict["assignee"] == engineer.printed_name
    assert existing_dict["days_ago"] == 3 and existing_dict["created_at"]


def test_signed_creation_makes_the_work_order_and_raises_the_fault(actions, chief, fault):
    as_chief = actions.as_user(chief)
    digest = as_chief.preview_hash(NAME, payload(fault, description="Thermostat sticks."))
    response = as_chief.execute(
        NAME,
        payload(fault, description="Thermostat sticks."),
        preview_hash=digest,
        secret=PASSWORD,
        key="create-1",
    )
    body = response.json()
    assert response.status_code == 200, body
    work_order = WorkOrder.objects.get()
    year = work_order.created_at.year
    assert work_order.number == f"WO-{year}-0001" == body["result"]["work_order"]["number"]
    assert (work_order.title, work_order.priority, work_order.status) == ("Replace coolant thermostat", "high", "open")
    assert work_order.fault == fault and work_order.equipment == fault.equipment
    assert work_order.created_by == chief and work_order.description == "Thermostat sticks."
    fault.refresh_from_db()
    assert fault.status == "work_order_raised"
    signature = Signature.objects.get()
    assert signature.object_type == "workorders.workorder" and signature.object_id == str(work_order.pk)
    assert signature.meaning == "I authorise this work order" and signature.preview_hash == digest
    assert signature.role == "chief_engineer" and signature.method == "password" and signature.signer == chief
    created = AuditEntry.objects.get(object_type="workorders.workorder", operation="create")
    assert created.signature == signature and created.actor == chief


def test_equipment_can_be_chosen_but_only_on_the_faults_vessel(actions, chief, fault, aurora, borealis):
    as_chief = actions.as_user(chief)
    other = EquipmentFactory(vessel=aurora)
    foreign = EquipmentFactory(vessel=borealis)
    response = as_chief.execute(NAME, payload(fault, equipment_id=str(foreign.pk)), secret=PASSWORD)
    assert response.status_code == 404 and error_code(response) == "EQUIPMENT_NOT_FOUND"
    response = as_chief.execute(NAME, payload(fault, equipment_id=str(other.pk)), secret=PASSWORD)
    assert response.status_code == 200
    assert WorkOrder.objects.get().equipment == other


def test_duplicate_is_refused_with_the_existing_one_unless_overridden(actions, chief, fault):
    existing = WorkOrderFactory(vessel=fault.vessel, fault=fault, number="WO-2026-0005")
    as_chief = actions.as_user(chief)
    response = as_chief.preview(NAME, payload(fault))
    assert response.status_code == 409 and error_code(response) == "DUPLICATE_WO_EXISTS"
    assert response.json()["error"]["details"]["existing_work_order"]["number"] == "WO-2026-0005"
    response = as_chief.execute(NAME, payload(fault), secret=PASSWORD)
    assert response.status_code == 409 and error_code(response) == "DUPLICATE_WO_EXISTS"
    assert response.json()["error"]["details"]["existing_work_order"]["id"] == str(existing.pk)
    assert WorkOrder.objects.count() == 1 and not Signature.objects.exists()

    preview = as_chief.preview(NAME, payload(fault, override_duplicate=True)).json()["preview"]
    assert [w["code"] for w in preview["warnings"]] == ["DUPLICATE_OVERRIDDEN"]
    response = as_chief.execute(NAME, payload(fault, override_duplicate=True), secret=PASSWORD)
    assert response.status_code == 200
    assert WorkOrder.objects.filter(fault=fault).count() == 2


def test_a_cancelled_work_order_is_not_a_duplicate(actions, chief, fault):
    WorkOrderFactory(vessel=fault.vessel, fault=fault, number="WO-2026-0005", status="cancelled")
    as_chief = actions.as_user(chief)
    assert as_chief.execute(NAME, payload(fault), secret=PASSWORD).status_code == 200


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"title": "ab"}, "title"),
        ({"title": "x" * 201}, "title"),
        ({"description": "x" * 5001}, "description"),
        ({"priority": "asap"}, "priority"),
        ({"title": ["a list"]}, "title"),
    ],
)
def test_limits_are_validation_errors(actions, chief, fault, change, field):
    as_chief = actions.as_user(chief)
    response = as_chief.execute(NAME, payload(fault, **change), secret=PASSWORD)
    assert response.status_code == 400 and error_code(response) == "VALIDATION_ERROR"
    assert response.json()["error"]["field"] == field
    assert not WorkOrder.objects.exists()


def test_limits_at_the_edges_are_accepted(actions, chief, fault, equipment):
    as_chief = actions.as_user(chief)
    response = as_chief.execute(NAME, payload(fault, title="abc", description="x" * 5000), secret=PASSWORD)
    assert response.status_code == 200
    other = FaultFactory(equipment=equipment)
    assert as_chief.execute(NAME, payload(other, title="t" * 200), secret=PASSWORD).status_code == 200


def test_only_heads_of_department_may_create(actions, aurora, fault):
    for role in (Role.CREW, Role.ENGINEER, Role.ETO):
        as_member = actions.as_user(member(aurora, role))
        response = as_member.execute(NAME, payload(fault), secret=PASSWORD)
        assert response.status_code == 403 and error_code(response) == "FORBIDDEN"
    for role in (Role.CAPTAIN, Role.MANAGER):
        as_member = actions.as_user(member(aurora, role))
        assert as_member.preview(NAME, payload(fault, override_duplicate=True)).status_code == 200
    assert not WorkOrder.objects.exists()


def test_another_vessels_fault_is_not_found(actions, borealis_chief, fault):
    as_borealis_chief = actions.as_user(borealis_chief)
    response = as_borealis_chief.prefill(NAME, fault_id=str(fault.pk))
    assert response.status_code == 404 and error_code(response) == "FAULT_NOT_FOUND"
    response = as_borealis_chief.execute(NAME, payload(fault), secret=PASSWORD)
    assert response.status_code == 404 and error_code(response) == "FAULT_NOT_FOUND"


def test_signature_is_required_and_checked(actions, chief, fault):
    as_chief = actions.as_user(chief)
    response = as_chief.execute(NAME, payload(fault))
    assert response.status_code == 400 and error_code(response) == "SIGNATURE_REQUIRED"
    response = as_chief.execute(NAME, payload(fault), secret="wrong")
    assert response.status_code == 403 and error_code(response) == "INVALID_SIGNATURE"
    assert not WorkOrder.objects.exists()
    fault.refresh_from_db()
    assert fault.status == "open"


def test_signing_with_the_personal_pin(actions, chief, fault):
    chief.set_signing_pin("4711")
    chief.save()
    as_chief = actions.as_user(chief)
    assert as_chief.execute(NAME, payload(fault), secret="4711").status_code == 200
    assert Signature.objects.get().method == "pin"


def test_replayed_execute_creates_one_work_order(actions, chief, fault):
    as_chief = actions.as_user(chief)
    first = as_chief.execute(NAME, payload(fault), secret=PASSWORD, key="tap-1")
    again = as_chief.execute(NAME, payload(fault), secret=PASSWORD, key="tap-1")
    assert first.status_code == again.status_code == 200
    assert again["Idempotent-Replayed"] == "true" and again.json() == first.json()
    assert WorkOrder.objects.count() == 1


def test_html_flow_creates_the_work_order(actions, chief, fault):
    as_chief = actions.as_user(chief)
    page = as_chief.html_get(NAME, fault_id=str(fault.pk))
    html = page.content.decode()
    assert page.status_code == 200 and 'value="Engine room - Port main engine - E047"' in html
    preview, done = as_chief.html_run(NAME, payload(fault), secret=PASSWORD)
    assert "I authorise this work order" in preview.content.decode()
    assert done.status_code == 200 and done.context["step"] == "result"
    work_order = WorkOrder.objects.get()
    assert f"/work-orders/{work_order.pk}/" in done.content.decode()
    assert Signature.objects.get().preview_hash == preview.context["preview"]["preview_hash"]


def test_html_flow_shows_the_duplicate_with_a_link_and_an_override(actions, chief, fault):
    existing = WorkOrderFactory(vessel=fault.vessel, fault=fault, number="WO-2026-0005")
    as_chief = actions.as_user(chief)
    page = as_chief.html_get(NAME, fault_id=str(fault.pk)).content.decode()
    assert "already has a work order" in page and f"/work-orders/{existing.pk}/" in page
    refused = as_chief.html_preview(NAME, payload(fault))
    html = refused.content.decode()
    assert refused.status_code == 409 and "DUPLICATE_WO_EXISTS" in html
    assert f'href="/work-orders/{existing.pk}/"' in html and "WO-2026-0005" in html
    assert 'name="override_duplicate"' in html
    _, done = as_chief.html_run(NAME, {**payload(fault), "override_duplicate": "on"}, secret=PASSWORD)
    assert done.status_code == 200 and WorkOrder.objects.filter(fault=fault).count() == 2


def test_fault_page_offers_create_work_order_to_heads_of_department_only(client, chief, engineer, fault):
    url = f"/actions/{NAME}/?fault_id={fault.pk}"
    client.force_login(chief)
    assert url in client.get(fault.get_absolute_url()).content.decode()
    client.force_login(engineer)
    assert url not in client.get(fault.get_absolute_url()).content.decode()


def test_closed_fault_keeps_its_status(actions, chief, equipment):
    fault = FaultFactory(equipment=equipment, status="resolved")
    as_chief = actions.as_user(chief)
    preview = as_chief.preview(NAME, payload(fault)).json()["preview"]
    assert [w["code"] for w in preview["warnings"]] == ["FAULT_NOT_OPEN"]
    assert as_chief.execute(NAME, payload(fault), secret=PASSWORD).status_code == 200
    assert Fault.objects.get(pk=fault.pk).status == "resolved"


def test_the_preview_mentions_open_work_orders_for_the_same_code_on_the_same_equipment(
    actions, chief, equipment, fault
):
    earlier = FaultFactory(equipment=equipment, fault_code="E047", title="Coolant temperature high again")
    WorkOrderFactory(vessel=equipment.vessel, number="WO-2026-0101", fault=earlier, equipment=equipment)
    WorkOrderFactory(
        vessel=equipment.vessel, number="WO-2026-0102", fault=earlier, equipment=equipment, status="completed"
    )
    elsewhere = FaultFactory(equipment=EquipmentFactory(vessel=equipment.vessel), fault_code="E047")
    WorkOrderFactory(vessel=equipment.vessel, number="WO-2026-0103", fault=elsewhere, equipment=elsewhere.equipment)
    payload = {"fault_id": str(fault.pk), "title": "Coolant temperature", "priority": "high"}

    preview = actions.as_user(chief).preview("create_work_order_from_fault", payload).json()["preview"]

    [warning] = [w for w in preview["warnings"] if w["code"] == "OPEN_WORK_ORDERS_SAME_CODE"]
    assert warning["message"] == (
        "Other open work orders for E047 on ME-PS: WO-2026-0101 (open). Check that this is not the same job."
    )
    html = actions.as_user(chief).html_preview("create_work_order_from_fault", payload).content.decode()
    assert "WO-2026-0101 (open)" in html


def test_no_same_code_warning_without_other_open_work_orders(actions, chief, fault):
    payload = {"fault_id": str(fault.pk), "title": "Coolant temperature", "priority": "high"}

    preview = actions.as_user(chief).preview("create_work_order_from_fault", payload).json()["preview"]

    assert "OPEN_WORK_ORDERS_SAME_CODE" not in {w["code"] for w in preview["warnings"]}
