"""A long list exports in a fixed number of queries: one for the rows whatever their number, plus
one read per chunk where a list completes its rows (the handover items' records)."""

import math

import pytest
from django.urls import reverse
from django.utils import timezone

from pms import exports
from tests.exports.helpers import body
from tests.factories import EquipmentFactory, HandoverItemFactory, WorkOrderFactory

pytestmark = pytest.mark.django_db

CHUNK = 20  # small chunks, so the larger list spans several


@pytest.fixture(autouse=True)
def _small_chunks(monkeypatch):
    monkeypatch.setattr(exports, "CHUNK_SIZE", CHUNK)


def fill(aurora, chief, rows: int):
    pump = EquipmentFactory(vessel=aurora)
    now = timezone.now()
    for n in range(rows):
        WorkOrderFactory(vessel=aurora, equipment=pump, assignee=chief, created_by=chief)
        HandoverItemFactory(
            vessel=aurora, entity_type="equipment", entity_id=pump.pk, acknowledged_at=now, acknowledged_by=chief,
            summary_text=f"Item {n} for the next watch.",
        )  # fmt: skip


@pytest.mark.parametrize("rows", [3, 5 * CHUNK + 7])
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_work_orders_export_in_the_same_queries_at_any_length(
    client, chief, aurora, django_assert_max_num_queries, rows, fmt
):
    fill(aurora, chief, rows)
    client.force_login(chief)
    with django_assert_max_num_queries(6):
        response = client.get(reverse("workorders:list"), {"export": fmt})
        content = body(response)
    assert response.status_code == 200 and content


@pytest.mark.parametrize("rows", [3, 5 * CHUNK + 7])
def test_handover_history_reads_once_per_chunk_not_per_row(client, chief, aurora, django_assert_max_num_queries, rows):
    fill(aurora, chief, rows)
    client.force_login(chief)
    with django_assert_max_num_queries(5 + math.ceil(rows / CHUNK)):
        response = client.get(reverse("handover:history"), {"export": "csv"})
        lines = body(response).decode("utf-8-sig").splitlines()
    assert len(lines) == rows + 1
