"""record_counter_reading over the JSON API: the rules at their boundaries, what a preview shows,
and what execute writes (one reading, the counter's new figures, the audit)."""

import uuid
from datetime import timedelta

import pytest

from audit.models import AuditEntry
from counters import hooks
from counters.models import CounterReading
from pms.roles import Role
from tests.actions import ActionClient, error_code
from tests.counters.conftest import fresh, minutes_ago
from tests.factories import member

pytestmark = pytest.mark.django_db

ACTION = "record_counter_reading"


def payload(counter, reading, read_at=None, **extra):
    body = {"counter_id": str(counter.pk), "reading": reading, **extra}
    if read_at is not None:
        body["read_at"] = read_at.isoformat()
    return body


def execute(client, body):
    return ActionClient(client).execute(ACTION, body, key=uuid.uuid4().hex)


def writes():
    return CounterReading.objects.count(), AuditEntry.objects.count()


@pytest.fixture
def last_read_at(counter):
    return counter.last_read_at


@pytest.fixture
def as_engineer(client, engineer):
    client.force_login(engineer)
    return client


def test_a_reading_is_recorded_with_who_and_when_and_the_counter_moves(as_engineer, engineer, counter, now):
    read_at = minutes_ago(now, 10)
    response = execute(as_engineer, payload(counter, 1035, read_at, notes="Morning round"))

    assert response.status_code == 200, response.json()
    result = response.json()["result"]
    reading = CounterReading.objects.get(pk=result["reading"]["id"])
    assert (reading.reading, reading.meter_reading, reading.read_at, reading.recorded_by) == (
        1035,
        1035,
        read_at,
        engineer,
    )
    assert reading.notes == "Morning round" and reading.vessel_id == counter.vessel_id
    counter = fresh(counter)
    assert (counter.value, counter.meter_value, counter.last_read_at, counter.last_read_by) == (
        1035,
        1035,
        read_at,
        engineer,
    )
    assert result["counter"]["value"] == 1035 and result["counter"]["stale"] is False
    entry = AuditEntry.objects.get(pk=result["audit_log_id"])
    assert (entry.actor, entry.action_name, entry.object_type) == (engineer, ACTION, "counters.counterreading")
    change = AuditEntry.objects.get(object_type="counters.counter", object_id=str(counter.pk), action_name=ACTION)
    assert change.changes["value"] == [1020, 1035]


def test_read_at_defaults_to_now(as_engineer, counter, now):
    response = execute(as_engineer, payload(counter, 1030))
    assert response.status_code == 200, response.json()
    assert now <= fresh(counter).last_read_at <= now + timedelta(minutes=1)


def test_the_preview_shows_from_to_the_new_rate_and_changes_nothing(as_engineer, counter, now):
    before = writes()
    response = ActionClient(as_engineer).preview(ACTION, payload(counter, 1038))
    assert response.status_code == 200, response.json()
    preview = response.json()["preview"]
    changes = {c["field"]: (c["from"], c["to"]) for c in preview["changes"]}
    assert changes["value"] == (1020, 1038)
    assert changes["meter_value"] == (1020, 1038)
    assert changes["last_read_at"][1] == "now"
    # 1,000 h two days ago to 1,038 h today: 19 h a day (was 20).
    assert changes["daily_rate"] == (20.0, 19.0)
    assert any("1,038 h" in s for s in preview["side_effects"])
    assert preview["requires_signature"] is False
    assert writes() == before


def test_a_preview_without_a_time_stays_valid_until_it_is_confirmed(as_engineer, counter):
    body = payload(counter, 1030)
    digest = ActionClient(as_engineer).preview_hash(ACTION, body)
    response = ActionClient(as_engineer).execute(ACTION, body, key="k-1", preview_hash=digest)
    assert response.status_code == 200, response.json()


def test_a_reading_in_between_makes_the_preview_stale(as_engineer, client, counter):
    body = payload(counter, 1026)
    digest = ActionClient(as_engineer).preview_hash(ACTION, body)
    assert execute(as_engineer, payload(counter, 1025)).status_code == 200
    response = ActionClient(as_engineer).execute(ACTION, body, key="k-2", preview_hash=digest)
    assert (response.status_code, error_code(response)) == (409, "STALE_PREVIEW")
    assert fresh(counter).value == 1025


def test_24_hours_a_day_plus_one_is_accepted_and_one_hour_more_is_refused(as_engineer, counter, last_read_at):
    a_day_later = last_read_at + timedelta(days=1)
    before = writes()
    refused = execute(as_engineer, payload(counter, 1020 + 26, a_day_later))
    assert (refused.status_code, error_code(refused)) == (409, "COUNTER_RATE_EXCEEDED")
    assert refused.json()["error"]["field"] == "reading"
    assert refused.json()["error"]["details"]["max_reading"] == 1045
    assert writes() == before
    accepted = execute(as_engineer, payload(counter, 1020 + 25, a_day_later))
    assert accepted.status_code == 200, accepted.json()
    assert fresh(counter).value == 1045


def test_a_reading_below_the_last_is_refused_and_an_equal_one_accepted(as_engineer, counter):
    before = writes()
    refused = execute(as_engineer, payload(counter, 1019))
    assert (refused.status_code, error_code(refused)) == (409, "COUNTER_DECREASE")
    assert writes() == before
    equal = ActionClient(as_engineer).preview(ACTION, payload(counter, 1020))
    assert [w["code"] for w in equal.json()["preview"]["warnings"]] == ["NO_HOURS"]
    assert execute(as_engineer, payload(counter, 1020)).status_code == 200


def test_a_back_dated_reading_equal_to_the_next_is_accepted_one_above_refused(as_engineer, counter, last_read_at):
    # Between 1,000 h (two days ago) and 1,020 h (a day ago).
    back = last_read_at - timedelta(hours=2)
    refused = execute(as_engineer, payload(counter, 1021, back))
    assert (refused.status_code, error_code(refused)) == (409, "COUNTER_DECREASE")
    preview = ActionClient(as_engineer).preview(ACTION, payload(counter, 1020, back)).json()["preview"]
    assert [w["code"] for w in preview["warnings"]] == ["BACK_DATED"]
    assert all(c["field"] != "value" for c in preview["changes"])
    accepted = execute(as_engineer, payload(counter, 1020, back))
    assert accepted.status_code == 200, accepted.json()
    counter = fresh(counter)
    assert (counter.value, counter.last_read_at) == (1020, last_read_at)  # the latest stays the latest
    assert counter.readings.count() == 3


def test_a_back_dated_reading_is_held_to_the_clock_on_both_sides(as_engineer, counter, last_read_at):
    back = last_read_at - timedelta(hours=1)
    # 1,000 h 23 h before: at most 1,024; 1,020 h an hour after: at least 1,018.
    assert error_code(execute(as_engineer, payload(counter, 1017, back))) == "COUNTER_RATE_EXCEEDED"
    assert execute(as_engineer, payload(counter, 1018, back)).status_code == 200


@pytest.mark.parametrize(("minutes", "status"), [(4, 200), (6, 400)])
def test_read_at_may_run_five_minutes_ahead_of_the_server(as_engineer, counter, now, minutes, status):
    before = writes()
    response = execute(as_engineer, payload(counter, 1021, now + timedelta(minutes=minutes)))
    assert response.status_code == status, response.json()
    if status == 400:
        assert (error_code(response), response.json()["error"]["field"]) == ("VALIDATION_ERROR", "read_at")
        assert writes() == before


@pytest.mark.parametrize("role", [Role.ENGINEER, Role.ETO, Role.CHIEF_ENGINEER, Role.CAPTAIN, Role.MANAGER])
def test_engineer_grade_members_and_heads_of_department_record_readings(client, aurora, counter, role):
    client.force_login(member(aurora, role))
    assert execute(client, payload(counter, 1021)).status_code == 200


def test_crew_may_not_record_a_reading(client, crew, counter):
    client.force_login(crew)
    before = writes()
    response = execute(client, payload(counter, 1021))
    assert (response.status_code, error_code(response)) == (403, "FORBIDDEN")
    assert writes() == before


@pytest.mark.parametrize("step", ["prefill", "preview", "execute"])
def test_another_vessels_counter_does_not_exist(as_engineer, borealis_counter, step):
    before = writes()
    body = payload(borealis_counter, 501)
    response = ActionClient(as_engineer).step(ACTION, step, body, key=uuid.uuid4().hex)
    assert (response.status_code, error_code(response)) == (404, "COUNTER_NOT_FOUND")
    assert response.json()["error"]["field"] == "counter_id"
    assert writes() == before


def test_the_same_tap_twice_records_one_reading(as_engineer, counter):
    body = payload(counter, 1030)
    first = ActionClient(as_engineer).execute(ACTION, body, key="same-tap")
    again = ActionClient(as_engineer).execute(ACTION, body, key="same-tap")
    assert first.status_code == again.status_code == 200
    assert first.json() == again.json() and again["Idempotent-Replayed"] == "true"
    assert counter.readings.count() == 3


def test_prefill_shows_the_counter_and_what_the_meter_should_show_now(as_engineer, counter):
    response = ActionClient(as_engineer).prefill(ACTION, **{"counter_id": str(counter.pk)})
    prefill = response.json()["prefill"]
    assert prefill["counter_id"] == str(counter.pk)
    assert (prefill["counter"]["meter_value"], prefill["counter"]["daily_rate"]) == (1020, 20.0)
    assert 1039 <= prefill["expected_meter_value"] <= 1041  # a day at 20 h a day
    assert "reading" not in prefill  # never typed in for the person


def test_the_preview_lists_the_maintenance_a_reading_makes_due_when_a_module_says_so(as_engineer, counter, monkeypatch):
    body = payload(counter, 1030)
    assert ActionClient(as_engineer).preview(ACTION, body).json()["preview"]["side_effects"] == [
        "A reading of 1,030 h on the meter = 1,030 h in total goes into the counter's ledger."
    ]
    monkeypatch.setattr(hooks, "due_consequences", [])
    hooks.register_due_consequences(lambda *, counter, hours, read_at: [f"ME-PS-500: due at {hours - 30} h"])
    effects = ActionClient(as_engineer).preview(ACTION, body).json()["preview"]["side_effects"]
    assert effects[-1] == "ME-PS-500: due at 1000 h"


def test_the_html_flow_checks_and_confirms_a_reading(client, engineer, counter):
    client.force_login(engineer)
    form = {"counter_id": str(counter.pk), "reading": "1031", "read_at": "", "notes": ""}
    preview = client.post(f"/actions/{ACTION}/", {**form, "step": "preview"})
    assert preview.status_code == 200 and preview.context["step"] == "preview"
    done = client.post(
        f"/actions/{ACTION}/",
        {
            **form,
            "step": "execute",
            "preview_hash": preview.context["preview"]["preview_hash"],
            "idempotency_key": preview.context["idempotency_key"],
        },
    )
    assert done.status_code == 200 and done.context["step"] == "result", done.context["error"]
    assert fresh(counter).meter_value == 1031
    assert "1,031 h" in done.content.decode()
