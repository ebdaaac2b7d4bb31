"""When a maintenance job is due, and why: pure functions over a job, its counter and its history.

Everything here takes plain values and a `today`, so the due list, the generator, the read
API, the tests (with any clock) and, later, the shore side of ship–shore sync compute the
same answer. Rules (DESIGN §9):

- calendar due = last done (floating) or the previous due (fixed) + interval_days,
  moved by the days of lay-up that fell in the cycle for a calendar-only job;
- hours due = last done hours (floating) or the previous due hours (fixed) + interval_hours;
  forecast date = today + (due hours − counter value) ÷ daily rate;
- a postponement replaces the current cycle's due (the original stays on record);
- whichever trigger comes first is the one that fires; `overdue` past it, `due_soon` inside
  its alarm window (alarm_days, alarm_hours: 10 % of the interval by default);
- a completion is on time within due + tolerance (10 % of the interval by default) by the
  trigger that fired.
"""

import math
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

FIXED, FLOATING = "fixed", "floating"
OVERDUE, DUE_SOON, OK = "overdue", "due_soon", "ok"
STATE_RANK = {OK: 0, DUE_SOON: 1, OVERDUE: 2}
CALENDAR, HOURS = "calendar", "hours"
DEFAULT_ALARM_DAYS = 14
DEFAULT_PERCENT = 10


def percent_of(interval: int | None, percent: int = DEFAULT_PERCENT) -> int | None:
    """`percent` of an interval, at least 1 (so a window is never empty)."""
    return None if not interval else max(1, interval * percent // 100)


@dataclass(frozen=True)
class JobPlan:
    """What the computation needs to know of a job and its current cycle."""

    interval_days: int | None = None
    interval_hours: int | None = None
    schedule: str = FLOATING
    alarm_days: int | None = DEFAULT_ALARM_DAYS
    alarm_hours: int | None = None  # default 10 % of interval_hours
    tolerance_days: int | None = None  # default 10 % of interval_days
    tolerance_hours: int | None = None  # default 10 % of interval_hours
    last_done_at: date | None = None
    last_done_hours: int | None = None
    previous_due_date: date | None = None  # fixed: the due the last cycle was planned for
    previous_due_hours: int | None = None
    postponed_due_date: date | None = None  # this cycle moved by a postponement
    postponed_due_hours: int | None = None
    layup_days: int = 0  # lay-up days inside this cycle (calendar-only jobs move by them)

    @property
    def counts_hours(self) -> bool:
        return bool(self.interval_hours)

    @property
    def calendar_only(self) -> bool:
        return bool(self.interval_days) and not self.interval_hours

    @property
    def alarm_hours_or_default(self) -> int | None:
        return self.alarm_hours if self.alarm_hours is not None else percent_of(self.interval_hours)

    @property
    def tolerance_days_or_default(self) -> int:
        return self.tolerance_days if self.tolerance_days is not None else (percent_of(self.interval_days) or 0)

    @property
    def tolerance_hours_or_default(self) -> int:
        return self.tolerance_hours if self.tolerance_hours is not None else (percent_of(self.interval_hours) or 0)


@dataclass(frozen=True)
class CounterState:
    value: int
    daily_rate: float
    stale: bool = False


@dataclass(frozen=True)
class Due:
    next_due_date: date | None  # by the calendar
    next_due_hours: int | None  # by running hours
    forecast_due_date: date | None  # when the hours are forecast to reach next_due_hours
    due_date: date | None  # the date of whichever trigger comes first (the one to plan by)
    trigger: str  # CALENDAR or HOURS: the one that fires first
    due_state: str
    due_reason: str
    original_due_date: date | None = None  # before a postponement
    original_due_hours: int | None = None
    hours_state: str = OK  # the state by running hours alone (it moves only with a reading)


def interval_refusal(*, interval_days: int | None, interval_hours: int | None, has_counter: bool) -> str | None:
    """Why a job's intervals cannot stand (DESIGN §9), or None: at least one interval, and running
    hours only on equipment that has a counter, its own or an ancestor's."""
    if not interval_days and not interval_hours:
        return "a job needs interval_days, interval_hours or both"
    if interval_hours and not has_counter:
        return "an interval in hours needs a counter on the equipment or one it belongs to"
    return None


def scheduled_due_date(job: JobPlan) -> date | None:
    """The calendar due of the current cycle as planned (before any postponement)."""
    if not job.interval_days:
        return None
    start = job.previous_due_date if job.schedule == FIXED and job.previous_due_date else job.last_done_at
    if start is None:
        return None
    shift = job.layup_days if job.calendar_only else 0
    return start + timedelta(days=job.interval_days + shift)


def scheduled_due_hours(job: JobPlan) -> int | None:
    if not job.interval_hours:
        return None
    start = job.previous_due_hours if job.schedule == FIXED and job.previous_due_hours is not None else None
    start = start if start is not None else job.last_done_hours
    return None if start is None else start + job.interval_hours


def forecast_date(*, due_hours: int, counter: CounterState, today: date) -> date | None:
    """The day the counter reaches `due_hours` at its daily rate (today when it already has)."""
    remaining = due_hours - counter.value
    if remaining <= 0:
        return today
    if counter.daily_rate <= 0:
        return None
    return today + timedelta(days=math.ceil(remaining / counter.daily_rate))


def _day(d: date, today: date) -> str:
    return f"{d.day} {d:%b}" if d.year == today.year else f"{d.day} {d:%b %Y}"


def _hours(n: int) -> str:
    return f"{n:,} h"


def compute_due(job: JobPlan, counter: CounterState | None, today: date) -> Due:
    """The current cycle's due by each trigger, the one that comes first, its state and the reason."""
    original_date, original_hours = scheduled_due_date(job), scheduled_due_hours(job)
    due_date_cal = job.postponed_due_date or original_date
    due_hours = job.postponed_due_hours or original_hours
    forecast = None
    if due_hours is not None and counter is not None:
        forecast = forecast_date(due_hours=due_hours, counter=counter, today=today)

    hours_state = cal_state = OK
    if due_hours is not None and counter is not None:
        if counter.value >= due_hours:
            hours_state = OVERDUE
        elif counter.value >= due_hours - (job.alarm_hours_or_default or 0):
            hours_state = DUE_SOON
    if due_date_cal is not None:
        if today > due_date_cal:
            cal_state = OVERDUE
        elif today >= due_date_cal - timedelta(days=job.alarm_days or 0):
            cal_state = DUE_SOON
    state = max(hours_state, cal_state, key=STATE_RANK.get)

    # Whichever comes first: the hours (reached, in their alarm window before the calendar's, or
    # forecast sooner) beat the calendar.
    by_hours_first = due_hours is not None and (
        due_date_cal is None
        or STATE_RANK[hours_state] > STATE_RANK[cal_state]
        or (counter is not None and counter.value >= due_hours)
        or (forecast is not None and forecast < due_date_cal)
    )
    trigger = HOURS if by_hours_first else CALENDAR
    plan_date = forecast if trigger == HOURS else due_date_cal
    if trigger == HOURS and plan_date is None and hours_state != OK:
        plan_date = today  # in the window with no rate to forecast from: plan it now

    reason = due_reason(
        trigger=trigger,
        state=state,
        due_date=due_date_cal,
        due_hours=due_hours,
        forecast=forecast,
        counter=counter,
        today=today,
        postponed=bool(job.postponed_due_date or job.postponed_due_hours),
    )
    return Due(
        next_due_date=due_date_cal,
        next_due_hours=due_hours,
        forecast_due_date=forecast,
        due_date=plan_date,
        trigger=trigger,
        due_state=state,
        due_reason=reason,
        original_due_date=original_date,
        original_due_hours=original_hours,
        hours_state=hours_state,
    )


# --- What a job keeps of its due, so lists can select and order by it in SQL ----------------
#
# The state by calendar moves with the day; by running hours it moves only with a reading or a
# new baseline. So a job stores what does not move with the day — its calendar due and the day
# its alarm window opens, its state by hours, and the earlier of its triggers' dates — and a
# query derives the state for any day (`maintenance.selectors.state_filters`):
#   overdue  = hours_state is overdue, or calendar_due < today
#   due soon = not overdue, and hours_state is due soon or calendar_alarm_from <= today
# which is exactly `compute_due(...).due_state` (a property test checks it).

STORED_DUE_FIELDS = ("calendar_due", "calendar_alarm_from", "hours_state", "first_due")


def stored_due(job: JobPlan, due: Due) -> dict:
    """The stored columns of a job whose current due is `due` (`STORED_DUE_FIELDS`)."""
    calendar_due = due.next_due_date
    dates = [d for d in (calendar_due, due.forecast_due_date) if d is not None]
    return {
        "calendar_due": calendar_due,
        "calendar_alarm_from": calendar_due - timedelta(days=job.alarm_days or 0) if calendar_due else None,
        "hours_state": due.hours_state,
        "first_due": min(dates) if dates else None,
    }


def stored_state(stored: dict, today: date) -> str:
    """The due state the stored columns give for `today` (what the SQL filters compute)."""
    if stored["hours_state"] == OVERDUE or (stored["calendar_due"] is not None and stored["calendar_due"] < today):
        return OVERDUE
    alarm = stored["calendar_alarm_from"]
    if stored["hours_state"] == DUE_SOON or (alarm is not None and alarm <= today):
        return DUE_SOON
    return OK


def due_reason(*, trigger, state, due_date, due_hours, forecast, counter, today, postponed=False) -> str:
    """The due in words, with the numbers, naming the trigger that fires first."""
    moved = " (postponed)" if postponed else ""
    if trigger == HOURS:
        if counter is None:
            return f"Due at {_hours(due_hours)}{moved}: no counter reading yet."
        head = "Overdue by running hours" if counter.value >= due_hours else "Due by running hours"
        text = f"{head}: {counter.value:,} of {_hours(due_hours)}{moved}"
        if counter.value < due_hours:
            text += (
                f", forecast {_day(forecast, today)} at {counter.daily_rate:g} h/day"
                if forecast
                else ", no running hours lately"
            )
        if due_date is not None:
            text += f" (calendar: {_day(due_date, today)})"
        if counter.stale:
            text += "; the counter has not been read for 7 days or more"
        return text
    if due_date is None:
        return "Not scheduled: no baseline to count from."
    days = (due_date - today).days
    if days < 0:
        text = f"Overdue by calendar: due {_day(due_date, today)}{moved}, {-days} day{'s' if days != -1 else ''} ago"
    elif days == 0:
        text = f"Due by calendar today{moved}"
    else:
        text = f"Due by calendar: {_day(due_date, today)}{moved}, in {days} day{'s' if days != 1 else ''}"
    if due_hours is not None and counter is not None:
        text += f" (running hours: {counter.value:,} of {_hours(due_hours)})"
    return text


def enters_alarm_window(due: Due) -> bool:
    """A job whose cycle is due soon or overdue gets its planned work order."""
    return due.due_state in (DUE_SOON, OVERDUE)


def completion_on_time(
    job: JobPlan, *, due_date: date | None, due_hours: int | None, trigger: str, done_on: date, done_hours: int | None
) -> bool:
    """Done within due + tolerance by the trigger that fired (compliance counts the original due)."""
    if trigger == HOURS and due_hours is not None and done_hours is not None:
        return done_hours <= due_hours + job.tolerance_hours_or_default
    if due_date is None:
        return True
    return done_on <= due_date + timedelta(days=job.tolerance_days_or_default)


def postpone_limit(*, interval: int | None, percent: int) -> int:
    """How far one cycle may move: `percent` of its interval (at least 1)."""
    return percent_of(interval, percent) or 0


# --- Job cards: what a step's result means -------------------------------------------------

CHECK, MEASUREMENT, TEXT = "check", "measurement", "text"
STEP_KINDS = (CHECK, MEASUREMENT, TEXT)


@dataclass(frozen=True)
class Step:
    kind: str
    unit: str = ""
    min_value: Decimal | None = None
    max_value: Decimal | None = None
    mandatory: bool = True


def _number(value: Decimal) -> str:
    return f"{Decimal(value).normalize():f}"


def limits_text(step: Step) -> str:
    """'2.5–4.5 bar', '≥ 2.5 bar', '≤ 90 °C', or '' without limits."""
    unit = f" {step.unit}" if step.unit else ""
    low, high = step.min_value, step.max_value
    if low is not None and high is not None:
        return f"{_number(low)}–{_number(high)}{unit}"
    if low is not None:
        return f"≥ {_number(low)}{unit}"
    if high is not None:
        return f"≤ {_number(high)}{unit}"
    return ""


def result_text(kind: str, *, passed: bool | None, value: Decimal | None, text: str, unit: str = "") -> str:
    if kind == CHECK:
        return "Pass" if passed else "Fail"
    if kind == MEASUREMENT:
        return f"{_number(value)}{f' {unit}' if unit else ''}" if value is not None else "—"
    return text


def result_failure(step: Step, *, passed: bool | None = None, value: Decimal | None = None) -> str:
    """Why a result fails its step ('' when it does not): a failed check, a value outside the limits."""
    if step.kind == CHECK and passed is False:
        return "check failed"
    if step.kind == MEASUREMENT and value is not None:
        if step.min_value is not None and value < step.min_value:
            return f"{_number(value)} {step.unit} is below the limit ({limits_text(step)})".replace("  ", " ")
        if step.max_value is not None and value > step.max_value:
            return f"{_number(value)} {step.unit} is above the limit ({limits_text(step)})".replace("  ", " ")
    return ""


def missing_result(step: Step, *, passed: bool | None, value: Decimal | None, text: str) -> str:
    """What a result lacks for its kind ('' when complete)."""
    if step.kind == CHECK and passed is None:
        return "a check is recorded as passed or failed"
    if step.kind == MEASUREMENT and value is None:
        return "a measurement needs its value"
    if step.kind == TEXT and not text.strip():
        return "a text step needs its text"
    return ""


DEFAULT_FAULT_SEVERITY, CRITICAL_FAULT_SEVERITY = "medium", "high"


def step_fault_severity(step_severity: str, *, critical: bool) -> str:
    """The severity of the fault a failed step reports: the step's own, else medium (high when critical)."""
    return step_severity or (CRITICAL_FAULT_SEVERITY if critical else DEFAULT_FAULT_SEVERITY)
