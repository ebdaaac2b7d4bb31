import datetime

import pytest
from django.utils import timezone

from audit.models import AuditEntry
from inventory.models import MovementReason, StockMovement, StockStatus
from inventory.rules import stock_status
from inventory.services import move_stock
from pms.models import IdempotencyRecord
from pms.roles import Role
from tests.actions import NoWrites
from tests.factories import (
    PartFactory,
    UserFactory,
    WorkOrderFactory,
    WorkOrderPartFactory,
    member,
)

BOUNDARIES = [
    # on hand, minimum, maximum, status
    (0, 2, None, StockStatus.OUT_OF_STOCK),
    (0, 0, None, StockStatus.OUT_OF_STOCK),
    (1, 2, None, StockStatus.LOW_STOCK),
    (2, 2, None, StockStatus.LOW_STOCK),
    (3, 2, None, StockStatus.IN_STOCK),
    (1, 0, None, StockStatus.IN_STOCK),
    (5, 2, 5, StockStatus.IN_STOCK),
    (6, 2, 5, StockStatus.OVERSTOCKED),
    (2, 2, 2, StockStatus.LOW_STOCK),
    (1000, 2, None, StockStatus.IN_STOCK),
]


@pytest.mark.parametrize(("on_hand", "minimum", "maximum", "expected"), BOUNDARIES)
def test_stock_status_at_the_boundaries(on_hand, minimum, maximum, expected):
    assert stock_status(on_hand=on_hand, minimum=minimum, maximum=maximum) == expected


@pytest.mark.parametrize(("on_hand", "minimum", "maximum", "expected"), BOUNDARIES)
def test_check_stock_level_reports_the_status_at_the_boundaries(api, aurora, on_hand, minimum, maximum, expected):
    part = PartFactory(vessel=aurora, minimum_quantity=minimum, maximum_quantity=maximum, stock=on_hand)

    response = api.execute("check_stock_level", {"part_id": str(part.pk)})

    assert response.status_code == 200
    stock = response.json()["result"]["stock"]
    assert stock["stock_status"] == expected
    assert stock["quantity_on_hand"] == on_hand


def use(part, quantity, *, days_ago=0, reason=MovementReason.PREVENTIVE_MAINTENANCE):
    movement = move_stock(part=part, quantity=-quantity, reason=reason, performed_by=None)
    if days_ago:
        movement.performed_at = timezone.now() - datetime.timedelta(days=days_ago)
        movement.save()
    return movement


def test_result_carries_part_stock_usage_reservations_and_pending_orders(api, engineer, aurora):
    part = PartFactory(
        vessel=aurora,
        part_number="IMP-7",
        name="Impeller",
        unit="pcs",
        location="Store 2, bin 4",
        minimum_quantity=2,
        maximum_quantity=40,
        stock=16,
    )
    use(part, 6)
    counted = api.run("record_stock_count", {"part_id": str(part.pk), "counted_quantity": 10})
    assert counted.status_code == 200

    result = api.execute("check_stock_level", {"part_id": str(part.pk)}).json()["result"]

    assert result["part"]["id"] == str(part.pk)
    assert result["part"]["part_number"] == "IMP-7"
    assert result["stock"] == {
        "quantity_on_hand": 10,
        "minimum_quantity": 2,
        "maximum_quantity": 40,
        "unit": "pcs",
        "stock_status": "IN_STOCK",
        "location": "Store 2, bin 4",
        "last_counted_at": result["stock"]["last_counted_at"],
        "last_counted_by": engineer.printed_name,
    }
    assert result["stock"]["last_counted_at"].startswith(str(timezone.now().date()))
    # 10 on hand, 6 used in 30 days: 0.2 a day, floor(10 / 0.2) = 50 days.
    assert result["usage_stats"] == {"used_last_30_days": 6, "average_daily_usage": 0.2, "estimated_runout_days": 50}
    assert result["reserved_on_open_work_orders"] == 0
    assert result["pending_orders"] == []


@pytest.mark.parametrize(
    ("on_hand", "used", "runout"),
    [
        (10, 7, 42),  # 10 / (7 / 30) = 42.86 → 42
        (1, 30, 1),  # exactly one day left
        (1, 31, 0),  # less than a day
        (30, 1, 900),
        (9, 3, 90),  # exact division stays exact
    ],
)
def test_runout_days_is_the_floor_of_on_hand_over_daily_usage(api, aurora, on_hand, used, runout):
    part = PartFactory(vessel=aurora, stock=on_hand + used)
    use(part, used)

    usage = api.execute("check_stock_level", {"part_id": str(part.pk)}).json()["result"]["usage_stats"]

    assert usage["used_last_30_days"] == used
    assert usage["average_daily_usage"] == round(used / 30, 2)
    assert usage["estimated_runout_days"] == runout


def test_runout_is_null_without_usage(api, part):
    usage = api.execute("check_stock_level", {"part_id": str(part.pk)}).json()["result"]["usage_stats"]

    assert usage == {"used_last_30_days": 0, "average_daily_usage": 0.0, "estimated_runout_days": None}


def test_runout_is_null_when_nothing_is_on_hand(api, aurora):
    part = PartFactory(vessel=aurora, stock=4)
    use(part, 4)

    usage = api.execute("check_stock_level", {"part_id": str(part.pk)}).json()["result"]["usage_stats"]

    assert usage["used_last_30_days"] == 4
    assert usage["estimated_runout_days"] is None


def test_usage_counts_only_usage_reasons_within_30_days(api, aurora):
    part = PartFactory(vessel=aurora, stock=100)
    for reason in (
        MovementReason.WORK_ORDER,
        MovementReason.PREVENTIVE_MAINTENANCE,
        MovementReason.EMERGENCY_REPAIR,
        MovementReason.TESTING,
        MovementReason.OTHER,
    ):
        use(part, 1, reason=reason)
    use(part, 10, days_ago=29)
    use(part, 20, days_ago=31)  # outside the window
    move_stock(part=part, quantity=-5, reason=MovementReason.STOCK_COUNT, performed_by=None)  # not usage
    move_stock(part=part, quantity=7, reason=MovementReason.RECEIVED, performed_by=None)  # not usage

    usage = api.execute("check_stock_level", {"part_id": str(part.pk)}).json()["result"]["usage_stats"]

    assert usage["used_last_30_days"] == 15
    assert usage["average_daily_usage"] == 0.5
    assert usage["estimated_runout_days"] == (100 - 15 - 20 - 5 + 7) * 30 // 15


def test_reserved_sums_parts_lists_of_open_work_orders_only(api, aurora):
    part = PartFactory(vessel=aurora, stock=5)
    other_part = PartFactory(vessel=aurora, stock=5)
    for status, quantity in [("candidate", 1), ("open", 2), ("in_progress", 4), ("pending_parts", 8)]:
        WorkOrderPartFactory(work_order=WorkOrderFactory(vessel=aurora, status=status), part=part, quantity=quantity)
    for status in ("completed", "closed", "cancelled"):
        WorkOrderPartFactory(work_order=WorkOrderFactory(vessel=aurora, status=status), part=part, quantity=100)
    WorkOrderPartFactory(work_order=WorkOrderFactory(vessel=aurora, status="open"), part=other_part, quantity=50)

    result = api.execute("check_stock_level", {"part_id": str(part.pk)}).json()["result"]

    assert result["reserved_on_open_work_orders"] == 15


def test_any_member_may_check_stock(actions, crew, part):
    response = actions.with_token(crew).execute("check_stock_level", {"part_id": str(part.pk)})

    assert response.status_code == 200
    assert response.json()["result"]["stock"]["quantity_on_hand"] == 10


@pytest.mark.parametrize("part_id", ["not-a-uuid", "00000000-0000-0000-0000-000000000000", ""])
def test_unknown_part_is_not_found(api, part_id):
    response = api.execute("check_stock_level", {"part_id": part_id})

    assert response.status_code in (400, 404)
    expected = "VALIDATION_ERROR" if part_id == "" else "PART_NOT_FOUND"
    assert response.json()["error"]["code"] == expected


def test_another_vessels_part_does_not_exist(api, borealis):
    theirs = PartFactory(vessel=borealis, stock=3)

    response = api.execute("check_stock_level", {"part_id": str(theirs.pk)})

    assert response.status_code == 404
    assert response.json()["error"] == {
        "code": "PART_NOT_FOUND",
        "message": "Part not found.",
        "field": "part_id",
        "details": {},
    }


def test_check_stock_level_has_no_preview(api, part):
    response = api.preview("check_stock_level", {"part_id": str(part.pk)})

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "VALIDATION_ERROR"


def test_check_stock_level_writes_nothing(actions, engineer, aurora):
    part = PartFactory(vessel=aurora, stock=12)
    use(part, 2)
    WorkOrderPartFactory(work_order=WorkOrderFactory(vessel=aurora), part=part, quantity=3)
    as_engineer = actions.as_user(engineer)
    as_engineer.client.get("/")  # settle the session before measuring
    audit_before, ledger_before = AuditEntry.objects.count(), StockMovement.objects.count()

    with NoWrites():
        response = as_engineer.execute("check_stock_level", {"part_id": str(part.pk)}, key="read-1")

    assert response.status_code == 200
    assert AuditEntry.objects.count() == audit_before
    assert StockMovement.objects.count() == ledger_before
    assert not IdempotencyRecord.objects.exists()


def test_html_flow_shows_the_stock_level(actions, aurora):
    user = member(aurora, Role.CREW)
    part = PartFactory(vessel=aurora, part_number="BLT-9", minimum_quantity=4, stock=4)
    browser = actions.as_user(user)

    form = browser.html_get("check_stock_level")
    assert form.status_code == 200 and form.context["step"] == "form"
    assert f'value="{part.pk}"' in form.content.decode()

    one_tap = browser.html_get("check_stock_level", part_id=str(part.pk))
    submitted = browser.html_post("check_stock_level", {"part_id": str(part.pk)}, step="execute")

    for response in (one_tap, submitted):
        assert response.status_code == 200 and response.context["step"] == "result"
        page = response.content.decode()
        assert "BLT-9" in page
        assert "Low stock" in page
        assert "badge-low_stock" in page
        assert "Nothing on order" in page


def test_html_flow_of_another_vessels_part_is_not_found(actions, engineer, borealis):
    theirs = PartFactory(vessel=borealis, stock=3, part_number="SECRET-1")

    response = actions.as_user(engineer).html_post("check_stock_level", {"part_id": str(theirs.pk)}, step="execute")

    assert response.status_code == 404
    assert "PART_NOT_FOUND" in response.content.decode()
    assert "SECRET-1" not in response.content.decode()


def test_a_user_without_membership_cannot_check(actions, part):
    outsider = UserFactory()
    response = actions.with_token(outsider).execute("check_stock_level", {"part_id": str(part.pk)})

    assert response.status_code == 404
