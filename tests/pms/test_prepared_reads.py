"""A record page's reads, and an action's steps, planned once per connection on PostgreSQL
(pms/prepared.py); nothing else is prepared, and nothing changes on SQLite or when switched off."""

import pytest
from django.db import connection

from pms.prepared import SERVER_BOUND_PARAMS, prepared_reads
from tests.actions import ActionClient
from tests.factories import EquipmentFactory, WorkOrderFactory
from workorders.models import WorkOrder, WorkOrderNote

postgres_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="prepared statements are PostgreSQL's")


@pytest.fixture
def new_connection(transactional_db):
    """A connection of its own: nothing prepared on it yet (committed rows, so it sees the factories')."""
    connection.close()
    connection.ensure_connection()
    assert prepared_statements() == []


def prepared_statements() -> list[str]:
    """The statements prepared on this connection, as PostgreSQL lists them."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        return [row[0] for row in cursor.fetchall()]


def prepared_reading(table: str) -> list[str]:
    return [s for s in prepared_statements() if f'FROM "{table}"' in s and "$1" in s]


@postgres_only
def test_inside_the_block_a_read_is_prepared_and_answers_as_before(new_connection, aurora):
    first, second = WorkOrderFactory(vessel=aurora, title="Seal"), WorkOrderFactory(vessel=aurora, title="Pump")
    raw = connection.connection
    before = (raw.cursor_factory, raw.prepare_threshold)

    with prepared_reads():
        assert WorkOrder.objects.get(pk=first.pk).title == "Seal"
        assert WorkOrder.objects.get(pk=second.pk).title == "Pump"  # the same statement, another value

    statements = prepared_reading("workorders_workorder")
    assert len(statements) == 1  # one shape, prepared once
    assert (raw.cursor_factory, raw.prepare_threshold) == before  # put back after the block


@postgres_only
def test_outside_the_block_nothing_is_prepared(new_connection, aurora):
    order = WorkOrderFactory(vessel=aurora)

    WorkOrder.objects.get(pk=order.pk)
    list(WorkOrder.objects.filter(vessel=aurora))

    assert prepared_reading("workorders_workorder") == []


@postgres_only
def test_a_record_page_prepares_its_reads_and_search_does_not(new_connection, client, aurora, chief):
    equipment = EquipmentFactory(vessel=aurora, code="ME-1", name="Main engine")
    order = WorkOrderFactory(vessel=aurora, equipment=equipment, title="Bow thruster seal")
    client.force_login(chief)

    response = client.get("/search?q=thruster")
    assert response.status_code == 200 and order.get_absolute_url() in response.content.decode()
    assert prepared_statements() == []

    response = client.get(order.get_absolute_url())
    assert response.status_code == 200
    assert "Bow thruster seal" in response.content.decode() and "Main engine" in response.content.decode()
    assert len(prepared_reading("workorders_workorder")) == 1
    assert prepared_reading("workorders_workordernote")  # its notes, one of the page's reads
    assert prepared_reading("pms_membership")  # the layout's, rendered inside the block


@postgres_only
def test_switched_off_nothing_is_prepared(new_connection, client, aurora, chief, settings):
    settings.PREPARED_READS = False
    order = WorkOrderFactory(vessel=aurora, title="Bow thruster seal")
    client.force_login(chief)

    response = client.get(order.get_absolute_url())

    assert response.status_code == 200 and "Bow thruster seal" in response.content.decode()
    assert prepared_statements() == []


@pytest.mark.django_db
def test_a_record_page_answers_the_same_on_every_database(client, aurora, chief):
    order = WorkOrderFactory(vessel=aurora, title="Bow thruster seal")
    client.force_login(chief)

    first = client.get(order.get_absolute_url())
    again = client.get(order.get_absolute_url())

    assert first.status_code == again.status_code == 200
    assert "Bow thruster seal" in first.content.decode() and "Bow thruster seal" in again.content.decode()
    with prepared_reads():  # a no-op on SQLite
        assert WorkOrder.objects.get(pk=order.pk).title == "Bow thruster seal"


@postgres_only
def test_an_actions_steps_prepare_their_statements_and_act_on_their_own_record(new_connection, client, aurora, chief):
    first = WorkOrderFactory(vessel=aurora, title="Bow thruster seal")
    second = WorkOrderFactory(vessel=aurora, title="Stern gland")
    as_chief = ActionClient(client, chief)

    for order, text in ((first, "Seal weeping at 40 bar"), (second, "Gland repacked")):
        response = as_chief.run("add_note_to_work_order", {"work_order_id": str(order.pk), "note_text": text})
        assert response.status_code == 200, response.json()

    assert list(first.notes.values_list("note_text", flat=True)) == ["Seal weeping at 40 bar"]
    assert list(second.notes.values_list("note_text", flat=True)) == ["Gland repacked"]
    assert prepared_reading("workorders_workorder")  # the work order read, and read again under lock
    inserts = [s for s in prepared_statements() if s.startswith('INSERT INTO "workorders_workordernote"')]
    assert len(inserts) == 1  # both notes by the one prepared statement
    raw = connection.connection
    assert raw.prepare_threshold != 0  # put back after each step


@postgres_only
def test_within_the_block_batches_fit_the_protocols_limit_of_values(new_connection, aurora, chief):
    """Bound on the server, a statement takes at most 65,535 values: within the block Django's
    batches (bulk inserts, the deletion collector's reads) are cut to fit, as with its own
    `server_side_binding` option; outside it, client-side binding has no such limit."""
    order = WorkOrderFactory(vessel=aurora)
    field = WorkOrderNote._meta.get_field("note_text")
    notes = [
        WorkOrderNote(vessel=aurora, work_order=order, note_text=f"Reading {i}", created_by=chief) for i in range(3)
    ]

    with prepared_reads():
        assert connection.features.max_query_params == SERVER_BOUND_PARAMS
        assert connection.ops.bulk_batch_size([field, field], [None] * 70_000) == SERVER_BOUND_PARAMS // 2
        WorkOrderNote.objects.bulk_create(notes)

    assert WorkOrderNote.objects.filter(work_order=order).count() == 3
    assert connection.features.max_query_params is None
    assert connection.ops.bulk_batch_size([field, field], [None] * 70_000) == 70_000
