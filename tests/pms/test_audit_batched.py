"""`audit.services.batched_entries`: many rows' entries appended at the end of the block, each
chain's head locked once: the same entries, in the order written, on a valid chain."""

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from audit.context import audit_context
from audit.models import AuditEntry
from audit.services import batched_entries, verify_chains
from equipment.models import Equipment
from tests.factories import EquipmentFactory

pytestmark = pytest.mark.django_db


def test_entries_written_in_a_batch_land_at_its_end_in_order_on_a_valid_chain(aurora, borealis, chief):
    before = AuditEntry.objects.count()
    with audit_context(actor=chief, actor_label="", action_name="import_plan"), batched_entries():
        pumps = [EquipmentFactory(vessel=aurora, code=f"BP-{n}") for n in range(5)]
        EquipmentFactory(vessel=borealis, code="BX-1")
        pumps[0].name = "Bilge pump forward"
        pumps[0].save()
        assert AuditEntry.objects.count() == before  # nothing yet: written when the block ends
    entries = list(AuditEntry.objects.filter(vessel=aurora, object_type="equipment.equipment").order_by("sequence"))
    assert [(e.operation, e.object_repr.split()[0]) for e in entries] == [
        *(("create", f"BP-{n}") for n in range(5)),
        ("update", "BP-0"),
    ]
    assert entries[-1].changes["name"][1] == "Bilge pump forward"
    assert {e.actor_id for e in entries} == {chief.pk} and {e.action_name for e in entries} == {"import_plan"}
    assert AuditEntry.objects.filter(vessel=borealis, object_repr__startswith="BX-1").count() == 1
    checked, breaks = verify_chains()
    assert breaks == [] and checked >= 7


def test_a_batch_appends_each_chain_in_a_few_queries(aurora):
    pumps = [EquipmentFactory.build(vessel=aurora, code=f"BP-{n}") for n in range(50)]
    with CaptureQueriesContext(connection) as queries, batched_entries():
        for pump in pumps:
            pump.save()
    audit_queries = [q["sql"] for q in queries.captured_queries if "audit" in q["sql"]]
    assert len(audit_queries) <= 6, audit_queries


def test_a_block_that_raises_writes_no_entries_and_its_transaction_nothing(aurora):
    before = AuditEntry.objects.count()
    with pytest.raises(RuntimeError), transaction.atomic(), batched_entries():
        EquipmentFactory(vessel=aurora, code="BP-9")
        raise RuntimeError("refused")
    assert AuditEntry.objects.count() == before
    assert not Equipment.objects.filter(code="BP-9").exists()
