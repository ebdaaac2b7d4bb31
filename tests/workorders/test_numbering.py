"""Work order numbers: WO-YYYY-NNNN, unique per vessel, gap-free per year, safe under concurrency."""

import pytest
from django.db import transaction

from equipment.models import Fault
from pms.actions import runner
from pms.actions.base import ActionError, registry
from pms.models import User
from tests.factories import PASSWORD, FaultFactory, VesselFactory, WorkOrderFactory
from tests.workorders.conftest import in_parallel
from workorders.models import WorkOrder, WorkOrderNumberSequence
from workorders.services import next_work_order_number


@pytest.mark.django_db
def test_numbers_count_up_per_vessel_and_restart_each_year(aurora, borealis):
    assert next_work_order_number(vessel=aurora, year=2025) == "WO-2025-0001"
    assert next_work_order_number(vessel=aurora, year=2025) == "WO-2025-0002"
    assert next_work_order_number(vessel=borealis, year=2025) == "WO-2025-0001"
    assert next_work_order_number(vessel=aurora, year=2026) == "WO-2026-0001"
    assert WorkOrderNumberSequence.objects.get(vessel=aurora, year=2025).last_number == 2


@pytest.mark.django_db
def test_a_rolled_back_creation_gives_its_number_back(aurora):
    assert next_work_order_number(vessel=aurora, year=2026) == "WO-2026-0001"
    with pytest.raises(RuntimeError), transaction.atomic():
        assert next_work_order_number(vessel=aurora, year=2026) == "WO-2026-0002"
        raise RuntimeError("the work order could not be saved")
    assert next_work_order_number(vessel=aurora, year=2026) == "WO-2026-0002"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_parallel_numbering_on_a_new_year_is_unique_and_gap_free():
    vessel = VesselFactory(code="PAR1")

    def allocate(i):
        with transaction.atomic():
            return next_work_order_number(vessel=vessel, year=2031)

    numbers = in_parallel(8, allocate)
    assert sorted(numbers) == [f"WO-2031-{n:04d}" for n in range(1, 9)]
    assert WorkOrderNumberSequence.objects.filter(vessel=vessel, year=2031).count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_parallel_signed_creations_from_faults_get_unique_gap_free_numbers(chief, aurora):
    faults = [FaultFactory(vessel=aurora, equipment__vessel=aurora) for _ in range(6)]
    action = registry.get("create_work_order_from_fault")

    def create(i):
        user = User.objects.get(pk=chief.pk)
        payload = {"fault_id": str(faults[i].pk), "title": f"Fix fault {i}", "priority": "high"}
        outcome = runner.execute(
            action, user=user, payload=payload, vessel=aurora, secret=PASSWORD, idempotency_key=f"create-{i}"
        )
        return outcome.body["result"]["work_order"]["number"]

    numbers = in_parallel(len(faults), create)
    year = WorkOrder.objects.first().created_at.year
    assert sorted(numbers) == [f"WO-{year}-{n:04d}" for n in range(1, 7)]
    assert sorted(WorkOrder.objects.values_list("number", flat=True)) == sorted(numbers)
    assert set(Fault.objects.values_list("status", flat=True)) == {"work_order_raised"}


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_parallel_creations_from_one_fault_make_one_work_order(chief, aurora):
    fault = FaultFactory(vessel=aurora, equipment__vessel=aurora)
    action = registry.get("create_work_order_from_fault")

    def create(i):
        user = User.objects.get(pk=chief.pk)
        payload = {"fault_id": str(fault.pk), "title": "Fix it", "priority": "high"}
        try:
            runner.execute(
                action, user=user, payload=payload, vessel=aurora, secret=PASSWORD, idempotency_key=f"create-{i}"
            )
        except ActionError as error:
            return error.code
        return "created"

    outcomes = in_parallel(4, create)
    assert sorted(outcomes) == ["DUPLICATE_WO_EXISTS"] * 3 + ["created"]
    assert WorkOrder.objects.filter(fault=fault).count() == 1


@pytest.mark.django_db
def test_a_new_sequence_counts_on_from_numbers_already_issued(aurora, borealis):
    WorkOrderFactory(vessel=aurora, number="WO-1999-0007")
    WorkOrderFactory(vessel=borealis, number="WO-1999-0040")
    assert next_work_order_number(vessel=aurora, year=1999) == "WO-1999-0008"
