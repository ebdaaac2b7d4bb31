"""Every page and every action step runs a fixed number of queries, whatever the size of the data.

Each test runs on a small and a five times larger seeded vessel (see conftest.SIZES) with the
same bound. The N+1 guard of tests/conftest.py makes a lazy load inside a loop fail loudly.
"""

import contextlib
import uuid

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.perf.conftest import Fleet

PASSWORD = "bench-pass-2026"

PAGES = {
    # name: (bound, url of the fleet)
    "dashboard": (20, lambda f: reverse("dashboard")),
    "equipment list": (10, lambda f: reverse("equipment:list")),
    "equipment detail": (14, lambda f: reverse("equipment:detail", args=[f.equipment.pk])),
    "fault list": (10, lambda f: reverse("equipment:fault_list")),
    "fault detail": (14, lambda f: reverse("equipment:fault_detail", args=[f.fault.pk])),
    "work order list": (10, lambda f: reverse("workorders:list")),
    "work order list, open": (10, lambda f: reverse("workorders:list") + "?status=active"),
    "work order detail": (16, lambda f: reverse("workorders:detail", args=[f.work_order.pk])),
    "part list": (10, lambda f: reverse("inventory:part_list")),
    "part detail": (14, lambda f: reverse("inventory:part_detail", args=[f.part.pk])),
    "handover board": (10, lambda f: reverse("handover:board")),
    "handover history": (10, lambda f: reverse("handover:history")),
    "handover print": (10, lambda f: reverse("handover:print")),
    "manual list": (10, lambda f: reverse("manuals:list")),
    "manual detail": (14, lambda f: reverse("manuals:detail", args=[f.section.document_id])),
    "manual section": (13, lambda f: reverse("manuals:section", args=[f.section.pk])),
    "search": (15, lambda f: reverse("search") + "?q=pump"),
    "search, fault code": (15, lambda f: reverse("search") + "?q=E047"),
    "api work orders": (9, lambda f: "/api/v1/work-orders?vessel=FLEET01"),
    "api parts": (9, lambda f: "/api/v1/parts?vessel=FLEET01"),
    "api work order": (9, lambda f: f"/api/v1/work-orders/{f.work_order.pk}"),
}


class QueryCounter:
    """Counts the queries of each step and collects every step over its bound, to report them all at once."""

    def __init__(self):
        self.over: dict[str, tuple[int, int]] = {}
        self.counts: dict[str, int] = {}

    @contextlib.contextmanager
    def step(self, name: str, bound: int):
        with CaptureQueriesContext(connection) as captured:
            yield
        self.counts[name] = len(captured)
        if len(captured) > bound:
            self.over[name] = (len(captured), bound)


def test_page_queries_are_bounded(client, fleet: Fleet):
    client.force_login(fleet.chief)
    counter = QueryCounter()
    for page, (bound, url) in PAGES.items():
        with counter.step(page, bound):
            response = client.get(url(fleet))
        assert response.status_code == 200, page
    assert not counter.over, f"queries over the bound (count, bound): {counter.over}"


def _payloads(f: Fleet) -> dict:
    """A valid payload per action, each on its own rows."""
    return {
        "show_manual_section": {"equipment_id": str(f.equipment.pk), "fault_code": "E047"},
        "check_stock_level": {"part_id": str(f.part.pk)},
        "report_fault": {
            "equipment_id": str(f.equipment.pk),
            "fault_code": "E123",
            "title": "Alarm on start",
            "severity": "medium",
        },
        "add_note_to_work_order": {"work_order_id": str(f.open_work_order(0).pk), "note_text": "Checked the seals."},
        "add_to_handover": {
            "entity_type": "part",
            "entity_id": str(f.part.pk),
            "summary_text": "Running low, reorder at the next port.",
            "category": "general",
            "priority": "normal",
        },
        "acknowledge_handover_item": {"item_id": str(f.handover_item.pk)},
        "add_part_to_work_order": {
            "work_order_id": str(f.open_work_order(1).pk),
            "part_id": str(f.part.pk),
            "quantity": 1,
        },
        "log_part_usage": {"part_id": str(f.part.pk), "quantity": 1, "usage_reason": "testing"},
        "record_stock_count": {"part_id": str(f.part.pk), "counted_quantity": 7},
        "receive_parts": {"part_id": str(f.part.pk), "quantity": 3, "reference": "PO-1"},
        "create_work_order_from_fault": {
            "fault_id": str(f.fault.pk),
            "title": "Fix the start alarm",
            "priority": "normal",
            "override_duplicate": True,
        },
        "start_work_order": {"work_order_id": str(f.open_work_order(2).pk)},
        "cancel_work_order": {"work_order_id": str(f.open_work_order(3).pk), "reason": "Raised twice."},
        "mark_work_order_complete": {
            "work_order_id": str(f.open_work_order(4).pk),
            "completion_notes": "Replaced and tested under load.",
            "parts_used": [{"part_id": str(f.part.pk), "quantity_used": 1}],
        },
    }


SIGNED = {"create_work_order_from_fault", "mark_work_order_complete"}
READS = {"show_manual_section", "check_stock_level"}
# Bound per step; signing actions verify the signature and store it (a few queries more).
# A signed execute also audits its signature row (entry and chain head), checks the business
# rules once before the secret is judged (under the signer's lock row, with the lockout count)
# and re-reads the signed record to hash it; a completion also reads the usage already logged
# and resolves the fault it was raised for (its lock, update and audit entry), hence execute 52.
API_BOUND = {"prefill": 10, "preview": 10, "execute": 52}
HTML_BOUND = {"prefill": 22, "preview": 26, "execute": 58}


ACTIONS = [
    *sorted(READS),
    "report_fault",
    "add_note_to_work_order",
    "add_to_handover",
    "acknowledge_handover_item",
    "add_part_to_work_order",
    "log_part_usage",
    "record_stock_count",
    "receive_parts",
    "start_work_order",
    "cancel_work_order",
    *sorted(SIGNED),
]


def test_api_action_steps_are_bounded(client, fleet: Fleet):
    client.force_login(fleet.chief)
    counter = QueryCounter()
    for name, payload in _payloads(fleet).items():
        if name not in READS:
            params = {k: v for k, v in payload.items() if k != "parts_used"}
            with counter.step(f"{name} prefill", API_BOUND["prefill"]):
                response = client.get(f"/api/v1/actions/{name}/prefill", params)
            assert response.status_code == 200, response.json()
            with counter.step(f"{name} preview", API_BOUND["preview"]):
                response = client.post(
                    f"/api/v1/actions/{name}/preview", {"payload": payload}, content_type="application/json"
                )
            assert response.status_code == 200, response.json()
        body = {"payload": payload, **({"signature": {"secret": PASSWORD}} if name in SIGNED else {})}
        with counter.step(f"{name} execute", API_BOUND["execute"]):
            response = client.post(
                f"/api/v1/actions/{name}/execute",
                body,
                content_type="application/json",
                headers={"Idempotency-Key": uuid.uuid4().hex},
            )
        assert response.status_code == 200, response.json()
    assert not counter.over, f"queries over the bound (count, bound): {counter.over}"


def _form_data(payload: dict) -> dict:
    return {k: ("on" if v is True else v) for k, v in payload.items() if k != "parts_used"}


def test_html_action_steps_are_bounded(client, fleet: Fleet):
    client.force_login(fleet.chief)
    counter = QueryCounter()
    payloads = _payloads(fleet)
    # The HTML flow deducts the parts list by default; take a work order whose list is in stock.
    payloads["mark_work_order_complete"]["work_order_id"] = str(fleet.completable_work_order().pk)
    for name, payload in payloads.items():
        data = _form_data(payload)
        url = f"/actions/{name}/"
        if name in READS:
            with counter.step(f"{name} execute", HTML_BOUND["execute"]):
                response = client.get(url, data)
            assert response.context["step"] == "result", (name, response.context["error"])
            continue
        with counter.step(f"{name} prefill", HTML_BOUND["prefill"]):
            response = client.get(url, data)
        assert response.status_code == 200, name
        with counter.step(f"{name} preview", HTML_BOUND["preview"]):
            response = client.post(url, {**data, "step": "preview"})
        assert response.status_code == 200, (name, response.context["error"])
        execute = {
            **data,
            "step": "execute",
            "preview_hash": response.context["preview"]["preview_hash"],
            "idempotency_key": uuid.uuid4().hex,
            **({"signature_secret": PASSWORD} if name in SIGNED else {}),
        }
        with counter.step(f"{name} execute", HTML_BOUND["execute"]):
            response = client.post(url, execute)
        assert response.status_code == 200, (name, response.context["error"])
        assert response.context["step"] == "result", name
    assert not counter.over, f"queries over the bound (count, bound): {counter.over}"
