"""A part's page sums the last 30 days' usage from the ledger rows it lists when they reach back
past the window (or are all the part has); otherwise the database is asked, as check_stock_level
always asks it. Both answers are the same."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from inventory.models import MovementReason
from inventory.selectors import LEDGER_LENGTH, part_ledger, used_in_window
from inventory.services import move_stock
from tests.factories import PartFactory

pytestmark = pytest.mark.django_db


def move(part, quantity, *, days_ago=0, reason=MovementReason.PREVENTIVE_MAINTENANCE):
    movement = move_stock(part=part, quantity=quantity, reason=reason, performed_by=None)
    if days_ago:
        movement.performed_at = timezone.now() - datetime.timedelta(days=days_ago)
        movement.save()
    return movement


def test_a_ledger_holding_every_movement_answers_without_a_query(aurora, django_assert_num_queries):
    part = PartFactory(vessel=aurora, stock=100)
    move(part, -3)
    move(part, -2, days_ago=10)
    move(part, -7, days_ago=40)  # before the window
    move(part, -5, reason=MovementReason.STOCK_COUNT)  # a count is not usage
    move(part, 4, reason=MovementReason.RECEIVED)
    ledger = list(part_ledger(part=part))

    with django_assert_num_queries(0):
        from_ledger = used_in_window(part=part, ledger=ledger)

    assert from_ledger == 5 == used_in_window(part=part)


def test_a_full_ledger_reaching_past_the_window_answers_without_a_query(aurora, django_assert_num_queries):
    part = PartFactory(vessel=aurora, stock=500)
    move(part, -9, days_ago=45)  # older than every listed row: not in the ledger, nor in the window
    for _ in range(LEDGER_LENGTH - 1):
        move(part, -1, days_ago=35)
    move(part, -2, days_ago=3)
    ledger = list(part_ledger(part=part))
    assert len(ledger) == LEDGER_LENGTH and ledger[-1].performed_at < timezone.now() - datetime.timedelta(days=30)

    with django_assert_num_queries(0):
        assert used_in_window(part=part, ledger=ledger) == 2


def test_a_full_ledger_inside_the_window_asks_the_database(aurora, django_assert_num_queries):
    part = PartFactory(vessel=aurora, stock=500)
    move(part, -6, days_ago=20)  # in the window, but older than every listed row
    for _ in range(LEDGER_LENGTH):
        move(part, -1, days_ago=2)
    ledger = list(part_ledger(part=part))

    with django_assert_num_queries(1):
        used = used_in_window(part=part, ledger=ledger)

    assert used == LEDGER_LENGTH + 6 == used_in_window(part=part)


def test_the_part_page_shows_the_usage_beyond_its_listed_rows(client, chief, aurora):
    part = PartFactory(vessel=aurora, stock=500)
    move(part, -6, days_ago=20)
    for _ in range(LEDGER_LENGTH):
        move(part, -1, days_ago=2)
    client.force_login(chief)

    response = client.get(reverse("inventory:part_detail", args=[part.pk]))

    assert response.status_code == 200
    assert response.context["usage_stats"]["used_last_30_days"] == LEDGER_LENGTH + 6
