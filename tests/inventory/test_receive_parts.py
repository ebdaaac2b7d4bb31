import pytest

from inventory.models import MovementReason
from tests.actions import contract_changes
from tests.factories import PartFactory
from tests.inventory.ledger import fresh, ledger_sum


def receipt(part, quantity=5, **extra):
    return {"part_id": str(part.pk), "quantity": quantity, **extra}


def test_receiving_adds_stock_with_a_receipt_ledger_row(api, engineer, part):
    payload = receipt(part, 5, reference="PO-2026-118 / Marine Parts Ltd", notes="Box 2 of 3")

    preview = api.preview("receive_parts", payload).json()["preview"]
    assert contract_changes(preview) == [{"entity": "part FLT-001", "field": "quantity_on_hand", "from": 10, "to": 15}]
    response = api.execute("receive_parts", payload, preview_hash=preview["preview_hash"], key="rcv-1")

    assert response.status_code == 200
    assert response.json()["message"] == "Received 5 pcs of FLT-001; 15 pcs on hand."
    part = fresh(part)
    assert part.quantity_on_hand == 15
    row = part.movements.get(performed_by=engineer)
    assert (row.quantity, row.quantity_after, row.reason) == (5, 15, MovementReason.RECEIVED)
    assert (row.reference, row.notes) == ("PO-2026-118 / Marine Parts Ltd", "Box 2 of 3")
    assert ledger_sum(part) == 15


def test_receiving_over_the_maximum_warns(api, aurora):
    part = PartFactory(vessel=aurora, minimum_quantity=2, maximum_quantity=12, stock=10)

    at_max = api.preview("receive_parts", receipt(part, 2)).json()["preview"]
    over = api.preview("receive_parts", receipt(part, 3)).json()["preview"]

    assert at_max["warnings"] == []
    assert [w["code"] for w in over["warnings"]] == ["OVERSTOCKED"]


@pytest.mark.parametrize("quantity", [0, -4, "five", None])
def test_quantity_must_be_positive(api, part, quantity):
    response = api.execute("receive_parts", receipt(part, quantity))

    assert response.status_code == 400
    assert response.json()["error"]["code"] == ("VALIDATION_ERROR" if quantity is None else "INVALID_QUANTITY")
    assert fresh(part).quantity_on_hand == 10


def test_reference_and_notes_lengths(api, part):
    assert api.preview("receive_parts", receipt(part, reference="r" * 200, notes="n" * 500)).status_code == 200
    too_long_reference = api.preview("receive_parts", receipt(part, reference="r" * 201))
    too_long_notes = api.preview("receive_parts", receipt(part, notes="n" * 501))

    assert too_long_reference.status_code == too_long_notes.status_code == 400
    assert too_long_reference.json()["error"]["field"] == "reference"
    assert too_long_notes.json()["error"]["field"] == "notes"


def test_crew_may_not_receive(actions, crew, part):
    response = actions.with_token(crew).execute("receive_parts", receipt(part))

    assert response.status_code == 403
    assert response.json()["error"]["code"] == "FORBIDDEN"
    assert fresh(part).quantity_on_hand == 10


def test_another_vessels_part_is_not_found(api, borealis):
    theirs = PartFactory(vessel=borealis, stock=1)

    response = api.execute("receive_parts", receipt(theirs))

    assert response.status_code == 404
    assert response.json()["error"]["code"] == "PART_NOT_FOUND"
    assert fresh(theirs).quantity_on_hand == 1


def test_repeated_idempotency_key_receives_once(api, part):
    responses = [api.execute("receive_parts", receipt(part, 4), key="rcv-twice") for _ in range(3)]

    assert {r.status_code for r in responses} == {200}
    assert fresh(part).quantity_on_hand == 14
    assert part.movements.filter(reason=MovementReason.RECEIVED).count() == 2  # the opening balance and this one


def test_html_flow(actions, eto, part):
    browser = actions.as_user(eto)

    form = browser.html_get("receive_parts", part_id=str(part.pk))
    assert form.status_code == 200
    assert "10 pcs" in form.content.decode()

    payload = {"part_id": str(part.pk), "quantity": "6", "reference": "DN-5521", "notes": ""}
    preview = browser.html_preview("receive_parts", payload)
    assert preview.status_code == 200
    assert "<td>10</td><td><strong>16</strong></td>" in preview.content.decode()
    assert "DN-5521" in preview.content.decode()

    done = browser.html_execute("receive_parts", preview)
    assert done.status_code == 200
    assert "Received 6 pcs of FLT-001; 16 pcs on hand." in done.content.decode()
    assert fresh(part).movements.get(reference="DN-5521").performed_by == eto
