"""Every page and every action step runs a fixed number of queries, whatever the size of the data.

Each test runs on a small and a five times larger seeded vessel (see conftest.SIZES) with the
same bound. The N+1 guard of tests/conftest.py makes a lazy load inside a loop fail loudly.
"""

import contextlib

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from counters.models import Counter
from maintenance.models import PlannedWorkOrder
from maintenance.services import close_cycle
from pms.actions.base import Kind, fill_refs, registry
from pms.models import User
from pms.uploads import stage_bytes
from tests.factories import FaultFactory, MaintenanceJobFactory, WorkOrderFactory, WorkOrderStepFactory, jpeg_bytes
from tests.perf.conftest import Fleet
from workorders.models import WorkOrder
from workorders.services import next_work_order_number, set_status

PASSWORD = "bench-pass-2026"


def counter(f: Fleet, index: int = 0) -> Counter:
    """A distinct counter of the fleet's vessel per use, so actions in one test do not meet."""
    return Counter.objects.filter(vessel=f.vessel).order_by("equipment__code")[index]


PAGES = {
    # name: (bound, url of the fleet)
    # Each tile reads its own counts: the maintenance tile the plan (four) and its on-time share (one).
    "dashboard": (24, lambda f: reverse("dashboard")),
    "equipment list": (10, lambda f: reverse("equipment:list")),
    # The photos panel reads the photos on its faults and work orders (one).
    "equipment detail": (15, lambda f: reverse("equipment:detail", args=[f.equipment.pk])),
    "fault list": (10, lambda f: reverse("equipment:fault_list")),
    "fault detail": (14, lambda f: reverse("equipment:fault_detail", args=[f.fault.pk])),
    "work order list": (10, lambda f: reverse("workorders:list")),
    "work order list, open": (10, lambda f: reverse("workorders:list") + "?status=active"),
    "work order detail": (16, lambda f: reverse("workorders:detail", args=[f.work_order.pk])),
    "part list": (10, lambda f: reverse("inventory:part_list")),
    # No action signs a part (no signatures read); its usage is summed from the ledger it lists.
    "part detail": (12, lambda f: reverse("inventory:part_detail", args=[f.part.pk])),
    "handover board": (10, lambda f: reverse("handover:board")),
    "handover history": (10, lambda f: reverse("handover:history")),
    "handover print": (10, lambda f: reverse("handover:print")),
    "manual list": (10, lambda f: reverse("manuals:list")),
    "manual detail": (14, lambda f: reverse("manuals:detail", args=[f.section.document_id])),
    "manual section": (13, lambda f: reverse("manuals:section", args=[f.section.pk])),
    # A ranked kind (equipment, counters, faults, work orders, parts) reads its prefix matches, then
    # the rest in the first field's order (pms.searching.ranked): two small reads, not a sort of every match.
    "search": (20, lambda f: reverse("search") + "?q=pump"),
    "search, fault code": (20, lambda f: reverse("search") + "?q=E047"),
    "api work orders": (9, lambda f: "/api/v1/work-orders?vessel=FLEET01"),
    "api parts": (9, lambda f: "/api/v1/parts?vessel=FLEET01"),
    "api work order": (9, lambda f: f"/api/v1/work-orders/{f.work_order.pk}"),
    "daily rounds": (10, lambda f: reverse("counters:rounds")),
    "daily rounds, stale": (10, lambda f: reverse("counters:rounds") + "?stale=1"),
    "counter detail": (16, lambda f: reverse("counters:detail", args=[counter(f).pk])),
    "api counters": (9, lambda f: "/api/v1/counters?vessel=FLEET01"),
    "api photos": (9, lambda f: f"/api/v1/photos?vessel=FLEET01&fault={f.fault.pk}"),
    "api counter": (9, lambda f: f"/api/v1/counters/{counter(f).pk}"),
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
        if name == "plan_maintenance execute":
            # The generator writes in batches: a few multi-row inserts whatever it creates,
            # never a query per job of the plan or its history.
            bound = PLAN_EXECUTE_BOUND
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


def postponable_job(f: Fleet):
    """A job counted in hours on a counter of the fleet, 100 h short of its due."""
    meter = counter(f, 0)
    return MaintenanceJobFactory(
        equipment=meter.equipment, interval_hours=500, interval_days=None, last_done_hours=(meter.value or 0) - 400
    )


def awaiting_verification(f: Fleet) -> WorkOrder:
    """A planned work order the engineer completed, its cycle waiting for a HOD's verification."""
    job = MaintenanceJobFactory(equipment=f.equipment, interval_days=7, requires_verification=True)
    order = WorkOrderFactory(vessel=f.vessel, equipment=f.equipment, number=next_work_order_number(vessel=f.vessel))
    planned = PlannedWorkOrder.objects.create(vessel=f.vessel, job=job, work_order=order, due_date=timezone.localdate())
    set_status(
        order, "completed", completed_by=f.engineer, completed_at=timezone.now(), completion_notes="Done as planned."
    )
    close_cycle(planned=planned, done_at=timezone.now(), done_hours=None, done_by=f.engineer)
    return order


def acting_user(f: Fleet, action):
    """The chief engineer, or the fleet's manager where only a captain or manager may act."""
    return f.chief if "chief_engineer" in action.roles else User.objects.get(username="fleet-manager")


def _payloads(f: Fleet) -> dict:
    """Each action's declared example payload, on this fleet's rows; each action gets its own work order."""
    rows = {
        "equipment.equipment": f.equipment,
        "equipment.fault": f.fault,
        "inventory.part": f.part,
        "manuals.manualsection": f.section,
        "handover.handoveritem": f.handover_item,
        "pms.user": f.engineer,
        "pms.upload": stage_bytes(
            user=f.crew, vessel=f.vessel, purpose="photo", content=jpeg_bytes(), name="IMG_0001.jpg"
        ),
    }
    # Each counter action reads its own counter, so one's reading does not move the other's meter.
    own_counter = {"record_counter_reading": counter(f, 0), "replace_counter": counter(f, 1)}
    rows["maintenance.maintenancejob"] = postponable_job(f)
    awaiting = awaiting_verification(f)
    other_fault = FaultFactory(equipment=f.equipment)
    payloads, taken = {}, 0
    completable = f.completable_work_order()
    for name in ACTIONS:
        action = registry.get(name)
        names_work_order = "workorders.workorder" in repr(action.example_payload)
        own = None
        if name == "mark_work_order_complete":
            own = completable
        elif name == "verify_work_order":
            own = awaiting
        elif names_work_order:
            own, taken = f.open_work_order(taken, besides=completable), taken + 1

        def row_of(label, own=own, name=name):
            if label == "workorders.workorder":
                return own
            if label == "counters.counter":
                return own_counter[name]
            if label == "maintenance.workorderstep":  # a measurement on the action's own work order's card
                return WorkOrderStepFactory(work_order=own, kind="measurement", unit="bar", position=1)
            if label == "equipment.fault" and name == "close_fault":
                return other_fault  # resolve_fault takes the fleet's fault; closing it would refuse that
            return rows[label]

        payloads[name] = fill_refs(action.example_payload, row_of)
    return payloads


SIGNED = {a.name for a in registry.all() if a.requires_signature}
READS = {a.name for a in registry.all() if a.kind == Kind.READ}
# Bound per step; signing actions verify the signature and store it (a few queries more).
# A signed execute also audits its signature row (entry and chain head), checks the business
# rules once before the secret is judged (under the signer's lock row, with the lockout count)
# and re-reads the signed record to hash it; a completion also reads the usage already logged
# and resolves the fault it was raised for (its lock, update and audit entry), and asks whether
# it is a planned work order (the maintenance plan's completion hook) and whether its job card
# has mandatory steps left (CHECKLIST_INCOMPLETE), hence execute 55.
# The plan's scan, one batch's number lock, inserts and audit entries, and the action's own work.
PLAN_EXECUTE_BOUND = 40
API_BOUND = {"prefill": 11, "preview": 11, "execute": 55}
HTML_BOUND = {"prefill": 23, "preview": 27, "execute": 60}


# Every registered action, so a new one is bounded the day it is added.
ACTIONS = [action.name for action in registry.all()]


def test_api_action_steps_are_bounded(actions, fleet: Fleet):
    counter = QueryCounter()
    for name, payload in _payloads(fleet).items():
        as_chief = actions.as_user(acting_user(fleet, registry.get(name)))
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
    # As a browser sends the form: a ticked box is "on", a null is an empty field.
    return {k: ("on" if v is True else "" if v is None else v) for k, v in payload.items() if k != "parts_used"}


def test_html_action_steps_are_bounded(actions, fleet: Fleet):
    counter = QueryCounter()
    payloads = _payloads(fleet)
    # The HTML flow deducts the parts list by default; take a work order whose list is in stock.
    payloads["mark_work_order_complete"]["work_order_id"] = str(fleet.completable_work_order().pk)
    for name, payload in payloads.items():
        as_chief = actions.as_user(acting_user(fleet, registry.get(name)))
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
