"""The audit chains betray removal (DESIGN §4): a head that says more entries than remain fails
verify_audit, TRUNCATE is refused, and saved heads (`audit_heads`) catch a rollback."""

import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from audit.models import AuditChainHead, AuditEntry
from audit.services import verify_chains
from tests.factories import EquipmentFactory

pytestmark = pytest.mark.django_db


def tamper(sql: str, params=()) -> None:
    """Run SQL the way someone with the database password would: past the append-only trigger."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no pending FK checks block the ALTER
            cursor.execute("ALTER TABLE audit_auditentry DISABLE TRIGGER audit_entry_append_only")
        cursor.execute(sql, params)
        if connection.vendor == "postgresql":
            cursor.execute("ALTER TABLE audit_auditentry ENABLE TRIGGER audit_entry_append_only")


def db_value(vessel_id):
    """A vessel id as this database stores it (SQLite keeps UUIDs as hex text)."""
    return AuditEntry._meta.get_field("vessel").get_db_prep_value(vessel_id, connection)


def verify(*args) -> tuple[bool, str]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("verify_audit", *args, stdout=out, stderr=err)
    except CommandError:
        return False, err.getvalue()
    return True, out.getvalue()


def heads_file(tmp_path) -> str:
    out = io.StringIO()
    call_command("audit_heads", stdout=out)
    path = tmp_path / "heads.jsonl"
    path.write_text(out.getvalue())
    return str(path)


def test_audit_heads_prints_each_chains_length_and_last_hash_as_json_lines(aurora, borealis):
    EquipmentFactory(vessel=aurora)
    EquipmentFactory(vessel=borealis)
    out = io.StringIO()
    call_command("audit_heads", stdout=out)
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    by_chain = {line["chain"]: line for line in lines}
    assert {"AURORA", "BOREALIS"} <= set(by_chain)
    for line in lines:
        head = AuditChainHead.objects.get(vessel_id=line["vessel_id"])
        last = AuditEntry.objects.filter(vessel_id=line["vessel_id"]).order_by("-sequence").first()
        assert (line["length"], line["last_hash"]) == (head.length, head.last_hash) == (last.sequence, last.entry_hash)
    assert by_chain["AURORA"]["vessel_id"] == str(aurora.pk)


@pytest.mark.audit_tampered
def test_deleting_a_whole_vessels_chain_fails_verify_audit(aurora, borealis):
    for _ in range(3):
        EquipmentFactory(vessel=aurora)
    EquipmentFactory(vessel=borealis)
    length = AuditChainHead.objects.get(vessel=aurora).length
    tamper("DELETE FROM audit_auditentry WHERE vessel_id = %s", [db_value(aurora.pk)])
    assert not AuditEntry.objects.filter(vessel=aurora).exists()

    _, breaks = verify_chains()
    assert [(b.vessel_id, b.sequence) for b in breaks] == [(aurora.pk, length)]
    assert "none remain" in breaks[0].reason
    ok, err = verify()
    assert not ok and "BROKEN chain AURORA" in err and f"head says {length} entries" in err


@pytest.mark.audit_tampered
def test_a_head_that_says_more_entries_than_remain_fails_verify_audit(aurora):
    for _ in range(3):
        EquipmentFactory(vessel=aurora)
    last = AuditEntry.objects.filter(vessel=aurora).order_by("-sequence").first()
    tamper("DELETE FROM audit_auditentry WHERE id = %s", [last.pk])
    ok, err = verify()
    assert not ok and f"head says {last.sequence} entries" in err and f"{last.sequence - 1} remain" in err


def test_verify_audit_against_saved_heads_passes_while_chains_only_grow(aurora, tmp_path):
    EquipmentFactory(vessel=aurora)
    saved = heads_file(tmp_path)
    EquipmentFactory(vessel=aurora)
    ok, out = verify("--against", saved)
    assert ok and "no chain went back" in out


@pytest.mark.audit_tampered
def test_verify_audit_against_saved_heads_fails_on_a_rollback(aurora, tmp_path):
    """The tail removed and the head set back to match: the chain itself verifies, the saved head does not."""
    for _ in range(3):
        EquipmentFactory(vessel=aurora)
    saved = heads_file(tmp_path)
    chain = list(AuditEntry.objects.filter(vessel=aurora).order_by("sequence"))
    keep = chain[-3]
    tamper("DELETE FROM audit_auditentry WHERE vessel_id = %s AND sequence > %s", [db_value(aurora.pk), keep.sequence])
    AuditChainHead.objects.filter(vessel=aurora).update(length=keep.sequence, last_hash=keep.entry_hash)
    assert verify_chains()[1] == []

    ok, err = verify("--against", saved)
    assert not ok and f"ROLLED BACK chain AURORA: {keep.sequence} entries, was {chain[-1].sequence}" in err


@pytest.mark.audit_tampered
def test_verify_audit_against_saved_heads_fails_when_history_was_rewritten(aurora, tmp_path):
    """Rolled back, then written on past the saved length: as long as before, but another history."""
    for _ in range(2):
        EquipmentFactory(vessel=aurora)
    saved = heads_file(tmp_path)
    chain = list(AuditEntry.objects.filter(vessel=aurora).order_by("sequence"))
    keep = chain[-2]
    tamper("DELETE FROM audit_auditentry WHERE id = %s", [chain[-1].pk])
    AuditChainHead.objects.filter(vessel=aurora).update(length=keep.sequence, last_hash=keep.entry_hash)
    for _ in range(2):
        EquipmentFactory(vessel=aurora, name="Rewritten")
    assert verify_chains()[1] == []

    ok, err = verify("--against", saved)
    assert not ok and f"chain AURORA: entry {chain[-1].sequence} no longer has the saved hash" in err


def test_verify_audit_against_an_unreadable_file_fails(tmp_path):
    path = tmp_path / "heads.jsonl"
    path.write_text('{"chain": "AURORA"}\n')
    with pytest.raises(CommandError, match="not the output"):
        call_command("verify_audit", "--against", str(path), stdout=io.StringIO())
    with pytest.raises(CommandError, match="cannot read"):
        call_command("verify_audit", "--against", str(tmp_path / "missing.jsonl"), stdout=io.StringIO())


@pytest.mark.postgres
def test_the_audit_table_refuses_truncate_on_postgresql(aurora):
    EquipmentFactory(vessel=aurora)
    count = AuditEntry.objects.count()
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no pending FK checks: TRUNCATE meets only the trigger
    for sql in ("TRUNCATE audit_auditentry", "TRUNCATE audit_auditentry CASCADE"):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql)
    assert AuditEntry.objects.count() == count
