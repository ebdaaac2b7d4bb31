"""The maintenance plan of a seeded vessel: jobs by the calendar and by running hours, with years of cycles.

A third of the jobs on equipment with a counter count running hours (their baseline a random
part of an interval below the counter's value); the rest count days. Each job's baseline puts
it anywhere from just done to somewhat overdue, so the due list and the generator see every
state. The history is one `MaintenanceRecord` per past cycle, about one in eight late.
"""

import uuid
from datetime import timedelta

from bench.fleet.writer import OWNED, owned
from maintenance.models import MaintenanceJob, MaintenanceRecord

HOUR_INTERVALS = [250, 500, 1000, 2000]
DAY_INTERVALS = [7, 30, 90, 180, 365]
JOB_WORDS = ["inspection", "service", "overhaul", "test run", "cleaning", "calibration", "greasing"]

JOB_COLUMNS = [
    *OWNED,
    *("equipment_id", "code", "title", "instructions", "interval_days", "interval_hours", "schedule"),
    *("alarm_days", "alarm_hours", "tolerance_days", "tolerance_hours", "postpone_limit_percent"),
    *("critical", "class_item", "requires_verification", "manual_section_id", "estimated_hours", "active"),
    *("last_done_at", "last_done_hours", "previous_due_date", "previous_due_hours"),
    *("postponed_due_date", "postponed_due_hours", "layup_days"),
]
RECORD_COLUMNS = [
    *OWNED,
    *("job_id", "work_order_id", "done_at", "done_hours", "done_by_id", "due_date", "due_hours", "trigger"),
    *("on_time", "postponed", "status", "verified_by_id", "verified_at"),
]


def seed_plan(writer, v, counts, rng, now, equipment_ids, meters, *, done_by):
    today = now.date()
    jobs, records = [], []
    metered = [e for e in equipment_ids if e in meters]
    for n in range(counts["jobs"]):
        by_hours = bool(metered) and n % 3 == 0
        equipment_id = metered[n % len(metered)] if by_hours else equipment_ids[n % len(equipment_ids)]
        interval_days = rng.choice(DAY_INTERVALS) if not by_hours or n % 2 else None
        interval_hours = rng.choice(HOUR_INTERVALS) if by_hours else None
        last_done_at = today - timedelta(days=rng.randint(0, round((interval_days or 365) * 1.15)))
        last_done_hours = None
        if by_hours:
            hours_now = meters[equipment_id][0] or 0
            last_done_hours = max(0, hours_now - rng.randint(0, round(interval_hours * 1.15)))
        critical, class_item = n % 7 == 0, n % 11 == 0
        job_id = uuid.uuid4()
        jobs.append(
            (
                *owned(job_id, v, now - timedelta(days=365 * 3)),
                equipment_id,
                f"PM-{n + 1:05d}",
                f"{rng.choice(JOB_WORDS).capitalize()} {n + 1}",
                "Follow the maker's procedure; record what was found.",
                interval_days,
                interval_hours,
                "fixed" if n % 4 == 0 else "floating",
                14,
                None,
                None,
                None,
                10,
                critical,
                class_item,
                critical or class_item,
                None,
                None,
                True,
                last_done_at,
                last_done_hours,
                None,
                None,
                None,
                None,
                0,
            )
        )
        interval = interval_days or 30
        for cycle in range(1, counts["job_records"] // max(1, counts["jobs"]) + 1):
            due = last_done_at - timedelta(days=interval * cycle)
            late = rng.random() < 0.125
            done = now - (now.date() - due) + timedelta(days=interval // 5 + 1 if late else 0)
            records.append(
                (
                    *owned(uuid.uuid4(), v, done),
                    job_id,
                    None,
                    done,
                    None,
                    done_by,
                    due,
                    None,
                    "calendar",
                    not late,
                    False,
                    "closed",
                    None,
                    None,
                )
            )
    writer.insert(MaintenanceJob, JOB_COLUMNS, jobs, describe=lambda row: f"{row[6]} {row[7]}")
    writer.insert(MaintenanceRecord, RECORD_COLUMNS, records, describe=lambda row: f"cycle done {row[7]:%Y-%m-%d}")
