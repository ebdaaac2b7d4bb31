"""Every page and every action step runs a fixed number of queries, whatever the size of the data.

Each test runs on a small and a five times larger seeded vessel (see conftest.SIZES) with the
same bound. The N+1 guard of tests/conftest.py makes a lazy load inside a loop fail loudly.
"""

import contextlib

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pms.actions.base import Kind, fill_refs, registry
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
    """Each action's declared example payload, on this fleet's rows; each action gets its own work order."""
    rows = {
        "equipment.equipment": f.equipment,
        "equipment.fault": f.fault,
        "inventory.part": f.part,
        "manuals.manualsection": f.section,
        "handover.handoveritem": f.handover_item,
        "pms.user": f.engineer,
    }
    payloads, taken = {}, 0
    completable = f.completable_work_order()
    for name in ACTIONS:
        action = registry.get(name)
        names_work_order = "workorders.workorder" in repr(action.example_payload)
        own = None
        if name == "mark_work_order_complete":
            own = completable
        elif names_work_order:
            own, taken = f.open_work_order(taken, besides=completable), taken + 1

        def row_id(ref, own=own):
            return str(own.pk if ref.model == "workorders.workorder" else rows[ref.model].pk)

        payloads[name] = fill_refs(action.example_payload, row_id)
    return payloads


SIGNED = {a.name for a in registry.all() if a.requires_signature}
READS = {a.name for a in registry.all() if a.kind == Kind.READ}
# Bound per step; signing actions verify the signature and store it (a few queries more).
# A signed execute also audits its signature row (entry and chain head), hence execute 44.
API_BOUND = {"prefill": 10, "preview": 10, "execute": 44}
HTML_BOUND = {"prefill": 22, "preview": 26, "execute": 50}


# Every registered action, so a new one is bounded the day it is added.
ACTIONS = [action.name for action in registry.all()]


def test_api_action_steps_are_bounded(actions, fleet: Fleet):
    as_chief = actions.as_user(fleet.chief)
    counter = QueryCounter()
    for name, payload in _payloads(fleet).items():
        if name not in READS:
            params = {k: v for k, v in payload.items() if k != "parts_used"}
            with counter.step(f"{name} prefill", API_BOUND["prefill"]):
                response = as_chief.prefill(name, **params)
            assert response.status_code == 200, response.json()
            with counter.step(f"{name} preview", API_BOUND["preview"]):
                response = as_chief.preview(name, payload)
            assert response.status_code == 200, response.json()
        with counter.step(f"{name} execute", API_BOUND["execute"]):
            response = as_chief.execute(name, payload, secret=PASSWORD if name in SIGNED else None)
        assert response.status_code == 200, response.json()
    assert not counter.over, f"queries over the bound (count, bound): {counter.over}"


def _form_data(payload: dict) -> dict:
    return {k: ("on" if v is True else v) for k, v in payload.items() if k != "parts_used"}


def test_html_action_steps_are_bounded(actions, fleet: Fleet):
    as_chief = actions.as_user(fleet.chief)
    counter = QueryCounter()
    payloads = _payloads(fleet)
    # The HTML flow deducts the parts list by default; take a work order whose list is in stock.
    payloads["mark_work_order_complete"]["work_order_id"] = str(fleet.completable_work_order().pk)
    for name, payload in payloads.items():
        data = _form_data(payload)
        if name in READS:
            with counter.step(f"{name} execute", HTML_BOUND["execute"]):
                response = as_chief.html_get(name, **data)
            assert response.context["step"] == "result", (name, response.context["error"])
            continue
        with counter.step(f"{name} prefill", HTML_BOUND["prefill"]):
            response = as_chief.html_get(name, **data)
        assert response.status_code == 200, name
        with counter.step(f"{name} preview", HTML_BOUND["preview"]):
            preview = as_chief.html_preview(name, data)
        assert preview.status_code == 200, (name, preview.context["error"])
        with counter.step(f"{name} execute", HTML_BOUND["execute"]):
            response = as_chief.html_execute(name, preview, secret=PASSWORD if name in SIGNED else None)
        assert response.status_code == 200, (name, response.context["error"])
        assert response.context["step"] == "result", name
    assert not counter.over, f"queries over the bound (count, bound): {counter.over}"
