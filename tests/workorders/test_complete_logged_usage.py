"""Nothing is counted twice: usage already logged against a work order (log_part_usage with
its work_order_id) is not deducted again when the work order is completed."""

import pytest

from audit.models import Signature
from inventory.models import StockMovement
from tests.actions import ActionClient
from tests.factories import PASSWORD, PartFactory, WorkOrderFactory, WorkOrderPartFactory
from workorders.models import WorkOrder

pytestmark = pytest.mark.django_db
NAME = "mark_work_order_complete"
NOTES = "Fuel filters changed, engine run up and checked for leaks."


@pytest.fixture
def order(aurora, equipment):
    return WorkOrderFactory(vessel=aurora, number="WO-2026-0042", status="in_progress", equipment=equipment)


@pytest.fixture
def filters(aurora, order):
    """The parts list needs 3 fuel filters; 10 are on hand."""
    part = PartFactory(vessel=aurora, part_number="FLT-001", stock=10, minimum_quantity=0)
    WorkOrderPartFactory(work_order=order, part=part, quantity=3)
    return part


def log_usage(client, part, order, quantity):
    usage = {"part_id": str(part.pk), "quantity": quantity, "work_order_id": str(order.pk)}
    response = ActionClient(client).execute("log_part_usage", usage)
    assert response.status_code == 200, response.json()
    assert response.json()["result"]["ledger_entry"]["reason"] == "work_order"


def on_hand(part) -> int:
    part.refresh_from_db()
    return part.quantity_on_hand


def changes_of(preview) -> dict:
    return {(c["entity"], c["field"]): (c["from"], c["to"]) for c in preview["changes"]}


def test_usage_logged_first_is_not_deducted_again_at_completion(client, engineer, order, filters):
    client.force_login(engineer)
    log_usage(client, filters, order, 3)
    assert on_hand(filters) == 7

    prefill = ActionClient(client).prefill(NAME, **{"work_order_id": str(order.pk)}).json()["prefill"]
    assert prefill["parts_used"] == []
    assert [(line["part_number"], line["quantity"], line["already_logged"]) for line in prefill["parts"]] == [
        ("FLT-001", 3, 3)
    ]
    assert prefill["already_logged"] == [{"part_id": str(filters.pk), "part_number": "FLT-001", "quantity": 3}]
    assert "INSUFFICIENT_STOCK" not in [w["code"] for w in prefill["validation"]["warnings"]]

    payload = {"work_order_id": str(order.pk), "completion_notes": NOTES}
    preview = ActionClient(client).preview(NAME, payload).json()["preview"]
    changes = changes_of(preview)
    assert ("part FLT-001", "quantity_on_hand") not in changes  # nothing deducted now
    assert changes[("work order WO-2026-0042", "parts used FLT-001")] == (3, 3)  # already logged, in total
    assert "Already logged against WO-2026-0042, not deducted again: 3 pcs FLT-001." in preview["side_effects"]

    response = ActionClient(client).execute(NAME, payload, preview_hash=preview["preview_hash"], secret=PASSWORD)
    assert response.status_code == 200, response.json()
    assert response.json()["result"]["stock_movements"] == []
    assert on_hand(filters) == 7
    assert [m.quantity for m in StockMovement.objects.filter(work_order=order)] == [-3]
    assert WorkOrder.objects.get(pk=order.pk).status == "completed"
    # What the completion signed counts the usage logged before it.
    assert WorkOrder.objects.get(pk=order.pk).signed_value("parts_used") == [[str(filters.pk), 3]]
    assert Signature.objects.get().content_hash


def test_part_of_the_need_logged_first_deducts_only_the_rest(client, engineer, order, filters):
    client.force_login(engineer)
    log_usage(client, filters, order, 1)

    payload = {"work_order_id": str(order.pk), "completion_notes": NOTES}
    preview = ActionClient(client).preview(NAME, payload).json()["preview"]
    changes = changes_of(preview)
    assert changes[("part FLT-001", "quantity_on_hand")] == (9, 7)
    assert changes[("work order WO-2026-0042", "parts used FLT-001")] == (1, 3)

    assert ActionClient(client).execute(NAME, payload, secret=PASSWORD).status_code == 200
    assert on_hand(filters) == 7
    assert sorted(m.quantity for m in StockMovement.objects.filter(work_order=order)) == [-2, -1]


def test_usage_logged_of_a_part_not_on_the_list_is_shown_and_never_deducted(client, engineer, order, aurora, filters):
    gasket = PartFactory(vessel=aurora, part_number="GSK-7", stock=5)
    client.force_login(engineer)
    log_usage(client, gasket, order, 2)

    payload = {"work_order_id": str(order.pk), "completion_notes": NOTES}
    preview = ActionClient(client).preview(NAME, payload).json()["preview"]
    changes = changes_of(preview)
    assert changes[("work order WO-2026-0042", "parts used GSK-7")] == (2, 2)
    assert changes[("part FLT-001", "quantity_on_hand")] == (10, 7)
    assert ActionClient(client).execute(NAME, payload, secret=PASSWORD).status_code == 200
    assert (on_hand(gasket), on_hand(filters)) == (3, 7)


def test_given_parts_used_on_top_of_logged_usage_is_deducted_and_warned(client, engineer, order, filters):
    client.force_login(engineer)
    log_usage(client, filters, order, 3)
    used = [{"part_id": str(filters.pk), "quantity_used": 1}]
    payload = {"work_order_id": str(order.pk), "completion_notes": NOTES, "parts_used": used}

    preview = ActionClient(client).preview(NAME, payload).json()["preview"]
    assert "ALREADY_LOGGED" in [w["code"] for w in preview["warnings"]]
    assert changes_of(preview)[("work order WO-2026-0042", "parts used FLT-001")] == (3, 4)
    assert ActionClient(client).execute(NAME, payload, secret=PASSWORD).status_code == 200
    assert on_hand(filters) == 6


def test_the_html_flow_end_to_end_deducts_each_need_once(client, engineer, order, filters):
    """Log 3 against WO-N in the HTML flow, then complete it in the HTML flow: stock falls by 3, not 6."""
    client.force_login(engineer)
    usage = {"part_id": str(filters.pk), "quantity": "3", "usage_reason": "", "work_order_id": str(order.pk)}
    _, logged = ActionClient(client).html_run("log_part_usage", usage)
    assert logged.status_code == 200 and logged.context["step"] == "result"
    assert on_hand(filters) == 7

    page = client.get(f"/actions/{NAME}/", {"work_order_id": str(order.pk)})
    html = page.content.decode()
    assert f'name="parts_used.{filters.pk}"' not in html  # the form no longer proposes the same 3
    assert "Already logged against WO-2026-0042, not deducted again: 3 × FLT-001" in html
    form = {"work_order_id": str(order.pk), "completion_notes": NOTES, "parts_used": "lines"}
    preview, done = ActionClient(client).html_run(NAME, form, secret=PASSWORD)
    assert "parts used FLT-001" in preview.content.decode()
    assert done.status_code == 200 and done.context["step"] == "result", done.content.decode()[-2000:]
    assert on_hand(filters) == 7
    assert StockMovement.objects.filter(part=filters, work_order=order).count() == 1
