"""Signed means frozen (DESIGN §4): a signature stores the SHA-256 of what it signed, the work
order page proves it unchanged, and neither the admin nor a plain save changes a signed field."""

import hashlib

import pytest
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from audit.context import audit_context
from audit.models import Signature
from audit.services import canonical_json
from inventory.models import StockMovement
from pms.actions.base import registry
from tests.actions import ActionClient, error_code
from tests.factories import PASSWORD, PartFactory, WorkOrderPartFactory, member
from workorders.models import SignedFieldFrozen, WorkOrder

pytestmark = pytest.mark.django_db
NOTES = "Thermostat replaced, coolant topped up, ran 30 minutes."


@pytest.fixture
def staff_chief(chief):
    chief.is_staff = True
    chief.save()
    return chief


def create_signed(client, fault, **overrides) -> WorkOrder:
    payload = {"fault_id": str(fault.pk), "title": "Replace coolant thermostat", "priority": "high", **overrides}
    response = ActionClient(client).execute("create_work_order_from_fault", payload, secret=PASSWORD)
    assert response.status_code == 200, response.json()
    return WorkOrder.objects.get(pk=response.json()["result"]["id"])


def complete_signed(client, work_order) -> dict:
    payload = {"work_order_id": str(work_order.pk), "completion_notes": NOTES}
    response = ActionClient(client).execute("mark_work_order_complete", payload, secret=PASSWORD)
    assert response.status_code == 200, response.json()
    return response.json()


def sha256_of(content: dict) -> str:
    return hashlib.sha256(canonical_json(content).encode()).hexdigest()


@pytest.fixture
def completed(client, chief, fault, aurora):
    """A work order raised from the fault (signed), its parts list used up, completed (signed)."""
    client.force_login(chief)
    work_order = create_signed(client, fault)
    part = PartFactory(vessel=aurora, part_number="THERM-1", stock=4)
    WorkOrderPartFactory(work_order=work_order, part=part, quantity=1)
    complete_signed(client, work_order)
    work_order.refresh_from_db()
    return work_order, part


def test_each_signature_stores_the_sha256_of_the_fields_it_covers(completed):
    work_order, part = completed
    creation, completion = Signature.objects.filter(object_id=str(work_order.pk)).order_by("signed_at")
    assert creation.action_name == "create_work_order_from_fault"
    assert creation.signed_fields == ["title", "fault", "priority"]
    assert creation.content_hash == sha256_of(
        {"title": "Replace coolant thermostat", "fault": str(work_order.fault_id), "priority": "high"}
    )
    assert completion.signed_fields == ["completion_notes", "completed_at", "completed_by", "parts_used"]
    assert completion.content_hash == sha256_of(
        {
            "completion_notes": NOTES,
            "completed_at": work_order.completed_at.isoformat(),
            "completed_by": str(work_order.completed_by_id),
            "parts_used": [[str(part.pk), 1]],
        }
    )


def test_the_work_order_page_shows_each_signature_verified(client, completed):
    work_order, _ = completed
    html = client.get(work_order.get_absolute_url()).content.decode()
    assert "I authorise this work order" in html and "I confirm this work order is complete" in html
    assert html.count(">verified</span>") == 2 and "changed since signing" not in html


def test_a_signed_field_changed_behind_the_apps_back_shows_changed_since_signing(client, completed):
    work_order, _ = completed
    # QuerySet.update() skips save() and its guard, as a raw SQL edit would.
    WorkOrder.objects.filter(pk=work_order.pk).update(title="Something else entirely")
    html = client.get(work_order.get_absolute_url()).content.decode()
    assert html.count("changed since signing") == 1 and html.count(">verified</span>") == 1
    creation = html.index("I authorise this work order")
    assert html.index("changed since signing") > creation > html.index("Something else entirely")

    WorkOrder.objects.filter(pk=work_order.pk).update(completion_notes="Nothing was done.")
    assert client.get(work_order.get_absolute_url()).content.decode().count("changed since signing") == 2


def test_a_kept_page_shows_signed_usage_altered_behind_the_apps_back_at_once(client, completed):
    work_order, part = completed
    assert client.get(work_order.get_absolute_url()).content.decode().count(">verified</span>") == 2  # now kept

    # The work order's row is untouched; what the completion signed (the parts used) is not.
    StockMovement.objects.filter(work_order=work_order, part=part).update(quantity=-3)

    html = client.get(work_order.get_absolute_url()).content.decode()
    assert html.count("changed since signing") == 1 and html.count(">verified</span>") == 1


def test_usage_logged_after_completion_does_not_alter_what_was_signed(client, completed):
    work_order, part = completed
    usage = {"part_id": str(part.pk), "quantity": 1, "usage_reason": "work_order", "work_order_id": str(work_order.pk)}
    assert ActionClient(client).execute("log_part_usage", usage).status_code == 200
    html = client.get(work_order.get_absolute_url()).content.decode()
    assert html.count(">verified</span>") == 2


def test_a_plain_save_cannot_change_a_signed_field(completed, aurora):
    work_order, _ = completed
    for name, value in (("title", "Renamed"), ("priority", "low"), ("completion_notes", "Rewritten notes.")):
        fresh = WorkOrder.objects.get(pk=work_order.pk)
        setattr(fresh, name, value)
        with pytest.raises(SignedFieldFrozen, match=name):
            fresh.save()
    # Not even inside a signed action once it is completed: a correction is a new note.
    fresh = WorkOrder.objects.get(pk=work_order.pk)
    fresh.priority = "urgent"
    with audit_context(signature=Signature.objects.first()), pytest.raises(SignedFieldFrozen):
        fresh.save()
    assert WorkOrder.objects.get(pk=work_order.pk).title == "Replace coolant thermostat"


def test_an_open_work_orders_signed_fields_change_only_inside_a_signed_action(client, chief, fault):
    client.force_login(chief)
    work_order = WorkOrder.objects.get(pk=create_signed(client, fault).pk)
    work_order.priority = "urgent"
    with pytest.raises(SignedFieldFrozen):
        work_order.save()
    work_order.description = "Unsigned detail may change."
    work_order.priority = "high"
    work_order.save()
    work_order.priority = "urgent"
    with audit_context(signature=Signature.objects.get()):  # what a signed re-prioritisation would carry
        work_order.save()
    assert WorkOrder.objects.get(pk=work_order.pk).priority == "urgent"


def test_the_admin_shows_signed_fields_read_only(client, staff_chief, fault):
    client.force_login(staff_chief)
    work_order = create_signed(client, fault)
    url = reverse("admin:workorders_workorder_change", args=[work_order.pk])
    form = client.get(url).context["adminform"].form
    assert {"title", "fault", "priority"}.isdisjoint(form.fields)
    assert {"description", "assignee", "due_date"} <= set(form.fields)
    page = client.get(url)
    management = {
        f"{formset.formset.prefix}-{name}": value
        for formset in page.context["inline_admin_formsets"]
        for name, value in formset.formset.management_form.initial.items()
    }
    post = {**management, "title": "Renamed", "priority": "low", "description": "Seen by the chief."}
    response = client.post(url, post)
    assert response.status_code == 302, response.context["adminform"].form.errors
    work_order.refresh_from_db()
    assert (work_order.title, work_order.priority, work_order.description) == (
        "Replace coolant thermostat",
        "high",
        "Seen by the chief.",
    )


def test_a_completed_work_order_is_read_only_in_the_admin(client, completed, staff_chief):
    work_order, _ = completed
    url = reverse("admin:workorders_workorder_change", args=[work_order.pk])
    page = client.get(url)
    assert page.status_code == 200 and not page.context["adminform"].form.fields
    html = page.content.decode()
    assert html.count(">verified</span>") == 2
    before = WorkOrder.objects.values().get(pk=work_order.pk)
    response = client.post(url, {"title": "Renamed", "priority": "low", "description": "Edited", "due_date": ""})
    assert response.status_code == 403
    assert WorkOrder.objects.values().get(pk=work_order.pk) == before


def test_the_assignee_rule_is_checked_again_on_the_locked_row(client, aurora, crew, monkeypatch):
    """Completion by the assignee is decided on the locked row, not the one read before the lock."""
    from tests.factories import WorkOrderFactory

    work_order = WorkOrderFactory(vessel=aurora, status="in_progress", assignee=crew)
    action = registry.get("mark_work_order_complete")
    original_lock = type(action).lock

    def reassigned_meanwhile(self, *, user, data, target):
        # Another officer reassigns the work order between the permission check and the lock.
        WorkOrder.objects.filter(pk=work_order.pk).update(assignee=member(aurora, username="other_deck"))
        return original_lock(self, user=user, data=data, target=target)

    monkeypatch.setattr(type(action), "lock", reassigned_meanwhile)
    client.force_login(crew)
    payload = {"work_order_id": str(work_order.pk), "completion_notes": NOTES}
    response = ActionClient(client).execute("mark_work_order_complete", payload, secret=PASSWORD)
    assert (response.status_code, error_code(response)) == (403, "FORBIDDEN")
    work_order.refresh_from_db()
    assert work_order.status == "in_progress" and not Signature.objects.exists()


@pytest.mark.postgres
def test_the_signature_table_refuses_update_delete_and_truncate(completed):
    signature = Signature.objects.first()
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no pending FK checks: TRUNCATE meets only the trigger
    for sql in (
        "UPDATE audit_signature SET printed_name = 'Someone else' WHERE id = %s",
        "DELETE FROM audit_signature WHERE id = %s",
        "TRUNCATE audit_signature CASCADE",
    ):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, [signature.pk] if "%s" in sql else None)
    signature.refresh_from_db()
    assert Signature.objects.count() == 2 and signature.printed_name != "Someone else"
