"""A crash in the middle of an execute leaves nothing behind, and the retry lands once.

Here, and only here, our own code is patched: the point is to simulate the database
connection dropping between two writes of one completion.
"""

import pytest
from django.db import OperationalError

import workorders.actions.complete
from audit.models import AuditChainHead, AuditEntry, Signature
from inventory.models import Part, StockMovement
from pms.models import IdempotencyRecord
from tests.factories import PASSWORD, EquipmentFactory, PartFactory, WorkOrderFactory, WorkOrderPartFactory

# Real commits and rollbacks, not savepoints inside a test transaction.
pytestmark = pytest.mark.django_db(transaction=True)

KEY = "tablet-7f3a-complete"


def state(work_order, parts) -> dict:
    work_order.refresh_from_db()
    return {
        "status": work_order.status,
        "completed_by": work_order.completed_by_id,
        "on_hand": [Part.objects.get(pk=p.pk).quantity_on_hand for p in parts],
        "ledger": StockMovement.objects.count(),
        "audit": AuditEntry.objects.count(),
        "chain_lengths": sorted(AuditChainHead.objects.values_list("length", flat=True)),
        "signatures": Signature.objects.count(),
        "idempotency": IdempotencyRecord.objects.filter(key=KEY).count(),
    }


def complete(tablet, work_order):
    payload = {"work_order_id": str(work_order.pk), "completion_notes": "Impeller and shaft seal replaced."}
    return tablet.execute("mark_work_order_complete", payload, secret=PASSWORD, key=KEY)


def test_a_crash_after_the_first_write_commits_nothing_and_the_retry_lands_once(actions, aurora, chief, monkeypatch):
    work_order = WorkOrderFactory(vessel=aurora, equipment=EquipmentFactory(vessel=aurora), status="in_progress")
    seal, impeller = PartFactory(vessel=aurora, stock=5), PartFactory(vessel=aurora, stock=5)
    WorkOrderPartFactory(work_order=work_order, part=seal, quantity=2)
    WorkOrderPartFactory(work_order=work_order, part=impeller, quantity=3)
    tablet = actions.as_user(chief)
    before = state(work_order, [seal, impeller])

    real_move_stock = workorders.actions.complete.move_stock
    written = []

    def connection_drops_on_the_second_part(**kwargs):
        if written:
            raise OperationalError("server closed the connection unexpectedly")
        written.append(real_move_stock(**kwargs))
        return written[-1]

    monkeypatch.setattr(workorders.actions.complete, "move_stock", connection_drops_on_the_second_part)
    crashed = complete(tablet, work_order)
    assert crashed.status_code == 500
    assert crashed.json()["error"]["code"] == "INTERNAL_ERROR"
    assert len(written) == 1  # the first part's deduction and ledger row had been written
    assert state(work_order, [seal, impeller]) == before
    assert not StockMovement.objects.filter(pk=written[0].pk).exists()

    monkeypatch.undo()
    retried = complete(tablet, work_order)
    assert retried.status_code == 200, retried.json()
    replayed = complete(tablet, work_order)
    assert replayed.status_code == 200 and replayed["Idempotent-Replayed"] == "true"
    assert replayed.json() == retried.json()

    after = state(work_order, [seal, impeller])
    assert after["status"] == "completed" and after["completed_by"] == chief.pk
    assert after["on_hand"] == [3, 2]
    assert after["ledger"] == before["ledger"] + 2
    assert after["signatures"] == before["signatures"] + 1
    assert after["idempotency"] == 1
