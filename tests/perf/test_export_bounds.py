"""Every export, label sheet and scan runs a fixed number of queries, whatever the size of the
data: the same bound on a small and a five times larger seeded vessel (conftest.SIZES)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from maintenance.models import MaintenanceJob
from tests.perf.conftest import Fleet

EXPORTS = {
    # name: (bound, url of the fleet); each is fetched as CSV and as XLSX and read to its end.
    "equipment": (6, lambda f: reverse("equipment:list")),
    "faults": (6, lambda f: reverse("equipment:fault_list")),
    "work orders": (6, lambda f: reverse("workorders:list")),
    "parts": (6, lambda f: reverse("inventory:part_list")),
    "stock ledger": (6, lambda f: reverse("inventory:ledger")),
    "stock ledger of a part": (7, lambda f: f"{reverse('inventory:ledger')}?part={f.part.pk}"),
    # One read of the items' records per entity type present (five at most) per chunk.
    "handover history": (11, lambda f: reverse("handover:history")),
    # Per chunk: the counters and the hierarchy (two), the open work orders (one).
    "due list": (10, lambda f: reverse("maintenance:due_list")),
    # Per chunk: the signatures of the chunk's work orders (one).
    "maintenance history": (7, lambda f: reverse("maintenance:history")),
    "daily rounds": (6, lambda f: reverse("counters:rounds")),
    "manuals": (6, lambda f: reverse("manuals:list")),
    # The trail and the names behind it, then the vessel's chain walked once.
    "work order trail": (13, lambda f: f.work_order.get_absolute_url()),
    "equipment trail": (11, lambda f: f.equipment.get_absolute_url()),
    "part trail": (10, lambda f: f.part.get_absolute_url()),
}

PAGES = {
    "stock ledger page": (10, lambda f: reverse("inventory:ledger")),
    "maintenance history page": (11, lambda f: reverse("maintenance:history")),
    "job history page": (12, lambda f: f"{reverse('maintenance:history')}?job={first_job(f).pk}"),
    "equipment labels": (9, lambda f: reverse("labels:equipment")),
    "part labels, low stock": (9, lambda f: f"{reverse('labels:parts')}?status=low"),
    "scan page": (6, lambda f: reverse("labels:scan")),
    "scan an equipment label": (18, lambda f: f"{reverse('labels:resolve')}?code={f.equipment.get_absolute_url()}"),
    "scan a part number": (14, lambda f: f"{reverse('labels:resolve')}?code={f.part.part_number}"),
}


def first_job(f: Fleet):
    return MaintenanceJob.objects.filter(vessel=f.vessel).order_by("code").first()


def read(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_exports_read_a_fixed_number_of_queries(client, fleet: Fleet, fmt):
    client.force_login(fleet.chief)
    over, counts = {}, {}
    for name, (bound, url) in EXPORTS.items():
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url(fleet), {"export": fmt})
            assert response.status_code == 200, name
            assert len(read(response)) > 0
        counts[name] = len(captured)
        if len(captured) > bound:
            over[name] = (len(captured), bound)
    assert not over, f"queries over the bound (count, bound): {over}; all: {counts}"


def test_label_and_scan_pages_read_a_fixed_number_of_queries(client, fleet: Fleet):
    client.force_login(fleet.chief)
    over, counts = {}, {}
    for name, (bound, url) in PAGES.items():
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url(fleet))
            assert response.status_code == 200, name
            read(response)
        counts[name] = len(captured)
        if len(captured) > bound:
            over[name] = (len(captured), bound)
    assert not over, f"queries over the bound (count, bound): {over}; all: {counts}"
