"""replace_counter: a signed head-of-department step that keeps the total continuous through an offset."""

import uuid
from datetime import timedelta

import pytest

from audit.models import AuditEntry, Signature
from counters.models import CounterReading, ReadingKind
from tests.actions import ActionClient, error_code
from tests.counters.conftest import fresh, minutes_ago
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

ACTION = "replace_counter"


def replacement(counter, replaced_at, old_meter_final, new_meter_start=0, **extra):
    return {
        "counter_id": str(counter.pk),
        "replaced_at": replaced_at.isoformat(),
        "old_meter_final": old_meter_final,
        "new_meter_start": new_meter_start,
        **extra,
    }


def sign(client, body, secret=PASSWORD):
    return ActionClient(client).execute(ACTION, body, key=uuid.uuid4().hex, secret=secret)


def rows():
    return CounterReading.objects.count(), Signature.objects.count()


@pytest.fixture
def replaced_at(now):
    return minutes_ago(now, 30)


def test_the_chief_signs_a_replacement_and_the_total_carries_on(client, chief, counter, replaced_at):
    client.force_login(chief)
    preview = ActionClient(client).preview(ACTION, replacement(counter, replaced_at, 1040, 0)).json()["preview"]
    changes = {c["field"]: (c["from"], c["to"]) for c in preview["changes"]}
    assert changes["offset"] == (0, 1040) and changes["meter_value"] == (1020, 0) and changes["value"] == (1020, 1040)
    assert preview["requires_signature"] is True
    assert preview["signature_meaning"] == "I confirm the meter was replaced with these readings"

    response = sign(client, replacement(counter, replaced_at, 1040, 0, notes="Display failed"))

    assert response.status_code == 200, response.json()
    counter = fresh(counter)
    assert (counter.offset, counter.meter_value, counter.value, counter.last_read_at) == (1040, 0, 1040, replaced_at)
    assert counter.meter_replaced_at == replaced_at
    final, start = counter.readings.filter(read_at=replaced_at).order_by("created_at")
    assert (final.kind, final.meter_reading, final.reading) == (ReadingKind.METER_FINAL, 1040, 1040)
    assert (start.kind, start.meter_reading, start.reading) == (ReadingKind.METER_START, 0, 1040)
    signature = Signature.objects.get(action_name=ACTION)
    assert (signature.signer, signature.object_type, signature.object_id) == (
        chief,
        "counters.counter",
        str(counter.pk),
    )
    assert signature.preview_hash == preview["preview_hash"]
    assert response.json()["result"]["signature"]["meaning"] == preview["signature_meaning"]
    entry = AuditEntry.objects.get(object_type="counters.counter", object_id=str(counter.pk), action_name=ACTION)
    assert entry.signature == signature and entry.changes["offset"] == [0, 1040]


def test_a_reading_after_the_replacement_is_entered_as_the_new_meter_shows(client, chief, counter, replaced_at):
    client.force_login(chief)
    assert sign(client, replacement(counter, replaced_at, 1030, 5)).status_code == 200
    response = ActionClient(client).execute(
        "record_counter_reading", {"counter_id": str(counter.pk), "reading": 6}, key="after"
    )
    assert response.status_code == 200, response.json()
    reading = CounterReading.objects.get(pk=response.json()["result"]["reading"]["id"])
    assert (reading.meter_reading, reading.reading) == (6, 1031)  # meter 6 + offset 1,025
    counter = fresh(counter)
    assert (counter.meter_value, counter.value, counter.offset) == (6, 1031, 1025)
    # The rules apply to the total: the new meter's 4 h would be 1,029 h, below 1,031 h.
    refused = ActionClient(client).execute(
        "record_counter_reading", {"counter_id": str(counter.pk), "reading": 4}, key="below"
    )
    assert (refused.status_code, error_code(refused)) == (409, "COUNTER_DECREASE")


def test_a_reading_back_dated_before_the_replacement_is_read_off_the_old_meter(client, chief, counter, replaced_at):
    client.force_login(chief)
    assert sign(client, replacement(counter, replaced_at, 1040, 0)).status_code == 200
    back = replaced_at - timedelta(hours=2)
    body = {"counter_id": str(counter.pk), "reading": 1038, "read_at": back.isoformat()}
    response = ActionClient(client).execute("record_counter_reading", body, key="back")
    assert response.status_code == 200, response.json()
    reading = CounterReading.objects.get(pk=response.json()["result"]["reading"]["id"])
    assert (reading.meter_reading, reading.reading) == (1038, 1038)
    assert fresh(counter).value == 1040


def test_an_engineer_may_not_replace_a_meter(client, engineer, counter, replaced_at):
    client.force_login(engineer)
    before = rows()
    response = sign(client, replacement(counter, replaced_at, 1040), secret=PASSWORD)
    assert (response.status_code, error_code(response)) == (403, "FORBIDDEN")
    assert rows() == before and fresh(counter).offset == 0


def test_a_replacement_must_be_signed_with_the_right_secret(client, chief, counter, replaced_at):
    client.force_login(chief)
    before = rows()
    unsigned = ActionClient(client).execute(ACTION, replacement(counter, replaced_at, 1040), key="unsigned")
    assert (unsigned.status_code, error_code(unsigned)) == (400, "SIGNATURE_REQUIRED")
    wrong = sign(client, replacement(counter, replaced_at, 1040), secret="not-my-password")
    assert (wrong.status_code, error_code(wrong)) == (403, "INVALID_SIGNATURE")
    assert rows() == before and fresh(counter).offset == 0


def test_an_old_meter_final_below_its_last_reading_is_refused(client, chief, counter, replaced_at):
    client.force_login(chief)
    before = rows()
    response = sign(client, replacement(counter, replaced_at, 1019))
    assert (response.status_code, error_code(response)) == (409, "COUNTER_DECREASE")
    assert response.json()["error"]["field"] == "old_meter_final"
    assert rows() == before
    assert sign(client, replacement(counter, replaced_at, 1020)).status_code == 200  # equal is fine


def test_a_replacement_before_the_last_reading_is_refused(client, chief, counter):
    client.force_login(chief)
    response = sign(client, replacement(counter, counter.last_read_at - timedelta(minutes=1), 1020))
    assert (response.status_code, error_code(response)) == (400, "VALIDATION_ERROR")
    assert response.json()["error"]["field"] == "replaced_at"


def test_the_counter_page_shows_the_meter_the_total_and_the_signature(client, chief, counter, replaced_at):
    client.force_login(chief)
    assert sign(client, replacement(counter, replaced_at, 1040, 0)).status_code == 200
    page = client.get(f"/counters/{counter.pk}/").content.decode()
    assert "<strong>0 h</strong> on the meter · 1,040 h in total" in page
    assert "I confirm the meter was replaced with these readings" in page
    assert "New meter fitted" in page and "Old meter&#x27;s final reading" in page


def test_the_html_flow_prefills_the_time_and_asks_for_a_signature(client, chief, counter):
    client.force_login(chief)
    form_page = client.get(f"/actions/{ACTION}/", {"counter_id": str(counter.pk)})
    page = form_page.content.decode()
    assert form_page.status_code == 200 and 'type="datetime-local"' in page
    replaced_at = form_page.context["form"].initial["replaced_at"]
    assert len(replaced_at) == 16  # YYYY-MM-DDTHH:MM, as the tablet's picker takes it
    data = {
        "counter_id": str(counter.pk),
        "replaced_at": replaced_at,
        "old_meter_final": "1021",
        "new_meter_start": "0",
    }
    preview = client.post(f"/actions/{ACTION}/", {**data, "notes": "", "step": "preview"})
    assert preview.context["step"] == "preview", preview.context["error"]
    assert "signature-box" in preview.content.decode()
    done = client.post(
        f"/actions/{ACTION}/",
        {
            **data,
            "notes": "",
            "step": "execute",
            "preview_hash": preview.context["preview"]["preview_hash"],
            "idempotency_key": preview.context["idempotency_key"],
            "signature_secret": PASSWORD,
        },
    )
    assert done.context["step"] == "result", done.context["error"]
    assert (fresh(counter).offset, fresh(counter).meter_value) == (1021, 0)
