"""Parallel requests on PostgreSQL: the duplicate rule and acknowledgement hold under races."""

import threading

import pytest
from django.db import connection
from django.test import Client

from handover.models import HandoverItem
from pms.roles import Role
from tests.actions import ActionClient
from tests.factories import FaultFactory, HandoverItemFactory, api_token, member

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def execute_in_parallel(requests: list[tuple[str, str, dict]]) -> list[tuple[int, dict]]:
    """(token, action, payload) each from its own thread and connection, started together."""
    barrier = threading.Barrier(len(requests))
    results = [None] * len(requests)

    def worker(index, token, name, payload):
        try:
            integration = ActionClient(Client(), token=token)
            barrier.wait(timeout=30)
            response = integration.execute(name, payload, key=f"key-{index}")
            results[index] = (response.status_code, response.json())
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i, *request)) for i, request in enumerate(requests)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads)
    return results


def tokens(vessel, n):
    return [api_token(member(vessel, Role.CREW)) for _ in range(n)]


def test_parallel_adds_about_one_record_give_one_item_and_duplicate_entries(aurora):
    fault = FaultFactory(equipment__vessel=aurora)
    payload = {"entity_type": "fault", "entity_id": str(fault.pk), "summary_text": "Alarm again on the port side."}

    results = execute_in_parallel([(token, "add_to_handover", payload) for token in tokens(aurora, 6)])

    statuses = sorted(status for status, _ in results)
    assert statuses == [200] + [409] * 5
    assert {body["error"]["code"] for status, body in results if status == 409} == {"DUPLICATE_ENTRY"}
    assert HandoverItem.objects.filter(entity_id=fault.pk).count() == 1


def test_parallel_acknowledgements_of_one_item_record_one_person(aurora):
    item = HandoverItemFactory(vessel=aurora)
    payload = {"item_id": str(item.pk)}

    results = execute_in_parallel([(token, "acknowledge_handover_item", payload) for token in tokens(aurora, 4)])

    statuses = sorted(status for status, _ in results)
    assert statuses == [200, 409, 409, 409]
    assert {body["error"]["code"] for status, body in results if status == 409} == {"ALREADY_ACKNOWLEDGED"}
    item.refresh_from_db()
    winner = next(body for status, body in results if status == 200)
    assert winner["result"]["items"][0]["acknowledged_by"] == item.acknowledged_by.printed_name
