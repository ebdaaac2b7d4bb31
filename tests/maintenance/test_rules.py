"""The due arithmetic at its boundaries, with a fixed `today`: fixed vs floating, hours vs days first,
alarm and tolerance edges, lay-up shifts, postponements."""

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from maintenance import rules
from maintenance.rules import CounterState, JobPlan, completion_on_time, compute_due

TODAY = date(2026, 12, 4)


def test_floating_calendar_due_counts_from_the_last_completion():
    job = JobPlan(interval_days=30, last_done_at=date(2026, 11, 20))
    due = compute_due(job, None, TODAY)
    assert due.next_due_date == date(2026, 12, 20)
    assert due.trigger == rules.CALENDAR and due.due_state == rules.OK
    assert due.due_reason == "Due by calendar: 20 Dec, in 16 days"


def test_fixed_calendar_due_counts_from_the_previous_due_so_a_late_completion_does_not_drift():
    late_completion = date(2026, 11, 28)  # the cycle was due on 20 Nov
    fixed = JobPlan(
        interval_days=30, schedule=rules.FIXED, last_done_at=late_completion, previous_due_date=date(2026, 11, 20)
    )
    floating = JobPlan(interval_days=30, schedule=rules.FLOATING, last_done_at=late_completion)
    assert compute_due(fixed, None, TODAY).next_due_date == date(2026, 12, 20)
    assert compute_due(floating, None, TODAY).next_due_date == date(2026, 12, 28)


def test_the_alarm_window_edges():
    job = JobPlan(interval_days=30, alarm_days=14, last_done_at=TODAY - timedelta(days=16))  # due in 14 days
    assert compute_due(job, None, TODAY).due_state == rules.DUE_SOON
    job = JobPlan(interval_days=30, alarm_days=14, last_done_at=TODAY - timedelta(days=15))  # due in 15 days
    assert compute_due(job, None, TODAY).due_state == rules.OK
    job = JobPlan(interval_days=30, last_done_at=TODAY - timedelta(days=30))  # due today: not yet overdue
    assert compute_due(job, None, TODAY).due_state == rules.DUE_SOON
    job = JobPlan(interval_days=30, last_done_at=TODAY - timedelta(days=31))
    due = compute_due(job, None, TODAY)
    assert due.due_state == rules.OVERDUE and due.due_reason == "Overdue by calendar: due 3 Dec, 1 day ago"


def test_hours_first_when_the_forecast_comes_before_the_calendar():
    job = JobPlan(interval_days=180, interval_hours=5000, last_done_at=date(2026, 10, 1), last_done_hours=0)
    counter = CounterState(value=4962, daily_rate=19)
    due = compute_due(job, counter, TODAY)
    assert due.next_due_hours == 5000 and due.forecast_due_date == TODAY + timedelta(days=2)
    assert due.trigger == rules.HOURS and due.due_state == rules.DUE_SOON  # inside 10 % of 5000 h
    assert (
        due.due_reason == "Due by running hours: 4,962 of 5,000 h, forecast 6 Dec at 19 h/day (calendar: 30 Mar 2027)"
    )


def test_calendar_first_when_it_comes_before_the_hours_forecast():
    job = JobPlan(interval_days=30, interval_hours=500, last_done_at=TODAY - timedelta(days=20), last_done_hours=1000)
    due = compute_due(job, CounterState(value=1100, daily_rate=5), TODAY)
    assert due.trigger == rules.CALENDAR and due.next_due_date == TODAY + timedelta(days=10)
    assert due.forecast_due_date == TODAY + timedelta(days=80)
    assert "(running hours: 1,100 of 1,500 h)" in due.due_reason


def test_hours_reached_is_overdue_whatever_the_calendar_says():
    job = JobPlan(interval_days=365, interval_hours=500, last_done_at=TODAY - timedelta(days=10), last_done_hours=0)
    at = compute_due(job, CounterState(value=500, daily_rate=10), TODAY)
    assert at.trigger == rules.HOURS and at.due_state == rules.OVERDUE
    below = compute_due(job, CounterState(value=449, daily_rate=0), TODAY)
    assert below.due_state == rules.OK  # 51 h to go, the alarm window is 50 h
    inside = compute_due(job, CounterState(value=450, daily_rate=0), TODAY)
    assert inside.due_state == rules.DUE_SOON


def test_tolerance_edges_decide_on_time():
    job = JobPlan(interval_days=30, interval_hours=500)  # tolerance 3 days, 50 h
    due = date(2026, 12, 1)
    assert completion_on_time(
        job, due_date=due, due_hours=None, trigger=rules.CALENDAR, done_on=date(2026, 12, 4), done_hours=None
    )
    assert not completion_on_time(
        job, due_date=due, due_hours=None, trigger=rules.CALENDAR, done_on=date(2026, 12, 5), done_hours=None
    )
    assert completion_on_time(job, due_date=None, due_hours=1000, trigger=rules.HOURS, done_on=TODAY, done_hours=1050)
    assert not completion_on_time(
        job, due_date=None, due_hours=1000, trigger=rules.HOURS, done_on=TODAY, done_hours=1051
    )


def test_a_layup_moves_a_calendar_only_job_but_not_one_counted_in_hours():
    calendar_only = JobPlan(interval_days=30, last_done_at=date(2026, 11, 1), layup_days=10)
    assert compute_due(calendar_only, None, TODAY).next_due_date == date(2026, 12, 11)
    with_hours = JobPlan(
        interval_days=30, interval_hours=500, last_done_at=date(2026, 11, 1), last_done_hours=0, layup_days=10
    )
    assert compute_due(with_hours, CounterState(0, 0), TODAY).next_due_date == date(2026, 12, 1)


def test_a_postponement_moves_the_due_and_keeps_the_original():
    job = JobPlan(interval_hours=500, last_done_hours=1000, postponed_due_hours=1530)
    due = compute_due(job, CounterState(value=1510, daily_rate=10), TODAY)
    assert due.next_due_hours == 1530 and due.original_due_hours == 1500
    assert due.due_state == rules.DUE_SOON and "(postponed)" in due.due_reason


def test_the_postpone_limit_is_ten_percent_of_the_interval_by_default():
    assert rules.postpone_limit(interval=500, percent=10) == 50
    assert rules.postpone_limit(interval=7, percent=10) == 1  # never an empty window


@given(
    interval=st.integers(min_value=1, max_value=400),
    gaps=st.lists(st.integers(min_value=0, max_value=900), min_size=1, max_size=12),
)
def test_floating_never_moves_a_due_earlier_than_the_last_completion_plus_the_interval(interval, gaps):
    done = date(2020, 1, 1)
    for gap in gaps:
        done = done + timedelta(days=gap)
        job = JobPlan(interval_days=interval, schedule=rules.FLOATING, last_done_at=done)
        due = compute_due(job, None, done)
        assert due.next_due_date >= done + timedelta(days=interval)
