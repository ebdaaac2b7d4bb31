"""acknowledge_handover_item over the JSON API: one item or all open items, audited."""

import pytest
from django.utils import timezone

from audit.models import AuditEntry
from handover.models import HandoverItem
from tests.actions import contract_changes
from tests.factories import HandoverItemFactory

pytestmark = pytest.mark.django_db

ACTION = "acknowledge_handover_item"


def test_acknowledging_an_item_records_who_and_when_and_audits_it(actions, crew, aurora):
    item = HandoverItemFactory(vessel=aurora)
    before = timezone.now()

    response = actions.with_token(crew).execute(ACTION, {"item_id": str(item.pk)}, key="ack-1")

    assert response.status_code == 200, response.json()
    body = response.json()
    item.refresh_from_db()
    assert item.acknowledged_by == crew
    assert before <= item.acknowledged_at <= timezone.now()
    assert body["result"]["acknowledged_count"] == 1
    assert body["result"]["items"][0]["acknowledged_by"] == crew.printed_name
    entry = AuditEntry.objects.get(pk=body["result"]["audit_log_id"])
    assert (entry.operation, entry.object_type, entry.object_id) == ("update", "handover.handoveritem", str(item.pk))
    assert (entry.actor, entry.action_name) == (crew, ACTION)
    assert entry.changes["acknowledged_by_id"] == [None, str(crew.pk)]
    assert entry.changes["acknowledged_at"][0] is None


def test_prefill_and_preview_show_what_will_be_acknowledged(actions, crew, aurora):
    item = HandoverItemFactory(vessel=aurora, summary_text="Stern thruster tripped twice.")
    api = actions.with_token(crew)

    prefill = api.prefill(ACTION, item_id=str(item.pk)).json()["prefill"]
    preview = api.preview(ACTION, {"item_id": str(item.pk)}).json()["preview"]

    assert prefill["items"][0]["summary_text"] == "Stern thruster tripped twice."
    assert contract_changes(preview) == [
        {
            "entity": "handover item “Stern thruster tripped twice.”",
            "field": "acknowledged_by",
            "from": None,
            "to": crew.printed_name,
        }
    ]
    item.refresh_from_db()
    assert item.acknowledged_at is None


def test_an_acknowledged_item_is_already_acknowledged(actions, crew, chief, aurora):
    item = HandoverItemFactory(vessel=aurora, acknowledged_by=chief, acknowledged_at=timezone.now())

    response = actions.with_token(crew).execute(ACTION, {"item_id": str(item.pk)})

    assert response.status_code == 409
    error = response.json()["error"]
    assert error["code"] == "ALREADY_ACKNOWLEDGED"
    assert chief.printed_name in error["message"]
    item.refresh_from_db()
    assert item.acknowledged_by == chief


@pytest.mark.parametrize("item_id", ["00000000-0000-0000-0000-000000000000", "nope"])
def test_an_unknown_item_is_handover_item_not_found(actions, crew, item_id):
    response = actions.with_token(crew).execute(ACTION, {"item_id": item_id})

    assert response.status_code == 404
    assert response.json()["error"]["code"] == "HANDOVER_ITEM_NOT_FOUND"


def test_another_vessels_item_is_handover_item_not_found(actions, crew, borealis):
    item = HandoverItemFactory(vessel=borealis)

    response = actions.with_token(crew).execute(ACTION, {"item_id": str(item.pk)})

    assert response.status_code == 404
    assert response.json()["error"]["code"] == "HANDOVER_ITEM_NOT_FOUND"
    item.refresh_from_db()
    assert item.acknowledged_at is None


def test_acknowledging_all_takes_every_open_item_of_the_current_vessel(actions, crew, chief, aurora, borealis):
    open_items = HandoverItemFactory.create_batch(3, vessel=aurora)
    done = HandoverItemFactory(vessel=aurora, acknowledged_by=chief, acknowledged_at=timezone.now())
    foreign = HandoverItemFactory(vessel=borealis)

    response = actions.with_token(crew).execute(ACTION, {"all": True})

    assert response.status_code == 200, response.json()
    assert response.json()["result"]["acknowledged_count"] == 3
    assert response.json()["message"] == "3 handover items acknowledged."
    for item in open_items:
        item.refresh_from_db()
        assert item.acknowledged_by == crew
    done.refresh_from_db()
    foreign.refresh_from_db()
    assert done.acknowledged_by == chief
    assert foreign.acknowledged_at is None
    updates = AuditEntry.objects.filter(operation="update", object_type="handover.handoveritem", actor=crew)
    assert sorted(updates.values_list("object_id", flat=True)) == sorted(str(i.pk) for i in open_items)


def test_acknowledging_all_refuses_items_added_after_the_preview(actions, crew, aurora):
    HandoverItemFactory.create_batch(2, vessel=aurora)
    api = actions.with_token(crew)
    preview_hash = api.preview(ACTION, {"all": True}).json()["preview"]["preview_hash"]
    HandoverItemFactory(vessel=aurora, summary_text="Arrived after the preview.")

    response = api.execute(ACTION, {"all": True}, preview_hash=preview_hash)

    assert response.status_code == 409
    assert response.json()["error"]["code"] == "STALE_PREVIEW"
    assert not HandoverItem.objects.filter(acknowledged_at__isnull=False).exists()


def test_acknowledging_all_with_nothing_open_is_already_acknowledged(actions, crew):
    response = actions.with_token(crew).execute(ACTION, {"all": True})

    assert response.status_code == 409
    assert response.json()["error"]["code"] == "ALREADY_ACKNOWLEDGED"


@pytest.mark.parametrize("payload", [{}, {"all": False}, {"item_id": "x", "all": True}])
def test_either_an_item_or_all_is_required(actions, crew, payload):
    response = actions.with_token(crew).execute(ACTION, payload)

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "VALIDATION_ERROR"
