"""mark_work_order_complete: validation, preview, signed all-or-nothing stock deduction."""

import json

import pytest

from audit.models import AuditEntry, Signature
from inventory.models import StockMovement
from inventory.services import move_stock
from pms.roles import Role
from tests.actions import NoWrites, contract_changes, error_code
from tests.factories import (
    PASSWORD,
    PartFactory,
    WorkOrderFactory,
    WorkOrderNoteFactory,
    WorkOrderPartFactory,
    member,
)
from tests.workorders.conftest import in_parallel
from workorders.models import WorkOrder

pytestmark = pytest.mark.django_db
NAME = "mark_work_order_complete"
NOTES = "Replaced the impeller and the seals; tested for 30 minutes."


@pytest.fixture
def order(aurora, equipment):
    return WorkOrderFactory(vessel=aurora, number="WO-2026-0001", status="in_progress", equipment=equipment)


@pytest.fixture
def impeller(aurora, order):
    part = PartFactory(vessel=aurora, part_number="IMP-1", stock=5, minimum_quantity=1)
    WorkOrderPartFactory(work_order=order, part=part, quantity=2)
    return part


@pytest.fixture
def seal(aurora, order):
    part = PartFactory(vessel=aurora, part_number="SEAL-1", stock=4, minimum_quantity=0)
    WorkOrderPartFactory(work_order=order, part=part, quantity=3)
    return part


def payload(order, **overrides):
    return {"work_order_id": str(order.pk), "completion_notes": NOTES, **overrides}


def snapshot(order, *parts):
    order.refresh_from_db()
    for part in parts:
        part.refresh_from_db()
    return (order.status, order.version, [p.quantity_on_hand for p in parts], StockMovement.objects.count())


def test_prefill_gives_parts_list_default_usage_and_validation(actions, engineer, order, impeller, seal):
    seal_line = order.parts.get(part=seal)
    seal_line.quantity = 6
    seal_line.save()
    as_engineer = actions.as_user(engineer)
    with NoWrites():
        prefill = as_engineer.prefill(NAME, work_order_id=str(order.pk)).json()["prefill"]
    assert prefill["work_order"]["number"] == "WO-2026-0001"
    assert [(p["part_number"], p["quantity"], p["quantity_on_hand"]) for p in prefill["parts"]] == [
        ("IMP-1", 2, 5),
        ("SEAL-1", 6, 4),
    ]
    assert prefill["parts_used"] == [
        {"part_id": str(impeller.pk), "quantity_used": 2},
        {"part_id": str(seal.pk), "quantity_used": 6},
    ]
    validation = prefill["validation"]
    assert validation["can_complete"] is True and validation["blockers"] == []
    assert [w["code"] for w in validation["warnings"]] == ["NO_NOTES", "INSUFFICIENT_STOCK"]


@pytest.mark.parametrize(
    ("status", "code"), [("completed", "WO_ALREADY_COMPLETE"), ("closed", "WO_CLOSED"), ("cancelled", "WO_CLOSED")]
)
def test_prefill_blockers_for_finished_work_orders(actions, engineer, aurora, status, code):
    order = WorkOrderFactory(vessel=aurora, number="WO-2026-0003", status=status)
    WorkOrderNoteFactory(work_order=order)
    as_engineer = actions.as_user(engineer)
    validation = as_engineer.prefill(NAME, work_order_id=str(order.pk)).json()["prefill"]["validation"]
    assert validation["can_complete"] is False
    assert [b["code"] for b in validation["blockers"]] == [code]
    assert validation["warnings"] == []


def test_preview_lists_each_stock_change(actions, engineer, order, impeller, seal):
    as_engineer = actions.as_user(engineer)
    preview = as_engineer.preview(NAME, payload(order)).json()["preview"]
    changes = {(c["entity"], c["field"]): (c["from"], c["to"]) for c in preview["changes"]}
    assert changes[("part IMP-1", "quantity_on_hand")] == (5, 3)
    assert changes[("part SEAL-1", "quantity_on_hand")] == (4, 1)
    assert changes[("work order WO-2026-0001", "status")] == ("in_progress", "completed")
    assert preview["requires_signature"] is True
    assert preview["signature_meaning"] == "I confirm this work order is complete"
    assert "NO_NOTES" in [w["code"] for w in preview["warnings"]]


def test_signed_completion_deducts_every_part_and_completes(actions, engineer, order, impeller, seal, equipment):
    as_engineer = actions.as_user(engineer)
    digest = as_engineer.preview_hash(NAME, payload(order))
    response = as_engineer.execute(NAME, payload(order), preview_hash=digest, secret=PASSWORD, key="done-1")
    body = response.json()
    assert response.status_code == 200, body
    order.refresh_from_db()
    assert order.status == "completed" and order.completed_by == engineer and order.completed_at
    assert order.completion_notes == NOTES
    impeller.refresh_from_db()
    seal.refresh_from_db()
    assert (impeller.quantity_on_hand, seal.quantity_on_hand) == (3, 1)
    rows = StockMovement.objects.filter(work_order=order).order_by("part__part_number")
    assert [(r.part, r.quantity, r.quantity_after) for r in rows] == [(impeller, -2, 3), (seal, -3, 1)]
    assert all(r.reason == "work_order" and r.equipment == equipment and r.performed_by == engineer for r in rows)
    signature = Signature.objects.get()
    assert signature.object_type == "workorders.workorder" and signature.object_id == str(order.pk)
    assert (signature.meaning, signature.role, signature.method) == (
        "I confirm this work order is complete",
        "engineer",
        "password",
    )
    assert signature.preview_hash == digest and body["result"]["signature"]["preview_hash"] == digest
    assert [m["quantity_after"] for m in body["result"]["stock_movements"]] == [3, 1]
    update = AuditEntry.objects.get(object_type="workorders.workorder", operation="update")
    assert update.signature == signature and update.changes["status"] == ["in_progress", "completed"]


def test_parts_used_overrides_the_list(actions, engineer, order, impeller, seal, aurora):
    extra = PartFactory(vessel=aurora, part_number="GASKET-9", stock=2)
    as_engineer = actions.as_user(engineer)
    used = [{"part_id": str(impeller.pk), "quantity_used": 1}, {"part_id": str(extra.pk), "quantity_used": 2}]
    response = as_engineer.execute(NAME, payload(order, parts_used=used), secret=PASSWORD)
    assert response.status_code == 200, response.json()
    for part, on_hand in ((impeller, 4), (seal, 4), (extra, 0)):
        part.refresh_from_db()
        assert part.quantity_on_hand == on_hand
    assert StockMovement.objects.filter(work_order=order).count() == 2


def test_an_empty_parts_used_deducts_nothing(actions, engineer, order, impeller):
    as_engineer = actions.as_user(engineer)
    assert as_engineer.execute(NAME, payload(order, parts_used=[]), secret=PASSWORD).status_code == 200
    assert not StockMovement.objects.filter(work_order=order).exists()
    assert WorkOrder.objects.get(pk=order.pk).status == "completed"


@pytest.mark.parametrize(
    ("parts_used", "code"),
    [
        ([{"part_id": "PART", "quantity_used": 0}], "INVALID_QUANTITY"),
        ([{"part_id": "PART", "quantity_used": -2}], "INVALID_QUANTITY"),
        ([{"part_id": "PART", "quantity_used": 1.5}], "INVALID_QUANTITY"),
        ([{"part_id": "PART"}], "VALIDATION_ERROR"),
        ([{"part_id": "PART", "quantity_used": 1, "extra": 1}], "VALIDATION_ERROR"),
        ([{"part_id": "PART", "quantity_used": 1}, {"part_id": "PART", "quantity_used": 1}], "VALIDATION_ERROR"),
        ("PART", "VALIDATION_ERROR"),
        ({"part_id": "PART"}, "VALIDATION_ERROR"),
        ([7], "VALIDATION_ERROR"),
    ],
)
def test_bad_parts_used_is_refused(actions, engineer, order, impeller, parts_used, code):
    parts_used = json.loads(json.dumps(parts_used).replace("PART", str(impeller.pk)))
    as_engineer = actions.as_user(engineer)
    before = snapshot(order, impeller)
    response = as_engineer.execute(NAME, payload(order, parts_used=parts_used), secret=PASSWORD)
    assert response.status_code == 400 and error_code(response) == code
    assert snapshot(order, impeller) == before


def test_parts_used_of_another_vessel_is_not_found(actions, engineer, order, borealis):
    foreign = PartFactory(vessel=borealis, stock=5)
    as_engineer = actions.as_user(engineer)
    for part_id in (str(foreign.pk), "not-a-uuid"):
        used = [{"part_id": part_id, "quantity_used": 1}]
        response = as_engineer.execute(NAME, payload(order, parts_used=used), secret=PASSWORD)
        assert response.status_code == 404 and error_code(response) == "PART_NOT_FOUND"
    foreign.refresh_from_db()
    assert foreign.quantity_on_hand == 5


@pytest.mark.parametrize(("notes", "ok"), [("x" * 9, False), ("x" * 10, True), ("x" * 5000, True), ("x" * 5001, False)])
def test_completion_notes_length(actions, engineer, order, notes, ok):
    as_engineer = actions.as_user(engineer)
    response = as_engineer.execute(NAME, payload(order, completion_notes=notes), secret=PASSWORD)
    if ok:
        assert response.status_code == 200
    else:
        assert response.status_code == 400 and error_code(response) == "VALIDATION_ERROR"
        assert response.json()["error"]["field"] == "completion_notes"


def test_one_part_short_changes_nothing(actions, engineer, order, impeller, seal):
    seal_line = order.parts.get(part=seal)
    seal_line.quantity = 5
    seal_line.save()
    as_engineer = actions.as_user(engineer)
    before = snapshot(order, impeller, seal)
    assert as_engineer.preview(NAME, payload(order)).status_code == 409
    response = as_engineer.execute(NAME, payload(order), secret=PASSWORD, key="short-1")
    assert response.status_code == 409 and error_code(response) == "INSUFFICIENT_STOCK"
    details = response.json()["error"]["details"]
    assert details["shortages"] == [
        {"part_id": str(seal.pk), "part_number": "SEAL-1", "quantity_on_hand": 4, "needed": 5}
    ]
    assert snapshot(order, impeller, seal) == before
    assert not Signature.objects.exists()


def test_already_complete_and_closed_are_refused(actions, engineer, order, impeller):
    as_engineer = actions.as_user(engineer)
    assert as_engineer.execute(NAME, payload(order), secret=PASSWORD).status_code == 200
    before = snapshot(order, impeller)
    response = as_engineer.execute(NAME, payload(order), secret=PASSWORD)
    assert response.status_code == 409 and error_code(response) == "WO_ALREADY_COMPLETE"
    assert snapshot(order, impeller) == before
    for status in ("closed", "cancelled"):
        other = WorkOrderFactory(vessel=order.vessel, number=f"WO-2026-01{status[:2]}", status=status)
        response = as_engineer.execute(NAME, payload(other), secret=PASSWORD)
        assert response.status_code == 409 and error_code(response) == "WO_CLOSED"


def test_a_candidate_cannot_be_completed(actions, engineer, aurora):
    order = WorkOrderFactory(vessel=aurora, number="WO-2026-0004", status="candidate")
    as_engineer = actions.as_user(engineer)
    response = as_engineer.execute(NAME, payload(order), secret=PASSWORD)
    assert response.status_code == 409 and error_code(response) == "INVALID_TRANSITION"


def test_who_may_complete(actions, aurora, order, crew):
    other_crew = member(aurora, Role.CREW)
    as_other_crew = actions.as_user(other_crew)
    response = as_other_crew.execute(NAME, payload(order), secret=PASSWORD)
    assert response.status_code == 403 and error_code(response) == "FORBIDDEN"
    assert WorkOrder.objects.get(pk=order.pk).status == "in_progress"

    order.assignee = crew
    order.save()
    as_crew = actions.as_user(crew)
    response = as_crew.execute(NAME, payload(order), secret=PASSWORD)
    assert response.status_code == 200
    assert Signature.objects.get().role == "crew"


@pytest.mark.parametrize("role", [Role.ETO, Role.CHIEF_ENGINEER, Role.CAPTAIN, Role.MANAGER])
def test_engineer_grade_and_heads_of_department_may_complete(actions, aurora, order, role):
    as_member = actions.as_user(member(aurora, role))
    assert as_member.execute(NAME, payload(order), secret=PASSWORD).status_code == 200


def test_another_vessels_work_order_is_not_found(actions, borealis_chief, order):
    as_borealis_chief = actions.as_user(borealis_chief)
    for response in (
        as_borealis_chief.prefill(NAME, work_order_id=str(order.pk)),
        as_borealis_chief.preview(NAME, payload(order)),
    ):
        assert response.status_code == 404 and error_code(response) == "WO_NOT_FOUND"
    response = as_borealis_chief.execute(NAME, payload(order), secret=PASSWORD)
    assert response.status_code == 404 and error_code(response) == "WO_NOT_FOUND"


def test_signature_required_invalid_then_locked_and_audited(actions, engineer, order, impeller):
    as_engineer = actions.as_user(engineer)
    before = snapshot(order, impeller)
    response = as_engineer.execute(NAME, payload(order))
    assert response.status_code == 400 and error_code(response) == "SIGNATURE_REQUIRED"
    for _ in range(5):
        response = as_engineer.execute(NAME, payload(order), secret="not-my-password")
        assert response.status_code == 403 and error_code(response) == "INVALID_SIGNATURE"
    response = as_engineer.execute(NAME, payload(order), secret=PASSWORD)
    assert response.status_code == 403 and error_code(response) == "SIGNATURE_LOCKED"
    assert snapshot(order, impeller) == before
    assert not Signature.objects.exists()
    failed = AuditEntry.objects.filter(actor=engineer, operation="signature_failed")
    assert failed.count() == 5 and {e.action_name for e in failed} == {NAME}
    assert AuditEntry.objects.filter(actor=engineer, operation="signature_locked").count() == 1


def test_replayed_completion_deducts_once(actions, engineer, order, impeller, seal):
    as_engineer = actions.as_user(engineer)
    first = as_engineer.execute(NAME, payload(order), secret=PASSWORD, key="sat-link-1")
    again = as_engineer.execute(NAME, payload(order), secret=PASSWORD, key="sat-link-1")
    assert first.status_code == again.status_code == 200
    assert again.json() == first.json() and again["Idempotent-Replayed"] == "true"
    assert StockMovement.objects.filter(work_order=order, part=impeller).count() == 1
    assert StockMovement.objects.filter(work_order=order, part=seal).count() == 1
    impeller.refresh_from_db()
    assert impeller.quantity_on_hand == 3
    reused = as_engineer.execute(NAME, payload(order, completion_notes="Something else entirely"), key="sat-link-1")
    assert reused.status_code == 409 and error_code(reused) == "IDEMPOTENCY_KEY_REUSED"


def test_stale_preview_when_a_parts_stock_changes(actions, engineer, order, impeller, seal):
    as_engineer = actions.as_user(engineer)
    digest = as_engineer.preview_hash(NAME, payload(order))
    move_stock(part=seal, quantity=1, reason="received", performed_by=engineer)
    before = snapshot(order, impeller, seal)
    response = as_engineer.execute(NAME, payload(order), preview_hash=digest, secret=PASSWORD)
    assert response.status_code == 409 and error_code(response) == "STALE_PREVIEW"
    assert snapshot(order, impeller, seal) == before
    new = response.json()["error"]["details"]["preview"]
    assert {"entity": "part SEAL-1", "field": "quantity_on_hand", "from": 5, "to": 2} in contract_changes(new)


def test_html_flow_completes_with_per_line_quantities(actions, engineer, order, impeller, seal):
    as_engineer = actions.as_user(engineer)
    page = as_engineer.html_get(NAME, work_order_id=str(order.pk)).content.decode()
    assert f'name="parts_used.{impeller.pk}" value="2"' in page and "IMP-1" in page
    form = {
        "work_order_id": str(order.pk),
        "completion_notes": NOTES,
        "parts_used": "lines",
        f"parts_used.{impeller.pk}": "1",
        f"parts_used.{seal.pk}": "0",
    }
    preview, done = as_engineer.html_run(NAME, form, secret=PASSWORD)
    html = preview.content.decode()
    assert "part IMP-1" in html and "part SEAL-1" not in html and "I confirm this work order is complete" in html
    assert done.status_code == 200 and done.context["step"] == "result", done.content.decode()[-3000:]
    impeller.refresh_from_db()
    seal.refresh_from_db()
    assert (impeller.quantity_on_hand, seal.quantity_on_hand) == (4, 4)
    assert Signature.objects.get().preview_hash == preview.context["preview"]["preview_hash"]


def test_html_flow_default_list_and_wrong_password_returns_to_preview(actions, engineer, order, impeller):
    as_engineer = actions.as_user(engineer)
    form = {"work_order_id": str(order.pk), "completion_notes": NOTES}
    preview, refused = as_engineer.html_run(NAME, form, secret="wrong")
    assert refused.status_code == 403 and refused.context["step"] == "preview"
    assert "INVALID_SIGNATURE" in refused.content.decode()
    assert WorkOrder.objects.get(pk=order.pk).status == "in_progress"
    _, done = as_engineer.html_run(NAME, form, secret=PASSWORD)
    assert done.status_code == 200
    impeller.refresh_from_db()
    assert impeller.quantity_on_hand == 3


def test_html_flow_shows_the_shortage(actions, engineer, order, impeller):
    line = order.parts.get()
    line.quantity = 9
    line.save()
    as_engineer = actions.as_user(engineer)
    response = as_engineer.html_preview(NAME, {"work_order_id": str(order.pk), "completion_notes": NOTES})
    html = response.content.decode()
    assert response.status_code == 409 and "INSUFFICIENT_STOCK" in html and "IMP-1: 5 on hand, 9 needed" in html


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_parallel_completions_deduct_once(actions, engineer, order, impeller, seal):
    tablets = [actions.as_user(engineer) for _ in range(3)]  # logged in before the race starts

    def complete(i):
        response = tablets[i].execute(NAME, payload(order), secret=PASSWORD)
        return "completed" if response.status_code == 200 else error_code(response)

    assert sorted(in_parallel(3, complete)) == ["WO_ALREADY_COMPLETE", "WO_ALREADY_COMPLETE", "completed"]
    assert StockMovement.objects.filter(work_order=order).count() == 2
    impeller.refresh_from_db()
    assert impeller.quantity_on_hand == 3
