import pytest
from django.utils import timezone

from inventory.models import MovementReason
from tests.actions import contract_changes
from tests.inventory.ledger import fresh, ledger_sum


def count(part, counted, **extra):
    return {"part_id": str(part.pk), "counted_quantity": counted, **extra}


def test_count_sets_on_hand_and_writes_the_adjustment(api, engineer, part):
    before = timezone.now()
    preview = api.preview("record_stock_count", count(part, 7)).json()["preview"]
    assert contract_changes(preview)[0] == {"entity": "part FLT-001", "field": "quantity_on_hand", "from": 10, "to": 7}
    assert preview["changes"][1]["field"] == "last_counted_by"
    assert [w["code"] for w in preview["warnings"]] == ["COUNT_DIFFERS"]

    response = api.execute(
        "record_stock_count", count(part, 7, notes="Two found damaged"), preview_hash=None, key="count-1"
    )

    assert response.status_code == 200
    result = response.json()["result"]
    assert result["adjustment"] == -3
    part = fresh(part)
    assert part.quantity_on_hand == 7
    assert part.last_counted_by == engineer
    assert part.last_counted_at >= before
    row = part.movements.get(reason=MovementReason.STOCK_COUNT)
    assert (row.quantity, row.quantity_after, row.performed_by) == (-3, 7, engineer)
    assert row.notes == "Two found damaged"
    assert result["ledger_entry_id"] == str(row.pk)
    assert ledger_sum(part) == 7


def test_count_matching_the_system_records_who_counted(api, engineer, part):
    preview = api.preview("record_stock_count", count(part, 10)).json()["preview"]
    assert preview["warnings"] == []

    response = api.execute("record_stock_count", count(part, 10), preview_hash=preview["preview_hash"])

    assert response.status_code == 200
    part = fresh(part)
    assert part.quantity_on_hand == 10
    assert part.last_counted_by == engineer
    assert part.movements.get(reason=MovementReason.STOCK_COUNT).quantity == 0


def test_count_of_zero_empties_the_part(api, part):
    response = api.run("record_stock_count", count(part, 0))

    assert response.status_code == 200
    assert fresh(part).quantity_on_hand == 0
    assert fresh(part).stock_status == "OUT_OF_STOCK"


@pytest.mark.parametrize("counted", [-1, "ten", 2.5])
def test_negative_or_broken_counts_are_invalid(api, part, counted):
    response = api.execute("record_stock_count", count(part, counted))

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "INVALID_QUANTITY"
    assert fresh(part).quantity_on_hand == 10


def test_stale_preview_is_refused(api, part):
    preview_hash = api.preview("record_stock_count", count(part, 8)).json()["preview"]["preview_hash"]
    usage = {"part_id": str(part.pk), "quantity": 1, "usage_reason": "testing"}
    assert api.execute("log_part_usage", usage).status_code == 200

    response = api.execute("record_stock_count", count(part, 8), preview_hash=preview_hash, key="count-stale")

    assert response.status_code == 409
    assert response.json()["error"]["code"] == "STALE_PREVIEW"
    part = fresh(part)
    assert part.quantity_on_hand == 9
    assert part.last_counted_at is None
    assert not part.movements.filter(reason=MovementReason.STOCK_COUNT).exists()


def test_idempotent_replay_writes_one_ledger_row(api, part):
    preview_hash = api.preview("record_stock_count", count(part, 4)).json()["preview"]["preview_hash"]

    first = api.execute("record_stock_count", count(part, 4), preview_hash=preview_hash, key="count-2")
    again = api.execute("record_stock_count", count(part, 4), preview_hash=preview_hash, key="count-2")

    assert first.status_code == again.status_code == 200
    assert again.json() == first.json()
    assert part.movements.filter(reason=MovementReason.STOCK_COUNT).count() == 1
    assert fresh(part).quantity_on_hand == 4


def test_crew_may_not_count(actions, crew, part):
    response = actions.with_token(crew).execute("record_stock_count", count(part, 3))

    assert response.status_code == 403
    assert response.json()["error"]["code"] == "FORBIDDEN"


def test_html_flow(actions, chief, part):
    browser = actions.as_user(chief)

    form = browser.html_get("record_stock_count", part_id=str(part.pk))
    assert form.status_code == 200
    assert "Never counted." in form.content.decode()

    payload = {"part_id": str(part.pk), "counted_quantity": "12", "notes": ""}
    preview = browser.html_preview("record_stock_count", payload)
    assert preview.status_code == 200
    assert "<td>10</td><td><strong>12</strong></td>" in preview.content.decode()

    done = browser.html_execute("record_stock_count", preview)
    assert done.status_code == 200
    assert "Count recorded: 12 pcs of FLT-001." in done.content.decode()
    assert fresh(part).last_counted_by == chief

    again = browser.html_execute("record_stock_count", preview)
    assert again.status_code == 200
    assert part.movements.filter(reason=MovementReason.STOCK_COUNT).count() == 1


def test_html_form_without_a_part_offers_the_vessels_parts(browser, part):
    response = browser.html_get("record_stock_count")

    assert response.status_code == 200
    assert f'<option value="{part.pk}">FLT-001 Fuel filter</option>' in response.content.decode()
