"""`make bench`'s import step: preview and import a generated plan of 5,000 rows into a new vessel.

    .venv/bin/python -m bench.imports [--rows 5000]

Run by `bench/run.py` against the bench database, in a child process. The plan is a workbook with
every kind (equipment in a hierarchy, parts with opening stock, counters with readings, jobs with
steps and kits). Timed: the preview (reading the file and planning every row, as the action's
preview does), the import (every row written and audited, in one transaction), and a second
preview of the same file (every row unchanged). Everything is rolled back at the end, so the
bench database keeps no trace. Prints one JSON line with the seconds and the query counts.
"""

import argparse
import json
import os
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_PREVIEW_SECONDS = 10


def generated_plan(rows: int) -> dict[str, list[dict]]:
    """A plan of about `rows` rows: 30 % equipment, 30 % parts, 4 % counters, 20 % jobs, 10 % steps, 6 % kit lines."""
    systems = max(1, rows * 4 // 100)
    equipment_count = max(systems, rows * 30 // 100)
    parts_count = rows * 30 // 100
    jobs_count = rows * 20 // 100
    steps_count = rows * 10 // 100
    kit_count = rows - equipment_count - parts_count - systems - jobs_count - steps_count
    equipment = [{"code": f"SYS-{n:04d}", "name": f"System {n}", "criticality": "high"} for n in range(systems)]
    equipment += [
        {"code": f"EQ-{n:05d}", "name": f"Equipment {n}", "parent_code": f"SYS-{n % systems:04d}", "location": "ER"}
        for n in range(equipment_count - systems)
    ]
    parts = [
        {"part_number": f"P-{n:05d}", "name": f"Part {n}", "minimum_quantity": 2, "opening_stock": n % 7}
        for n in range(parts_count)
    ]
    counters = [
        {"equipment_code": f"SYS-{n:04d}", "default_daily_hours": Decimal(12), "reading": 1000 + n}
        for n in range(systems)
    ]
    jobs = [
        {
            "code": f"J-{n:05d}",
            "equipment_code": f"EQ-{n % max(1, equipment_count - systems):05d}",
            "title": f"Job {n}",
            "interval_hours": 500 if n % 2 else None,
            "interval_days": 180,
        }
        for n in range(jobs_count)
    ]
    steps = [
        {"job_code": f"J-{n % max(1, jobs_count):05d}", "position": n // max(1, jobs_count) + 1, "title": f"Step {n}"}
        for n in range(steps_count)
    ]
    kit = [
        {
            "job_code": f"J-{n % max(1, jobs_count):05d}",
            "part_number": f"P-{n % max(1, parts_count):05d}",
            "quantity": 1,
        }
        for n in range(kit_count)
    ]
    return {
        "equipment": equipment,
        "parts": parts,
        "counters": counters,
        "jobs": jobs,
        "job_steps": steps,
        "job_kit": kit,
    }


class _Rollback(Exception):  # noqa: N818  (leaves the bench database as it was)
    pass


def measure(rows: int) -> dict:
    from django.db import connection, transaction
    from django.utils import timezone

    from audit.context import audit_context
    from imports import export, files
    from imports.actions.import_plan import ImportPlan, preview_plan
    from imports.planning import plan_sheets
    from imports.selectors import existing_rows
    from imports.services import apply_import
    from pms.models import Vessel

    content = export.workbook(generated_plan(rows))
    action = ImportPlan()
    result = {"rows": rows, "file_bytes": len(content)}

    def preview(vessel) -> tuple[float, int, dict]:
        started, queries = time.monotonic(), []

        def counted(execute, sql, params, many, context):
            queries.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(counted):
            sheets = files.read_plan(content, name="plan.xlsx")
            existing = existing_rows(vessel=vessel, kinds={s.kind.name for s in sheets})
            planned = plan_sheets(sheets, existing, now=timezone.now())
            # The action's own preview work on top: the changes in words and the hash.
            preview_plan(planned).hash(action.name)
        return time.monotonic() - started, len(queries), {"planned": planned, "existing": existing}

    try:
        with transaction.atomic(), audit_context(actor=None, actor_label="system:bench", action_name="import_plan"):
            vessel = Vessel.objects.create(name="Bench import", code=f"BENCH-IMPORT-{os.getpid()}")
            seconds, queries, found = preview(vessel)
            counts = found["planned"].counts
            result.update(preview_seconds=round(seconds, 2), preview_queries=queries, counts=counts)
            started = time.monotonic()
            apply_import(plan=found["planned"], existing=found["existing"], vessel=vessel, by=None)
            result["import_seconds"] = round(time.monotonic() - started, 2)
            seconds, queries, found = preview(vessel)
            result.update(
                second_preview_seconds=round(seconds, 2),
                second_preview_queries=queries,
                second_changes=found["planned"].counts["changes"],
            )
            raise _Rollback
    except _Rollback:
        pass
    return result


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=5000)
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pms.settings")
    import django

    django.setup()
    print(json.dumps(measure(args.rows)))


if __name__ == "__main__":
    main()
