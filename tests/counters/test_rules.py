"""The counter rules as pure functions, each at its boundary, with a frozen clock."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from counters import rules
from counters.rules import Point
from pms.actions.base import ActionError

NOW = datetime(2026, 3, 10, 8, 0, tzinfo=UTC)
DAY = timedelta(days=1)


def refusal(**kwargs) -> tuple[str, str | None]:
    with pytest.raises(ActionError) as caught:
        rules.check_reading(now=NOW, **kwargs)
    return caught.value.code, caught.value.field


def test_an_increase_of_24_hours_a_day_plus_one_is_accepted_and_one_more_is_refused():
    before = Point(NOW - DAY, 1000, 1000)
    rules.check_reading(total=1025, read_at=NOW, before=before, after=None, now=NOW)
    assert refusal(total=1026, read_at=NOW, before=before, after=None) == ("COUNTER_RATE_EXCEEDED", "reading")


def test_the_rate_limit_is_exact_to_the_second():
    before = Point(NOW - timedelta(hours=10, minutes=30), 500)
    rules.check_reading(total=511, read_at=NOW, before=before, after=None, now=NOW)  # 11 ≤ 10.5 + 1
    assert refusal(total=512, read_at=NOW, before=before, after=None)[0] == "COUNTER_RATE_EXCEEDED"
    # At the same instant only the hour of rounding is allowed.
    same = Point(NOW, 500)
    rules.check_reading(total=501, read_at=NOW, before=same, after=None, now=NOW)
    assert refusal(total=502, read_at=NOW, before=same, after=None)[0] == "COUNTER_RATE_EXCEEDED"


def test_a_reading_below_the_one_before_it_is_a_decrease_and_an_equal_one_is_fine():
    before = Point(NOW - DAY, 1000)
    rules.check_reading(total=1000, read_at=NOW, before=before, after=None, now=NOW)
    assert refusal(total=999, read_at=NOW, before=before, after=None) == ("COUNTER_DECREASE", "reading")


def test_a_back_dated_reading_equal_to_the_next_is_accepted_and_one_above_is_a_decrease():
    before, after = Point(NOW - 2 * DAY, 1010), Point(NOW, 1030)
    rules.check_reading(total=1030, read_at=NOW - DAY, before=before, after=after, now=NOW)
    assert refusal(total=1031, read_at=NOW - DAY, before=before, after=after)[0] == "COUNTER_DECREASE"


def test_a_back_dated_reading_leaves_the_next_one_within_the_clock():
    # The next reading, a day later, may be at most 25 h above a back-dated one.
    before, after = Point(NOW - 2 * DAY, 1000), Point(NOW, 1040)
    rules.check_reading(total=1015, read_at=NOW - DAY, before=before, after=after, now=NOW)  # 15 then 25
    assert refusal(total=1014, read_at=NOW - DAY, before=before, after=after)[0] == "COUNTER_RATE_EXCEEDED"


def test_read_at_may_be_five_minutes_ahead_of_the_clock_but_not_more():
    rules.check_reading(total=10, read_at=NOW + timedelta(minutes=5), before=None, after=None, now=NOW)
    code, field = refusal(total=10, read_at=NOW + timedelta(minutes=5, seconds=1), before=None, after=None)
    assert (code, field) == ("VALIDATION_ERROR", "read_at")


def test_read_at_is_refused_before_any_meter_was_read():
    with pytest.raises(ActionError) as caught:
        rules.check_read_at(datetime(1979, 12, 31, tzinfo=UTC), now=NOW)
    assert caught.value.code == "VALIDATION_ERROR"


def test_the_offset_in_force_is_that_of_the_reading_before():
    old, new = Point(NOW - 2 * DAY, 900, 900), Point(NOW - DAY, 900, 0)  # meter replaced: offset 900
    assert rules.offset_at(before=new, after=None, current=900) == 900
    assert rules.offset_at(before=old, after=new, current=900) == 0  # back-dated before the replacement
    assert rules.offset_at(before=None, after=old, current=900) == 0
    assert rules.offset_at(before=None, after=None, current=7) == 7


def test_daily_rate_is_the_hours_of_the_last_30_days_over_their_days():
    points = [Point(NOW - 60 * DAY, 0), Point(NOW - 20 * DAY, 100), Point(NOW - 10 * DAY, 250), Point(NOW, 300)]
    # The window starts 30 days before the latest reading's day: 100 h at -20 d to 300 h now.
    assert rules.measured_daily_rate(points) == Decimal("10.0")


def test_daily_rate_needs_two_readings_on_different_days():
    assert rules.measured_daily_rate([]) is None
    assert rules.measured_daily_rate([Point(NOW, 300)]) is None
    assert rules.measured_daily_rate([Point(NOW - timedelta(hours=3), 297), Point(NOW, 300)]) is None
    # Only one reading inside the window: the default applies.
    assert rules.measured_daily_rate([Point(NOW - 40 * DAY, 0), Point(NOW, 300)]) is None


def test_daily_rate_never_exceeds_24_hours_a_day():
    points = [Point(NOW.replace(hour=0) - DAY, 0), Point(NOW.replace(hour=23), 49)]
    assert rules.measured_daily_rate(points) == Decimal(24)


def test_stale_after_seven_days_or_never_read():
    assert not rules.is_stale(NOW - timedelta(days=7), now=NOW)
    assert rules.is_stale(NOW - timedelta(days=7, seconds=1), now=NOW)
    assert rules.is_stale(None, now=NOW)


def test_a_replacement_comes_after_the_last_reading_and_does_not_go_below_it():
    latest = Point(NOW - DAY, 1200, 1200)
    rules.check_replacement(replaced_at=NOW, old_meter_final=1200, latest=latest, offset=0, now=NOW)
    for kwargs, code, field in (
        ({"replaced_at": NOW - 2 * DAY, "old_meter_final": 1200}, "VALIDATION_ERROR", "replaced_at"),
        ({"replaced_at": NOW, "old_meter_final": 1199}, "COUNTER_DECREASE", "old_meter_final"),
        ({"replaced_at": NOW, "old_meter_final": 1226}, "COUNTER_RATE_EXCEEDED", "old_meter_final"),
        ({"replaced_at": NOW + timedelta(minutes=6), "old_meter_final": 1200}, "VALIDATION_ERROR", "replaced_at"),
    ):
        with pytest.raises(ActionError) as caught:
            rules.check_replacement(latest=latest, offset=0, now=NOW, **kwargs)
        assert (caught.value.code, caught.value.field) == (code, field), kwargs
