"""EXPLAIN ANALYZE every read query of the hot pages and action previews on the bench database.

    DATABASE_URL=postgres://…/pms_bench .venv/bin/python bench/explain.py [--plans]

Renders each page as a FLEET01 chief through Django's test client, captures its queries and
prints, per query, its execution time and any sequential scan; with --plans, the full plans.
"""

import os
import re
import sys
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pms.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from bench.targets import targets_for  # noqa: E402
from pms.models import User  # noqa: E402

BIG_TABLES = re.compile(
    r"Seq Scan on (audit_auditentry|workorders_\w+|inventory_\w+|equipment_\w+|manuals_manualsection|manuals_manualfaultcode)"
)


def requests(t: dict):
    wo, part, parts_used_part = t["work_orders"][0], t["parts"][0], t["parts"][1]
    yield "dashboard", "get", "/", None
    yield "work order list", "get", "/work-orders/", None
    yield "work order list, open", "get", "/work-orders/?status=active", None
    yield "work order detail", "get", f"/work-orders/{t['detail_work_orders'][0]}/", None
    yield "part list", "get", "/parts/", None
    yield "part detail", "get", f"/parts/{part}/", None
    yield "search", "get", "/search?q=coolant+pump", None
    yield "search, fault code", "get", "/search?q=E047", None
    yield (
        "log_part_usage preview",
        "post",
        "/api/v1/actions/log_part_usage/preview",
        {"payload": {"part_id": part, "quantity": 1, "usage_reason": "testing"}},
    )
    yield (
        "add_note_to_work_order preview",
        "post",
        "/api/v1/actions/add_note_to_work_order/preview",
        {"payload": {"work_order_id": wo, "note_text": "Checked."}},
    )
    yield (
        "mark_work_order_complete preview",
        "post",
        "/api/v1/actions/mark_work_order_complete/preview",
        {
            "payload": {
                "work_order_id": wo,
                "completion_notes": "Replaced and tested.",
                "parts_used": [{"part_id": parts_used_part, "quantity_used": 1}],
            }
        },
    )


def main():
    show_plans = "--plans" in sys.argv
    targets = targets_for("FLEET01")
    client = Client()
    client.force_login(User.objects.get(username="fleet01-chief"))
    for name, method, url, body in requests(targets):
        with CaptureQueriesContext(connection) as captured:
            if method == "get":
                response = client.get(url)
            else:
                response = client.post(
                    url, body, content_type="application/json", headers={"Idempotency-Key": uuid.uuid4().hex}
                )
        print(f"\n## {name} — {url} — HTTP {response.status_code}, {len(captured)} queries")
        for query in captured.captured_queries:
            sql = query["sql"]
            if not sql.lstrip().upper().startswith("SELECT"):
                continue
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
                plan = "\n".join(row[0] for row in cursor.fetchall())
            execution = re.search(r"Execution Time: ([\d.]+) ms", plan).group(1)
            seq = sorted(set(BIG_TABLES.findall(plan)))
            flag = f"  SEQ SCAN: {', '.join(seq)}" if seq else ""
            print(f"- {float(execution):7.2f} ms  {sql[:110]}{flag}")
            if show_plans or seq or float(execution) > 5:
                print("    " + plan.replace("\n", "\n    "))


if __name__ == "__main__":
    main()
