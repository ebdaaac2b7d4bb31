"""The audit log: old → new per field, actor and context, append-only, hash chain, verify_audit."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from audit.context import audit_context
from audit.models import AuditEntry
from audit.services import verify_chains
from tests.factories import EquipmentFactory, PartFactory

pytestmark = pytest.mark.django_db


def entries_for(obj):
    return AuditEntry.objects.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk)).order_by("id")


def test_update_logs_only_changed_fields_with_old_and_new(aurora, chief):
    equipment = EquipmentFactory(vessel=aurora, location="Engine room")
    with audit_context(actor=chief, actor_label="", action_name="edit", request_id="req-1"):
        equipment.location = "Lazarette"
        equipment.save()
    entry = entries_for(equipment).last()
    assert entry.operation == "update"
    assert entry.changes == {"location": ["Engine room", "Lazarette"]}
    assert (entry.actor, entry.actor_label, entry.action_name, entry.request_id) == (chief, "chief", "edit", "req-1")


def test_save_without_changes_logs_nothing(aurora):
    equipment = EquipmentFactory(vessel=aurora)
    before = AuditEntry.objects.count()
    equipment.save()
    assert AuditEntry.objects.count() == before


def test_delete_is_logged_with_old_values(aurora):
    equipment = EquipmentFactory(vessel=aurora, code="FW-PUMP")
    pk = equipment.pk
    equipment.delete()
    entry = AuditEntry.objects.filter(object_id=str(pk)).order_by("id").last()
    assert entry.operation == "delete" and entry.changes["code"] == ["FW-PUMP", None]


def test_changes_without_context_are_logged_as_system(aurora):
    equipment = EquipmentFactory(vessel=aurora)
    entry = entries_for(equipment).get()
    assert entry.actor is None and entry.actor_label.startswith("system:")


def test_commands_log_as_system_with_their_name(aurora):
    from tests.factories import UserFactory

    user = UserFactory(username="nav")
    call_command("issue_api_token", "nav", stdout=io.StringIO())
    entry = AuditEntry.objects.filter(object_type="pms.apitoken").get()
    assert entry.actor_label == "system:issue_api_token"
    assert entry.changes["token_hash"] == [None, "••••••"]
    assert entry.changes["user_id"] == [None, str(user.pk)]


def test_requests_log_the_user_and_a_request_id(client, chief, aurora):
    client.force_login(chief)
    response = client.post("/profile/", {"current_password": "test-pass-1234", "pin": "123456", "pin_again": "123456"})
    entry = AuditEntry.objects.filter(object_type="pms.user", operation="update").order_by("id").last()
    assert entry.actor == chief and entry.request_id == response["X-Request-ID"]
    assert entry.changes == {"signing_pin": ["", "••••••"]}


def test_entries_chain_per_vessel(aurora, borealis):
    EquipmentFactory(vessel=aurora)
    EquipmentFactory(vessel=borealis)
    EquipmentFactory(vessel=aurora)
    chain = list(AuditEntry.objects.filter(vessel=aurora).order_by("sequence"))
    assert [e.sequence for e in chain] == list(range(1, len(chain) + 1))
    assert chain[0].previous_hash == ""
    assert all(b.previous_hash == a.entry_hash for a, b in zip(chain, chain[1:], strict=False))
    checked, breaks = verify_chains()
    assert checked == AuditEntry.objects.count() and breaks == []


def test_verify_audit_passes_on_an_intact_log(aurora):
    PartFactory(vessel=aurora, stock=3)
    out = io.StringIO()
    call_command("verify_audit", stdout=out)
    assert "intact" in out.getvalue()


@pytest.mark.postgres
def test_audit_table_refuses_update_and_delete_on_postgresql(aurora):
    EquipmentFactory(vessel=aurora)
    entry = AuditEntry.objects.first()
    for sql in (
        "UPDATE audit_auditentry SET actor_label = 'someone else' WHERE id = %s",
        "DELETE FROM audit_auditentry WHERE id = %s",
    ):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, [entry.pk])
    entry.refresh_from_db()
    assert entry.actor_label.startswith("system:")


@pytest.mark.postgres
@pytest.mark.audit_tampered
def test_verify_audit_names_the_first_tampered_entry(aurora):
    for _ in range(3):
        EquipmentFactory(vessel=aurora)
    chain = list(AuditEntry.objects.filter(vessel=aurora).order_by("sequence"))
    victim = chain[1]
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no pending FK checks block the ALTER
        cursor.execute("ALTER TABLE audit_auditentry DISABLE TRIGGER audit_entry_append_only")
        cursor.execute(
            'UPDATE audit_auditentry SET changes = \'{"code": [null, "FORGED"]}\'::jsonb WHERE id = %s', [victim.pk]
        )
        cursor.execute("ALTER TABLE audit_auditentry ENABLE TRIGGER audit_entry_append_only")
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("verify_audit", stdout=io.StringIO(), stderr=err)
    assert f"entry id {victim.pk} (sequence {victim.sequence})" in err.getvalue()
    assert "altered" in err.getvalue()


@pytest.mark.postgres
@pytest.mark.audit_tampered
def test_verify_audit_notices_a_removed_entry(aurora):
    for _ in range(3):
        EquipmentFactory(vessel=aurora)
    victim = AuditEntry.objects.filter(vessel=aurora).order_by("sequence")[1]
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no pending FK checks block the ALTER
        cursor.execute("ALTER TABLE audit_auditentry DISABLE TRIGGER audit_entry_append_only")
        cursor.execute("DELETE FROM audit_auditentry WHERE id = %s", [victim.pk])
        cursor.execute("ALTER TABLE audit_auditentry ENABLE TRIGGER audit_entry_append_only")
    _, breaks = verify_chains()
    assert len(breaks) == 1 and "missing" in breaks[0].reason


def test_entity_pages_show_their_audit_trail(actions, chief, aurora):
    part = PartFactory(vessel=aurora, stock=4)
    as_chief = actions.as_user(chief)
    as_chief.execute("record_stock_count", {"part_id": str(part.pk), "counted_quantity": 3})
    html = as_chief.client.get(part.get_absolute_url()).content.decode()
    assert "Audit trail" in html and "Count stock" in html
    assert '<span class="change-label">Quantity on hand</span>: 4 → 3' in html
