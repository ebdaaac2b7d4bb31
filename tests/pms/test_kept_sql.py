"""A record page's reads, and an action's steps', reuse their SQL (pms/prepared.py, `KeptSQL`): the
SQL around the WHERE clause is written once per connection and shape, the WHERE clause with each
read's values; reads of another shape, or that a shape does not describe, are written in full. On
every database."""

import pytest
from django.db import connections, transaction
from django.db.models import Count, Sum
from django.db.models.sql.compiler import SQLCompiler

from pms.prepared import KeptSQLMismatch, prepared_reads
from tests.factories import EquipmentFactory, WorkOrderFactory, WorkOrderNoteFactory
from workorders.models import WorkOrder, WorkOrderNote

pytestmark = pytest.mark.django_db


def kept() -> dict:
    """The shapes this connection keeps."""
    return vars(connections["default"]).get("kept_sql", {})


@pytest.fixture(autouse=True)
def nothing_kept_yet():
    kept().clear()


@pytest.fixture
def columns_written(monkeypatch):
    """How many times Django wrote a SELECT's column list (it does for every SQL written in full)."""
    calls = []
    original = SQLCompiler.setup_query

    def counting(self, *args, **kwargs):
        calls.append(self.query.model)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(SQLCompiler, "setup_query", counting)
    return calls


def test_a_read_of_the_same_shape_reuses_its_sql_with_new_values(
    aurora, columns_written, django_assert_num_queries, settings
):
    settings.PREPARED_READS_CHECK = False  # the check writes every SQL afresh to compare
    pump, thruster = EquipmentFactory(vessel=aurora, name="Pump"), EquipmentFactory(vessel=aurora, name="Thruster")
    first = WorkOrderFactory(vessel=aurora, equipment=pump, title="Seal")
    second = WorkOrderFactory(vessel=aurora, equipment=thruster, title="Impeller")

    with prepared_reads():
        one = WorkOrder.objects.select_related("equipment").get(pk=first.pk)
        written = len(columns_written)
        with django_assert_num_queries(1):
            other = WorkOrder.objects.select_related("equipment").get(pk=second.pk)
            assert (other.title, other.equipment.name) == ("Impeller", "Thruster")  # its related row, no query

    assert (one.title, one.equipment.name) == ("Seal", "Pump")
    assert len(columns_written) == written  # the second read's columns were not written again
    assert [shape[0] for shape in kept()] == [WorkOrder]


def test_lists_of_values_of_any_length_and_an_empty_one(aurora):
    orders = [WorkOrderFactory(vessel=aurora, title=title) for title in ("A", "B", "C")]

    def titles(rows):
        with prepared_reads():
            return list(
                WorkOrder.objects.filter(pk__in=[o.pk for o in rows]).order_by("title").values_list("title", flat=True)
            )

    assert titles(orders[:1]) == ["A"]
    assert titles(orders) == ["A", "B", "C"]
    assert titles(orders[1:]) == ["B", "C"]
    assert titles([]) == []
    assert len(kept()) == 1


def test_each_shape_is_kept_apart(aurora):
    pump = EquipmentFactory(vessel=aurora, name="Pump")
    order = WorkOrderFactory(vessel=aurora, equipment=pump, title="Seal")
    WorkOrderFactory(vessel=aurora, title="Filter")

    with prepared_reads():
        related = WorkOrder.objects.select_related("equipment").get(pk=order.pk)
        plain = WorkOrder.objects.get(pk=order.pk)
        few = WorkOrder.objects.only("title").get(pk=order.pk)
        newest = list(WorkOrder.objects.filter(vessel=aurora).order_by("-title")[:1])
        oldest = list(WorkOrder.objects.filter(vessel=aurora).order_by("title")[:1])

    assert "equipment" in related._state.fields_cache and "equipment" not in plain._state.fields_cache
    assert few.get_deferred_fields() and not plain.get_deferred_fields()
    assert (newest[0].title, oldest[0].title) == ("Seal", "Filter")
    assert len(kept()) == 5


def test_reads_a_shape_does_not_describe_are_written_in_full(aurora, chief):
    order = WorkOrderFactory(vessel=aurora)
    WorkOrderNoteFactory(work_order=order, vessel=aurora)
    WorkOrderNoteFactory(work_order=order, vessel=aurora)

    with prepared_reads():
        assert WorkOrderNote.objects.filter(work_order=order).count() == 2
        assert WorkOrder.objects.filter(pk=order.pk).annotate(notes_count=Count("notes")).get().notes_count == 2
        assert WorkOrder.objects.filter(vessel=aurora).aggregate(total=Sum("version"))["total"] == order.version
        assert WorkOrder.objects.filter(pk=order.pk).exists()
        assert list(WorkOrder.objects.all()) == [order]  # no WHERE clause to write

    assert kept() == {}


def test_the_kept_sql_is_what_runs_and_the_check_compares_it(aurora, settings):
    for title in ("A", "B"):
        WorkOrderFactory(vessel=aurora, title=title)

    def titles():
        with prepared_reads():
            return [o.title for o in WorkOrder.objects.filter(vessel=aurora).order_by("title")]

    assert titles() == ["A", "B"]
    (shape,) = kept().values()
    shape.tail = shape.tail.replace(" ASC", " DESC")  # as if another order had been kept under this shape

    settings.PREPARED_READS_CHECK = False
    assert titles() == ["B", "A"]  # the kept SQL ran, not SQL written afresh
    settings.PREPARED_READS_CHECK = True
    with pytest.raises(KeptSQLMismatch):
        titles()


def test_outside_the_block_nothing_is_kept_and_the_connection_is_put_back(aurora):
    order = WorkOrderFactory(vessel=aurora, title="Seal")

    with prepared_reads():
        with prepared_reads():  # a block within a block changes nothing more
            assert WorkOrder.objects.get(pk=order.pk).title == "Seal"
        assert WorkOrder.objects.get(pk=order.pk).title == "Seal"
    assert "compiler" not in vars(connections["default"].ops)
    kept().clear()

    assert WorkOrder.objects.get(pk=order.pk).title == "Seal"
    assert kept() == {}


def test_record_pages_keep_their_reads_and_each_shows_its_own(client, aurora, chief):
    first = WorkOrderFactory(vessel=aurora, title="Bow thruster seal")
    second = WorkOrderFactory(vessel=aurora, title="Stern gland")
    WorkOrderNoteFactory(work_order=first, vessel=aurora, note_text="Seal weeping at 40 bar")
    WorkOrderNoteFactory(work_order=second, vessel=aurora, note_text="Gland repacked")
    client.force_login(chief)

    one = client.get(first.get_absolute_url()).content.decode()
    shapes = len(kept())
    other = client.get(second.get_absolute_url()).content.decode()

    assert "Bow thruster seal" in one and "Seal weeping at 40 bar" in one and "Gland repacked" not in one
    assert "Stern gland" in other and "Gland repacked" in other and "Seal weeping" not in other
    assert shapes >= 5  # the work order, its signatures, notes, parts list, ledger rows, …
    assert {shape[0] for shape in kept()} >= {WorkOrder, WorkOrderNote}


def locked(shape_key) -> bool:
    return shape_key[-1][0]  # the lock and its options close the shape


def test_a_lock_is_kept_with_its_read_and_apart_from_the_plain_read(aurora, columns_written, settings):
    settings.PREPARED_READS_CHECK = False
    first, second = WorkOrderFactory(vessel=aurora, title="Seal"), WorkOrderFactory(vessel=aurora, title="Filter")

    with prepared_reads(), transaction.atomic():
        assert WorkOrder.objects.select_for_update().get(pk=first.pk).title == "Seal"
        written = len(columns_written)
        assert WorkOrder.objects.select_for_update().get(pk=second.pk).title == "Filter"
        assert len(columns_written) == written  # kept: the lock's read was not written again
        assert WorkOrder.objects.get(pk=second.pk).title == "Filter"
        assert WorkOrder.objects.select_for_update(of=("self",)).get(pk=first.pk).title == "Seal"

    assert sorted(locked(key) for key in kept()) == [False, True, True]
    if connections["default"].features.has_select_for_update:
        sqls = [shape.tail for shape in kept().values()]
        assert sum("FOR UPDATE" in tail for tail in sqls) == 2


@pytest.mark.skipif(
    not connections["default"].features.has_select_for_update, reason="locks are PostgreSQL's (SQLite ignores them)"
)
@pytest.mark.django_db(transaction=True)  # outside the test's own transaction, as a request is
def test_a_kept_lock_outside_a_transaction_is_refused_as_django_refuses_it(aurora, settings):
    from django.db.transaction import TransactionManagementError

    settings.PREPARED_READS_CHECK = False  # as in production: the check's fresh SQL would refuse it too
    order = WorkOrderFactory(vessel=aurora, title="Seal")
    with prepared_reads():
        with transaction.atomic():
            WorkOrder.objects.select_for_update().get(pk=order.pk)
        assert any(locked(key) for key in kept())
        with pytest.raises(TransactionManagementError):
            WorkOrder.objects.select_for_update().get(pk=order.pk)


def test_action_steps_keep_their_reads_and_each_acts_on_its_own_record(actions, aurora, chief):
    first = WorkOrderFactory(vessel=aurora, title="Bow thruster seal")
    second = WorkOrderFactory(vessel=aurora, title="Stern gland")
    as_chief = actions.as_user(chief)

    for order, text in ((first, "Seal weeping at 40 bar"), (second, "Gland repacked")):
        payload = {"work_order_id": str(order.pk), "note_text": text}
        assert as_chief.preview("add_note_to_work_order", payload).status_code == 200
        response = as_chief.run("add_note_to_work_order", payload)
        assert response.status_code == 200, response.json()

    assert list(first.notes.values_list("note_text", flat=True)) == ["Seal weeping at 40 bar"]
    assert list(second.notes.values_list("note_text", flat=True)) == ["Gland repacked"]
    work_order_shapes = [key for key in kept() if key[0] is WorkOrder]
    assert work_order_shapes and any(locked(key) for key in work_order_shapes)  # execute's read under lock
    assert "compiler" not in vars(connections["default"].ops)  # put back after each step
