"""Two imports of one plan at the same moment on PostgreSQL: one writes, the other waits for it
and finds every row unchanged; nothing is created twice and neither fails."""

import pytest
from django.test import Client

from equipment.models import Equipment
from imports.samples import sample_rows, sample_workbook
from inventory.models import StockMovement
from pms.roles import Role
from tests.actions import ActionClient
from tests.factories import api_token, member
from tests.imports.conftest import Importer
from tests.parallel import run_in_parallel

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_two_imports_at_once_write_the_plan_once(aurora):
    tokens = [api_token(member(aurora, role)) for role in (Role.CHIEF_ENGINEER, Role.CAPTAIN)]
    payloads = []
    for token in tokens:
        client = ActionClient(Client(), token=token)
        assert client.client.get("/api/v1/actions", headers=client.headers).status_code == 200
        payloads.append((client, Importer(client, aurora).payload(sample_workbook())))

    def call(client, payload):
        return lambda: (
            ActionClient(Client(), token=client.headers["Authorization"][7:]).execute("import_plan", payload).json()
        )

    results = run_in_parallel([call(client, payload) for client, payload in payloads])
    assert all(r["status"] == "success" for r in results), results
    created = sorted(r["result"]["counts"]["create"] for r in results)
    assert created == [0, sample_rows()]
    assert Equipment.objects.filter(vessel=aurora).count() == 4
    assert StockMovement.objects.filter(vessel=aurora).count() == 2
