"""Invariants the database itself enforces, whatever code writes the row."""

import pytest
from django.db import IntegrityError, transaction

from equipment.models import Fault
from inventory.models import Part, StockMovement
from pms.models import Membership
from tests.factories import EquipmentFactory, PartFactory, UserFactory, WorkOrderFactory
from workorders.models import WorkOrder


def refused(create):
    with pytest.raises(IntegrityError), transaction.atomic():
        create()


def test_negative_stock_is_refused(aurora):
    refused(lambda: Part.objects.create(vessel=aurora, part_number="P-1", name="Seal", quantity_on_hand=-1))
    part = PartFactory(vessel=aurora, stock=2)
    part.quantity_on_hand = -1
    refused(part.save)
    part.refresh_from_db()
    assert part.quantity_on_hand == 2


def test_a_ledger_row_cannot_leave_stock_negative(aurora):
    part = PartFactory(vessel=aurora)
    refused(
        lambda: StockMovement.objects.create(vessel=aurora, part=part, quantity=-1, quantity_after=-1, reason="other")
    )


def test_work_order_numbers_are_unique_per_vessel(aurora, borealis):
    WorkOrderFactory(vessel=aurora, number="WO-2026-0001")
    refused(lambda: WorkOrderFactory(vessel=aurora, number="WO-2026-0001"))
    WorkOrderFactory(vessel=borealis, number="WO-2026-0001")
    assert WorkOrder.objects.filter(number="WO-2026-0001").count() == 2


def test_part_numbers_and_equipment_codes_are_unique_per_vessel(aurora):
    PartFactory(vessel=aurora, part_number="P-1")
    refused(lambda: PartFactory(vessel=aurora, part_number="P-1"))
    EquipmentFactory(vessel=aurora, code="ME-PS")
    refused(lambda: EquipmentFactory(vessel=aurora, code="ME-PS"))


def test_invalid_choices_are_refused(aurora):
    equipment = EquipmentFactory(vessel=aurora)
    refused(lambda: WorkOrderFactory(vessel=aurora, status="done"))
    refused(lambda: WorkOrderFactory(vessel=aurora, priority="asap"))
    refused(lambda: Fault.objects.create(vessel=aurora, equipment=equipment, title="Leak", severity="terrible"))
    refused(lambda: Fault.objects.create(vessel=aurora, equipment=equipment, title="Leak", status="forgotten"))
    refused(lambda: Membership.objects.create(user=UserFactory(), vessel=aurora, role="admiral"))
    refused(lambda: EquipmentFactory(vessel=aurora, criticality="extreme"))


def test_a_maximum_below_the_minimum_is_refused(aurora):
    refused(lambda: PartFactory(vessel=aurora, minimum_quantity=5, maximum_quantity=2))
