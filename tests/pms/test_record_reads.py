"""How a record's page reads what it shows: its vessel from the memberships, its people in one
query, its trail's people from those already read, signatures only where an action signs."""

import pytest
from django.http import Http404

from audit.context import audit_context
from audit.models import AuditEntry
from inventory.models import Part
from pms.actions.signatures import signatures_for
from pms.related import attach_people
from pms.tenancy import get_scoped_or_404
from pms.trail import trail_of
from tests.factories import PartFactory, SignatureFactory, WorkOrderFactory, WorkOrderNoteFactory, member
from workorders.models import WorkOrder, WorkOrderNote

pytestmark = pytest.mark.django_db


def test_the_record_comes_with_its_vessel_from_the_memberships(aurora, chief, django_assert_num_queries):
    order = WorkOrderFactory(vessel=aurora)
    chief.active_memberships()  # read once per request, before any record

    with django_assert_num_queries(1):
        found = get_scoped_or_404(WorkOrder.objects.all(), chief, pk=order.pk)
        assert found.vessel == aurora and found.vessel.name == aurora.name


def test_another_vessels_record_is_still_a_404(borealis, chief):
    order = WorkOrderFactory(vessel=borealis)
    with pytest.raises(Http404):
        get_scoped_or_404(WorkOrder.objects.all(), chief, pk=order.pk)


def test_the_people_of_several_kinds_of_rows_are_read_in_one_query(aurora, chief, django_assert_num_queries):
    engineer = member(aurora, username="second_engineer")
    order = WorkOrderFactory(vessel=aurora, created_by=chief, assignee=engineer)
    WorkOrderNoteFactory(work_order=order, created_by=engineer)
    WorkOrderNoteFactory(work_order=order, created_by=chief)
    order = WorkOrder.objects.get(pk=order.pk)
    notes = list(WorkOrderNote.objects.filter(work_order=order).order_by("created_at"))

    with django_assert_num_queries(1):
        attach_people(([order], ("assignee", "created_by", "completed_by")), (notes, ("created_by",)))

    with django_assert_num_queries(0):
        assert (order.created_by, order.assignee, order.completed_by) == (chief, engineer, None)
        assert [note.created_by for note in notes] == [engineer, chief]


def test_no_people_to_name_costs_no_query(aurora, django_assert_num_queries):
    order = WorkOrder.objects.get(pk=WorkOrderFactory(vessel=aurora, created_by=None).pk)
    with django_assert_num_queries(0):
        attach_people(([order], ("assignee", "created_by", "completed_by")), ([], ("created_by",)))
        assert order.created_by is None and order.assignee is None


def test_a_kind_of_record_no_action_signs_reads_no_signatures(aurora, django_assert_num_queries):
    part = Part.objects.get(pk=PartFactory(vessel=aurora).pk)
    with django_assert_num_queries(0):
        assert signatures_for(part) == []


def test_a_signed_kind_reads_its_signatures(aurora, chief, django_assert_num_queries):
    order = WorkOrderFactory(vessel=aurora)
    SignatureFactory(vessel=aurora, signer=chief, object_type="workorders.workorder", object_id=str(order.pk))
    with django_assert_num_queries(1):
        assert [s.signer_id for s in signatures_for(order)] == [chief.pk]


def test_the_trail_names_people_already_read_without_asking_again(aurora, chief, django_assert_num_queries):
    engineer = member(aurora, username="third_engineer", first_name="Ada", last_name="Lind")
    with audit_context(actor=engineer, actor_label=engineer.username):
        order = WorkOrderFactory(vessel=aurora, created_by=engineer)
    order = WorkOrder.objects.get(pk=order.pk)
    attach_people(([order], ("created_by",)))
    chief.active_memberships()

    with django_assert_num_queries(1):  # the entries, and no one to look up
        lines = trail_of(order, user=chief)

    assert lines and {line.who for line in lines} == {engineer.printed_name}


def test_the_trail_reads_the_people_it_does_not_know_in_one_query(aurora, chief, django_assert_num_queries):
    first, second = member(aurora, username="bosun"), member(aurora, username="deckhand")
    orders = []
    for actor in (first, second):
        with audit_context(actor=actor, actor_label=actor.username):
            orders.append(WorkOrderFactory(vessel=aurora))
    entries = list(AuditEntry.objects.filter(object_id__in=[str(o.pk) for o in orders]))

    with django_assert_num_queries(1):
        attach_people((entries, ("actor",)), known=[chief])
    with django_assert_num_queries(0):
        assert {e.actor for e in entries} == {first, second}
