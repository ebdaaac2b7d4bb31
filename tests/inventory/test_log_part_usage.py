import pytest

from audit.models import AuditEntry
from inventory.models import MovementReason, StockMovement
from pms.roles import Role
from tests.actions import contract_changes
from tests.factories import EquipmentFactory, MembershipFactory, PartFactory, WorkOrderFactory, member
from tests.inventory.ledger import fresh, ledger_sum


def usage(part, quantity=3, **extra):
    return {"part_id": str(part.pk), "quantity": quantity, "usage_reason": "preventive_maintenance", **extra}


def test_preview_shows_on_hand_now_and_after(api, part):
    response = api.preview("log_part_usage", usage(part, 4))

    assert response.status_code == 200
    preview = response.json()["preview"]
    assert contract_changes(preview) == [{"entity": "part FLT-001", "field": "quantity_on_hand", "from": 10, "to": 6}]
    assert preview["warnings"] == []
    assert preview["requires_signature"] is False
    assert len(preview["preview_hash"]) == 64
    assert fresh(part).quantity_on_hand == 10
    assert part.movements.count() == 1


def test_execute_deducts_and_writes_the_ledger_row(api, engineer, aurora, part):
    work_order = WorkOrderFactory(vessel=aurora, number="WO-2026-0042")
    equipment = EquipmentFactory(vessel=aurora, code="ME-PS")
    payload = usage(
        part,
        3,
        usage_reason="emergency_repair",
        work_order_id=str(work_order.pk),
        equipment_id=str(equipment.pk),
        notes="Replaced after seawater ingress",
    )

    response = api.run("log_part_usage", payload, key="use-1")

    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["status"] == "success"
    assert body["message"] == "Used 3 pcs of FLT-001; 7 pcs left."
    part = fresh(part)
    assert part.quantity_on_hand == 7
    row = part.movements.get(reason=MovementReason.EMERGENCY_REPAIR)
    assert (row.quantity, row.quantity_after) == (-3, 7)
    assert (row.work_order, row.equipment, row.performed_by) == (work_order, equipment, engineer)
    assert row.notes == "Replaced after seawater ingress"
    assert body["result"]["ledger_entry"]["id"] == str(row.pk)
    assert body["result"]["part"]["quantity_on_hand"] == 7
    assert ledger_sum(part) == part.quantity_on_hand
    # Audited in the same transaction, by whom and through which action.
    entry = AuditEntry.objects.get(pk=body["result"]["audit_log_id"])
    assert entry.actor == engineer
    assert entry.action_name == "log_part_usage"
    assert AuditEntry.objects.filter(object_id=str(row.pk), operation="create").exists()


def test_prefill_picks_work_order_reason_and_its_equipment(api, aurora, part):
    equipment = EquipmentFactory(vessel=aurora)
    work_order = WorkOrderFactory(vessel=aurora, equipment=equipment)

    response = api.prefill("log_part_usage", part_id=str(part.pk), work_order_id=str(work_order.pk))

    assert response.status_code == 200
    prefill = response.json()["prefill"]
    assert prefill["usage_reason"] == "work_order"
    assert prefill["work_order_id"] == str(work_order.pk)
    assert prefill["equipment_id"] == str(equipment.pk)
    assert prefill["part"]["quantity_on_hand"] == 10


def test_prefill_without_a_work_order_suggests_no_reason(api, part):
    prefill = api.prefill("log_part_usage", part_id=str(part.pk)).json()["prefill"]

    assert prefill["usage_reason"] == ""
    assert prefill["work_order_id"] == ""


def test_reason_defaults_to_work_order_when_a_work_order_is_given(api, aurora, part):
    work_order = WorkOrderFactory(vessel=aurora)
    payload = {"part_id": str(part.pk), "quantity": 1, "work_order_id": str(work_order.pk)}

    response = api.run("log_part_usage", payload)

    assert response.status_code == 200
    assert response.json()["result"]["ledger_entry"]["reason"] == "work_order"
    assert fresh(part).movements.filter(reason="work_order", work_order=work_order).count() == 1


def test_reason_is_required_without_a_work_order(api, part):
    response = api.preview("log_part_usage", {"part_id": str(part.pk), "quantity": 1})

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "VALIDATION_ERROR"
    assert response.json()["error"]["field"] == "usage_reason"


@pytest.mark.parametrize("reason", ["received", "stock_count", "theft"])
def test_only_usage_reasons_are_accepted(api, part, reason):
    response = api.preview("log_part_usage", usage(part, 1, usage_reason=reason))

    assert response.status_code == 400
    assert response.json()["error"]["field"] == "usage_reason"


@pytest.mark.parametrize(
    ("quantity", "after", "warning"),
    [
        (6, 4, None),  # above the minimum of 3
        (7, 3, "LOW_STOCK"),  # at the minimum
        (9, 1, "LOW_STOCK"),  # under it
        (10, 0, "OUT_OF_STOCK"),  # the last one
    ],
)
def test_warns_when_the_result_is_at_or_under_minimum(api, part, quantity, after, warning):
    preview = api.preview("log_part_usage", usage(part, quantity)).json()["preview"]

    assert preview["changes"][0]["to"] == after
    assert [w["code"] for w in preview["warnings"]] == ([warning] if warning else [])
    executed = api.execute("log_part_usage", usage(part, quantity), preview_hash=preview["preview_hash"])
    assert executed.status_code == 200
    assert [w["code"] for w in executed.json()["result"]["warnings"]] == ([warning] if warning else [])
    assert fresh(part).quantity_on_hand == after


def test_insufficient_stock_is_refused_and_changes_nothing(api, part):
    preview = api.preview("log_part_usage", usage(part, 11))
    execute = api.execute("log_part_usage", usage(part, 11), key="too-many")

    for response in (preview, execute):
        assert response.status_code == 409
        error = response.json()["error"]
        assert error["code"] == "INSUFFICIENT_STOCK"
        assert error["details"]["quantity_on_hand"] == 10
        assert error["details"]["requested"] == 11
    assert fresh(part).quantity_on_hand == 10
    assert part.movements.count() == 1


@pytest.mark.parametrize("quantity", [0, -1, "abc", 1.5, True, 10_000_001])
def test_invalid_quantity(api, part, quantity):
    for response in (
        api.preview("log_part_usage", usage(part, quantity)),
        api.execute("log_part_usage", usage(part, quantity)),
    ):
        assert response.status_code == 400
        assert response.json()["error"]["code"] == "INVALID_QUANTITY"
        assert response.json()["error"]["field"] == "quantity"
    assert part.movements.count() == 1


def test_notes_longer_than_500_are_refused(api, part):
    response = api.preview("log_part_usage", usage(part, 1, notes="x" * 501))

    assert response.status_code == 400
    assert response.json()["error"]["field"] == "notes"
    assert api.preview("log_part_usage", usage(part, 1, notes="x" * 500)).status_code == 200


def test_another_vessels_part_is_not_found(api, borealis):
    theirs = PartFactory(vessel=borealis, stock=5)

    for response in (
        api.prefill("log_part_usage", part_id=str(theirs.pk)),
        api.preview("log_part_usage", usage(theirs, 1)),
        api.execute("log_part_usage", usage(theirs, 1)),
    ):
        assert response.status_code == 404
        assert response.json()["error"]["code"] == "PART_NOT_FOUND"
    assert fresh(theirs).quantity_on_hand == 5


def test_another_vessels_work_order_is_not_found(api, part, borealis):
    theirs = WorkOrderFactory(vessel=borealis)

    response = api.preview("log_part_usage", usage(part, 1, work_order_id=str(theirs.pk)))

    assert response.status_code == 404
    assert response.json()["error"]["code"] == "WO_NOT_FOUND"


def test_another_vessels_equipment_is_not_found(api, part, borealis):
    theirs = EquipmentFactory(vessel=borealis)

    response = api.preview("log_part_usage", usage(part, 1, equipment_id=str(theirs.pk)))

    assert response.status_code == 404
    assert response.json()["error"]["code"] == "EQUIPMENT_NOT_FOUND"


def test_work_order_must_be_on_the_parts_vessel(actions, aurora, borealis, part):
    manager = member(aurora, Role.MANAGER)
    MembershipFactory(user=manager, vessel=borealis, role=Role.MANAGER)
    work_order = WorkOrderFactory(vessel=borealis)
    equipment = EquipmentFactory(vessel=borealis)
    api = actions.with_token(manager)

    for extra in ({"work_order_id": str(work_order.pk)}, {"equipment_id": str(equipment.pk)}):
        response = api.execute("log_part_usage", usage(part, 1, **extra))
        assert response.status_code == 400
        assert response.json()["error"]["code"] == "VALIDATION_ERROR"
        assert response.json()["error"]["field"] in extra
    assert fresh(part).quantity_on_hand == 10


def test_crew_may_not_log_usage(actions, crew, part):
    api = actions.with_token(crew)

    for response in (
        api.prefill("log_part_usage", part_id=str(part.pk)),
        api.preview("log_part_usage", usage(part, 1)),
        api.execute("log_part_usage", usage(part, 1)),
    ):
        assert response.status_code == 403
        assert response.json()["error"]["code"] == "FORBIDDEN"
    assert fresh(part).quantity_on_hand == 10


@pytest.mark.parametrize("role", [Role.ENGINEER, Role.ETO, Role.CHIEF_ENGINEER, Role.CAPTAIN, Role.MANAGER])
def test_engineer_grade_and_hod_may_log_usage(actions, aurora, part, role):
    response = actions.with_token(member(aurora, role)).execute("log_part_usage", usage(part, 1))

    assert response.status_code == 200
    assert fresh(part).quantity_on_hand == 9


def test_repeated_idempotency_key_deducts_once(api, part):
    first = api.execute("log_part_usage", usage(part, 2), key="tap-1")
    again = api.execute("log_part_usage", usage(part, 2), key="tap-1")

    assert first.status_code == again.status_code == 200
    assert again.json() == first.json()
    assert again["Idempotent-Replayed"] == "true"
    assert fresh(part).quantity_on_hand == 8
    assert part.movements.filter(reason="preventive_maintenance").count() == 1
    reused = api.execute("log_part_usage", usage(part, 3), key="tap-1")
    assert reused.status_code == 409
    assert reused.json()["error"]["code"] == "IDEMPOTENCY_KEY_REUSED"


def test_stale_preview_is_refused(api, part):
    preview_hash = api.preview("log_part_usage", usage(part, 2)).json()["preview"]["preview_hash"]
    assert api.execute("log_part_usage", usage(part, 1)).status_code == 200

    response = api.execute("log_part_usage", usage(part, 2), preview_hash=preview_hash)

    assert response.status_code == 409
    error = response.json()["error"]
    assert error["code"] == "STALE_PREVIEW"
    assert contract_changes(error["details"]["preview"])[0] == {
        "entity": "part FLT-001",
        "field": "quantity_on_hand",
        "from": 9,
        "to": 7,
    }
    assert fresh(part).quantity_on_hand == 9


def test_html_flow_from_a_work_order(actions, engineer, aurora, part):
    work_order = WorkOrderFactory(vessel=aurora, number="WO-2026-0007")
    browser = actions.as_user(engineer)

    form = browser.html_get("log_part_usage", part_id=str(part.pk), work_order_id=str(work_order.pk))
    page = form.content.decode()
    assert form.status_code == 200
    assert '<option value="work_order" selected>' in page
    assert "WO-2026-0007" in page
    assert "10 pcs" in page

    payload = {"part_id": str(part.pk), "quantity": "8", "work_order_id": str(work_order.pk), "usage_reason": ""}
    preview = browser.html_preview("log_part_usage", payload)
    assert preview.status_code == 200
    page = preview.content.decode()
    assert "<td>10</td><td><strong>2</strong></td>" in page
    assert "warning-low_stock" in page
    assert fresh(part).quantity_on_hand == 10

    done = browser.html_execute("log_part_usage", preview)
    assert done.status_code == 200
    assert "Used 8 pcs of FLT-001; 2 pcs left." in done.content.decode()
    assert fresh(part).quantity_on_hand == 2
    assert part.movements.get(reason="work_order").work_order == work_order

    # A double tap sends the same form again: nothing more is deducted.
    again = browser.html_execute("log_part_usage", preview)
    assert again.status_code == 200
    assert fresh(part).quantity_on_hand == 2
    assert part.movements.filter(reason="work_order").count() == 1


def test_html_flow_refuses_insufficient_stock_at_preview(browser, part):
    response = browser.html_preview(
        "log_part_usage", {"part_id": str(part.pk), "quantity": "12", "usage_reason": "testing"}
    )

    assert response.status_code == 409
    page = response.content.decode()
    assert "INSUFFICIENT_STOCK" in page
    assert "On hand: 10; asked for 12." in page


def test_html_flow_invalid_quantity_returns_to_the_form(browser, part):
    response = browser.html_preview(
        "log_part_usage", {"part_id": str(part.pk), "quantity": "0", "usage_reason": "testing"}
    )

    assert response.status_code == 400
    assert "INVALID_QUANTITY" in response.content.decode()
    assert 'name="step" value="preview"' in response.content.decode()


def test_html_flow_execute_with_stale_preview_shows_the_new_preview(actions, engineer, part):
    browser = actions.as_user(engineer)
    payload = {"part_id": str(part.pk), "quantity": "2", "usage_reason": "testing"}
    preview = browser.html_preview("log_part_usage", payload)
    actions.with_token(engineer).execute("log_part_usage", {**payload, "quantity": 1})

    response = browser.html_execute("log_part_usage", preview)

    assert response.status_code == 409
    page = response.content.decode()
    assert "STALE_PREVIEW" in page
    assert "<td>9</td><td><strong>7</strong></td>" in page
    assert fresh(part).quantity_on_hand == 9


def test_html_flow_forbidden_for_crew(actions, crew, part):
    browser = actions.as_user(crew)

    opened = browser.html_get("log_part_usage", part_id=str(part.pk))
    preview = browser.html_preview(
        "log_part_usage", {"part_id": str(part.pk), "quantity": "1", "usage_reason": "testing"}
    )

    assert opened.status_code == preview.status_code == 403
    assert "FORBIDDEN" in preview.content.decode()
    assert StockMovement.objects.filter(part=part).count() == 1


def test_html_flow_of_another_vessels_part_is_not_found(browser, borealis):
    theirs = PartFactory(vessel=borealis, stock=5)

    response = browser.html_preview(
        "log_part_usage", {"part_id": str(theirs.pk), "quantity": "1", "usage_reason": "other"}
    )

    assert response.status_code == 404
    assert "PART_NOT_FOUND" in response.content.decode()


def test_usage_on_a_work_order_that_is_no_longer_open_warns(api, aurora, part):
    work_order = WorkOrderFactory(vessel=aurora, status="completed")

    preview = api.preview("log_part_usage", usage(part, 1, work_order_id=str(work_order.pk))).json()["preview"]

    assert [w["code"] for w in preview["warnings"]] == ["WORK_ORDER_NOT_OPEN"]
    assert "for " + work_order.number in preview["side_effects"][0]
