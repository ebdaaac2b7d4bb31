"""Running-hour counters of a seeded vessel, each with a year of readings that keep the counter rules."""

import uuid
from datetime import timedelta
from decimal import Decimal

from bench.fleet.writer import OWNED, owned
from counters.models import Counter, CounterReading, ReadingKind
from counters.rules import Point, max_increase, measured_daily_rate


def equipment_code(index: int) -> str:
    from bench.fleet.rows import equipment_code as code  # the equipment's own naming

    return code(index)


def seed_counters(writer, v, counts, rng, now, start, equipment_ids, *, reader):
    """Counters on the group heads first (then on their components), each with readings over the last year.

    Each counter runs at its own rate (2–20 h a day, some days more, some at anchor); every gain fits
    the clock rule (at most 24 h a day plus one), so the ledger passes the counter rules. One counter
    in ten was last read nine days ago: stale. The counter row carries its latest reading and rate.
    """
    heads_first = sorted(range(len(equipment_ids)), key=lambda i: (i % 10, i // 10))
    chosen = heads_first[: counts["counters"]]
    per_counter, extra = divmod(counts["readings"], len(chosen))
    counters, readings = [], []
    for position, index in enumerate(chosen):
        counter_id = uuid.uuid4()
        n = max(2, per_counter + (1 if position < extra else 0))
        newest = now - (timedelta(days=9) if position % 10 == 9 else timedelta(hours=rng.randint(1, 20)))
        interval = timedelta(days=365) / n
        rate = rng.uniform(2, 20)
        total, points = rng.randint(0, 30_000), []
        for step in range(n):
            read_at = (newest - interval * (n - 1 - step)).replace(microsecond=0)
            if points:
                elapsed = read_at - points[-1].read_at
                wanted = round(rate * elapsed / timedelta(days=1) * rng.uniform(0, 1.6))
                total += min(wanted, max_increase(points[-1].read_at, read_at))
            points.append(Point(read_at, total, total))
            readings.append(
                (
                    *owned(uuid.uuid4(), v, read_at),
                    counter_id,
                    total,
                    total,
                    ReadingKind.READING.value,
                    read_at,
                    reader,
                    "",
                )
            )
        latest = points[-1]
        measured = measured_daily_rate(points)
        counters.append(
            (
                *owned(counter_id, v, start),
                equipment_ids[index],
                "Running hours",
                "h",
                Decimal(round(rate)),
                0,
                latest.reading,
                latest.reading,
                latest.read_at,
                reader,
                measured,
                None,
            )
        )
    codes = {c[0]: equipment_code(index) for c, index in zip(counters, chosen, strict=True)}
    writer.insert(
        Counter,
        [
            *OWNED,
            *("equipment_id", "name", "unit", "default_daily_hours", "offset", "value", "meter_value"),
            *("last_read_at", "last_read_by_id", "measured_daily_rate", "meter_replaced_at"),
        ],
        counters,
        describe=lambda row: f"{codes[row[0]]} {row[6]}",
    )
    writer.insert(
        CounterReading,
        [*OWNED, "counter_id", "reading", "meter_reading", "kind", "read_at", "recorded_by_id", "notes"],
        readings,
        describe=lambda row: f"{row[6]:,} h at {row[9]:%Y-%m-%d %H:%M}",
    )
    # equipment id → (hours now, hours a day), for the maintenance plan counted on them
    return {row[5]: (row[10], float(row[14] if row[14] is not None else row[8])) for row in counters}
