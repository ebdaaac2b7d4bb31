"""Bad input to the counter actions: a 4xx envelope with nothing written, at preview and at execute."""

import uuid
from datetime import timedelta

import pytest

from audit.models import AuditEntry
from counters.models import Counter, CounterReading
from tests.actions import ActionClient
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

BAD_READINGS = ["abc", "", None, 12.5, -1, 10_000_000, 10**9 + 1, 10**30, True, [1], {"h": 1}, "1e3", "12,000"]
BAD_TIMES = ["2026-13-45T08:00", "yesterday", "08:00", "", 20260301, "2026-03-01T08:00:00+25:00"]


def written() -> tuple:
    return (
        CounterReading.objects.count(),
        AuditEntry.objects.count(),
        list(Counter.objects.values_list("pk", "version")),
    )


def assert_refused(response, status_range=(400, 499)):
    assert status_range[0] <= response.status_code <= status_range[1], response.content[:300]
    body = response.json()
    assert body["status"] == "error" and body["error"]["code"], body
    return body["error"]


@pytest.fixture
def as_chief(client, chief):
    client.force_login(chief)
    return client


@pytest.mark.parametrize("step", ["preview", "execute"])
@pytest.mark.parametrize("value", BAD_READINGS, ids=repr)
def test_a_bad_reading_is_refused_and_writes_nothing(as_chief, counter, step, value):
    before = written()
    body = {"counter_id": str(counter.pk), "reading": value}
    error = assert_refused(ActionClient(as_chief).step("record_counter_reading", step, body, key=uuid.uuid4().hex))
    assert (error["code"], error["field"]) == ("VALIDATION_ERROR", "reading")
    assert written() == before


@pytest.mark.parametrize("step", ["preview", "execute"])
@pytest.mark.parametrize("value", BAD_TIMES, ids=repr)
def test_a_malformed_time_is_refused_and_writes_nothing(as_chief, counter, step, value):
    before = written()
    body = {"counter_id": str(counter.pk), "reading": 1021, "read_at": value}
    if value == "":
        return  # empty means now: not a bad input
    error = assert_refused(ActionClient(as_chief).step("record_counter_reading", step, body, key=uuid.uuid4().hex))
    assert (error["code"], error["field"]) == ("VALIDATION_ERROR", "read_at")
    assert written() == before


@pytest.mark.parametrize("far", ["tomorrow", "9999-12-31T23:59:59+00:00"])
def test_a_future_time_is_refused(as_chief, counter, now, far):
    before = written()
    far = (now + timedelta(days=1)).isoformat() if far == "tomorrow" else far
    error = assert_refused(
        ActionClient(as_chief).execute(
            "record_counter_reading",
            {"counter_id": str(counter.pk), "reading": 1021, "read_at": far},
        )
    )
    assert (error["code"], error["field"]) == ("VALIDATION_ERROR", "read_at")
    assert written() == before


@pytest.mark.parametrize("counter_id", ["", "not-a-uuid", str(uuid.uuid4()), 42, "borealis"])
def test_an_unknown_or_foreign_counter_is_not_found(as_chief, counter, borealis_counter, counter_id):
    counter_id = str(borealis_counter.pk) if counter_id == "borealis" else counter_id
    before = written()
    for step in ("preview", "execute"):
        response = ActionClient(as_chief).step("record_counter_reading", step, {"counter_id": counter_id, "reading": 1})
        error = assert_refused(response)
        expected = ("VALIDATION_ERROR", 400) if counter_id == "" else ("COUNTER_NOT_FOUND", 404)
        assert (error["code"], response.status_code) == expected, (counter_id, error)
    assert written() == before


@pytest.mark.parametrize(
    "field,value",
    [
        ("old_meter_final", -5),
        ("old_meter_final", "a lot"),
        ("old_meter_final", 10**12),
        ("new_meter_start", -1),
        ("new_meter_start", 0.5),
        ("replaced_at", "soon"),
        ("replaced_at", None),
        ("replaced_at", "9999-12-31T23:59"),
        ("counter_id", "borealis"),
        ("notes", "x" * 501),
    ],
)
def test_bad_replacements_are_refused_and_write_nothing(as_chief, counter, borealis_counter, now, field, value):
    body = {
        "counter_id": str(counter.pk),
        "replaced_at": (now - timedelta(minutes=5)).isoformat(),
        "old_meter_final": 1030,
        "new_meter_start": 0,
    }
    body[field] = str(borealis_counter.pk) if value == "borealis" else value
    before = written()
    response = ActionClient(as_chief).execute("replace_counter", body, key=uuid.uuid4().hex, secret=PASSWORD)
    error = assert_refused(response)
    assert error["field"] == field or error["code"] == "COUNTER_NOT_FOUND", error
    assert written() == before


def test_an_unknown_field_is_refused_not_ignored(as_chief, counter):
    body = {"counter_id": str(counter.pk), "reading": 1021, "total": 99999}
    error = assert_refused(ActionClient(as_chief).execute("record_counter_reading", body))
    assert (error["code"], error["field"]) == ("VALIDATION_ERROR", "total")
