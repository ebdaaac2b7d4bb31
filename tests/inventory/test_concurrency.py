"""Parallel stock movements on PostgreSQL: each thread is its own request and connection."""

import pytest
from django.test import Client

from inventory.models import MovementReason, StockMovement
from pms.roles import Role
from tests.actions import ActionClient
from tests.factories import PartFactory, api_token, member
from tests.inventory.ledger import fresh, ledger_sum
from tests.parallel import run_in_parallel

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def execute(token: str, name: str, payload: dict, key: str):
    integration = ActionClient(Client(), token=token)

    def call():
        response = integration.execute(name, payload, key=key)
        return response.status_code, response.json()

    return call


def warm(token: str) -> None:
    """One call first, so the token's last-used stamp is not written by every thread."""
    assert Client().get("/api/v1/actions", headers={"Authorization": f"Bearer {token}"}).status_code == 200


def test_parallel_usage_and_receipts_are_exact_and_never_go_negative(aurora):
    part = PartFactory(vessel=aurora, minimum_quantity=2, stock=30)
    engineer_token = api_token(member(aurora, Role.ENGINEER))
    eto_token = api_token(member(aurora, Role.ETO))
    for token in (engineer_token, eto_token):
        warm(token)
    usage = {"part_id": str(part.pk), "quantity": 2, "usage_reason": "preventive_maintenance"}
    receipt = {"part_id": str(part.pk), "quantity": 2, "reference": "PO-77"}
    calls = [execute(engineer_token, "log_part_usage", usage, f"use-{i}") for i in range(25)]
    calls += [execute(eto_token, "receive_parts", receipt, f"rcv-{i}") for i in range(6)]

    results = run_in_parallel(calls)

    usages, receipts = results[:25], results[25:]
    assert all(status == 200 for status, _ in receipts)
    used = [body for status, body in usages if status == 200]
    refused = [body for status, body in usages if status != 200]
    assert {(status, body["error"]["code"]) for status, body in usages if status != 200} <= {
        (409, "INSUFFICIENT_STOCK")
    }
    # Demand (50) exceeds supply (30 + 12): some usage must be refused, none may oversell.
    assert refused
    part = fresh(part)
    assert part.quantity_on_hand == 30 + 6 * 2 - 2 * len(used)
    assert part.quantity_on_hand >= 0
    assert ledger_sum(part) == part.quantity_on_hand
    assert part.movements.filter(reason=MovementReason.PREVENTIVE_MAINTENANCE).count() == len(used)
    assert part.movements.filter(reason=MovementReason.RECEIVED).count() == 1 + 6
    # Each row continues from the one before it: no movement read a stale quantity.
    running = 0
    for movement in part.movements.order_by("performed_at", "quantity_after"):
        running += movement.quantity
        assert movement.quantity_after == running >= 0


def test_parallel_retries_of_one_idempotency_key_deduct_once(aurora):
    part = PartFactory(vessel=aurora, stock=10)
    token = api_token(member(aurora, Role.ENGINEER))
    warm(token)
    usage = {"part_id": str(part.pk), "quantity": 3, "usage_reason": "emergency_repair"}

    results = run_in_parallel([execute(token, "log_part_usage", usage, "same-tap") for _ in range(10)])

    assert {status for status, _ in results} == {200}
    assert len({body["result"]["ledger_entry"]["id"] for _, body in results}) == 1
    assert fresh(part).quantity_on_hand == 7
    assert StockMovement.objects.filter(part=part, reason=MovementReason.EMERGENCY_REPAIR).count() == 1
