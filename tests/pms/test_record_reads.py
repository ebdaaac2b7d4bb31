"""How a record's page reads what it shows: its vessel from the memberships, its people in one query."""

import pytest
from django.http import Http404

from pms.generic import attach_people
from pms.tenancy import get_scoped_or_404
from tests.factories import WorkOrderFactory, WorkOrderNoteFactory, member
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
