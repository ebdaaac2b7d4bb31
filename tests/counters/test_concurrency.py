"""Parallel readings of one counter on PostgreSQL: each thread its own request and connection.
The counter's row lock serialises them, so the rules hold for what is accepted."""

import random
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from counters.models import CounterReading
from pms.roles import Role
from tests.counters.conftest import fresh
from tests.factories import CounterFactory, EquipmentFactory, api_token, member
from tests.parallel import run_in_parallel

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def record(token: str, payload: dict, key: str):
    def call():
        response = Client().post(
            "/api/v1/actions/record_counter_reading/execute",
            {"payload": payload},
            content_type="application/json",
            headers={"Authorization": f"Bearer {token}", "Idempotency-Key": key},
        )
        return response.status_code, response.json()

    return call


def warm(token: str) -> None:
    """One call first, so the token's last-used stamp is not written by every thread."""
    assert Client().get("/api/v1/actions", headers={"Authorization": f"Bearer {token}"}).status_code == 200


def assert_ledger_keeps_the_rules(counter):
    ledger = list(CounterReading.objects.filter(counter=counter).order_by("read_at", "created_at"))
    for earlier, later in zip(ledger, ledger[1:], strict=False):
        assert later.reading >= earlier.reading, (earlier, later)
        assert timedelta(hours=later.reading - earlier.reading) <= later.read_at - earlier.read_at + timedelta(hours=1)
    latest = ledger[-1]
    counter = fresh(counter)
    assert (counter.value, counter.last_read_at) == (latest.reading, latest.read_at)
    return ledger


def test_parallel_readings_of_one_counter_never_let_a_decrease_through(aurora):
    now = timezone.now()
    counter = CounterFactory(equipment=EquipmentFactory(vessel=aurora), readings=[(1000, now - timedelta(hours=3))])
    tokens = [api_token(member(aurora, role)) for role in (Role.ENGINEER, Role.ETO, Role.CHIEF_ENGINEER)]
    for token in tokens:
        warm(token)
    # Now-readings 1,000–1,004 in a random order: once a higher one is in, a lower one is a decrease.
    values = [1000 + i % 5 for i in range(15)]
    random.Random(7).shuffle(values)
    calls = [
        record(tokens[i % 3], {"counter_id": str(counter.pk), "reading": value}, f"now-{i}")
        for i, value in enumerate(values)
    ]

    results = run_in_parallel(calls)

    codes = {body["error"]["code"] for status, body in results if status != 200}
    assert codes <= {"COUNTER_DECREASE", "COUNTER_RATE_EXCEEDED"}, codes
    accepted = sorted(
        (body["result"]["reading"]["read_at"], body["result"]["reading"]["reading"])
        for status, body in results
        if status == 200
    )
    totals = [total for _, total in accepted]
    assert totals and totals == sorted(totals)  # taken "now" under the lock: in time order, never down
    assert any(status == 409 for status, _ in results)  # a lower value after a higher one was refused
    ledger = assert_ledger_keeps_the_rules(counter)
    assert len(ledger) == 1 + len(accepted)


def test_parallel_back_dated_and_current_readings_keep_the_rules(aurora):
    now = timezone.now().replace(second=0, microsecond=0)
    start = now - timedelta(hours=10)
    counter = CounterFactory(equipment=EquipmentFactory(vessel=aurora), readings=[(500, start)])
    token = api_token(member(aurora, Role.ENGINEER))
    warm(token)
    rng = random.Random(11)
    calls = []
    for i in range(16):
        hours_after = rng.randint(0, 9)
        payload = {
            "counter_id": str(counter.pk),
            "reading": 500 + rng.randint(0, 12),
            "read_at": (start + timedelta(hours=hours_after, minutes=i)).isoformat(),
        }
        calls.append(record(token, payload, f"mixed-{i}"))

    results = run_in_parallel(calls)

    assert all(status in (200, 409) for status, _ in results), results
    assert any(status == 200 for status, _ in results)
    assert_ledger_keeps_the_rules(counter)
