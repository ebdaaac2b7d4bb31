"""Counters' slice of the demo data (`counters.json`): running-hour counters with months of readings.

Each counter hangs on an equipment (by code) and gets `days` daily readings, the newest one
`last_read_days_ago` days ago, taken on the morning round (`round_time` UTC, each counter
`minutes_between_counters` after the one before it). The first reading is `start_hours`;
each day after adds the next number of `hours_per_day`, in turn (0: a day at anchor).
Readings are taken by the vessel's `readers`, in turn, and go in through the service
(`counters.services.record_history`: each checked by the counter rules and audited, the
counter's figures moved once) — and only for a counter this run created, so a second run
records nothing.
AURORA's steering hydraulic unit was last read 9 days ago: it shows as stale.
"""

from datetime import datetime, timedelta
from decimal import Decimal

from counters.models import Counter
from counters.services import record_history
from pms.demo import load_data

DEPENDS_ON = ("equipment",)  # a counter hangs on an equipment

DATA = load_data(__name__, "counters.json")


def round_times(ctx, spec, position: int) -> list[datetime]:
    """The morning rounds of a counter, oldest first, none later than the seed's clock."""
    hour, minute = map(int, DATA["round_time"].split(":"))
    at = ctx.now.replace(hour=hour, minute=minute, second=0, microsecond=0)
    at += timedelta(minutes=position * DATA["minutes_between_counters"])
    if at > ctx.now:
        at -= timedelta(days=1)
    newest = at - timedelta(days=spec["last_read_days_ago"])
    return [newest - timedelta(days=day) for day in reversed(range(spec["days"]))]


def seed(ctx) -> None:
    equipment = ctx.shared["equipment"]
    positions: dict[str, int] = {}
    for spec in DATA["counters"]:
        vessel_code = spec["vessel"]
        position = positions[vessel_code] = positions.get(vessel_code, -1) + 1
        counter, created = ctx.get_or_create(
            Counter,
            vessel=ctx.vessels[vessel_code],
            equipment=equipment[vessel_code, spec["equipment"]],
            defaults={"name": spec["name"], "default_daily_hours": Decimal(spec["default_daily_hours"])},
        )
        if not created:
            continue
        readers = [ctx.users[name] for name in DATA["readers"][vessel_code]]
        hours, gains, history = spec["start_hours"], spec["hours_per_day"], []
        for day, read_at in enumerate(round_times(ctx, spec, position)):
            if day:
                hours += gains[(day - 1) % len(gains)]
            history.append((hours, read_at, readers[day % len(readers)]))
        ctx.created += len(record_history(counter=counter, readings=history, now=ctx.now))


def report(ctx) -> None:
    stale = [
        f"{c.vessel.code} {c.equipment.code}"
        for c in Counter.objects.select_related("vessel", "equipment")
        if c.is_stale(ctx.now)
    ]
    ctx.stdout.write(f"Counters: {Counter.objects.count()}, stale: {', '.join(stale) or 'none'}.")
