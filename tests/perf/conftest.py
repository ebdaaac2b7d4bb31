"""A seeded vessel at two sizes: every bounded-query test runs on both with the same bound."""

from dataclasses import dataclass
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import F

from equipment.models import Equipment, Fault
from handover.models import HandoverItem
from inventory.models import Part
from manuals.models import ManualSection
from pms.models import User, Vessel
from tests.factories import PhotoFactory, WorkOrderFactory, WorkOrderNoteFactory, WorkOrderPartFactory
from workorders.models import WorkOrder, WorkOrderPart
from workorders.services import next_work_order_number

# seed_fleet scales: the larger one has five times the rows, enough to fill a 50-row list page.
SIZES = {"small": 0.001, "large": 0.005}
OPEN_WORK_ORDERS = 10


@dataclass
class Fleet:
    vessel: Vessel
    chief: User
    engineer: User
    crew: User
    equipment: Equipment
    fault: Fault
    part: Part
    work_order: WorkOrder
    section: ManualSection
    handover_item: HandoverItem

    def open_work_order(self, index: int, *, besides=None) -> WorkOrder:
        """A distinct open work order per action (other than `besides`), so actions in one test do not meet."""
        rows = WorkOrder.objects.filter(vessel=self.vessel, status="open").order_by("number")
        return rows.exclude(pk=besides.pk)[index] if besides is not None else rows[index]

    def completable_work_order(self) -> WorkOrder:
        """An open work order whose parts list is in stock (completion deducts it)."""
        short = WorkOrderPart.objects.filter(quantity__gt=F("part__quantity_on_hand")).values("work_order")
        return WorkOrder.objects.filter(vessel=self.vessel, status="open").exclude(pk__in=short).order_by("-number")[0]


@pytest.fixture(params=list(SIZES))
def fleet(request, db) -> Fleet:
    call_command("seed_fleet", vessels=1, scale=SIZES[request.param], stdout=StringIO())
    vessel = Vessel.objects.get(code="FLEET01")
    users = {u.username.rsplit("-", 1)[1]: u for u in User.objects.filter(username__startswith="fleet01-")}
    work_order = WorkOrder.objects.filter(vessel=vessel, status="open").order_by("number").first()
    part = Part.objects.filter(vessel=vessel, quantity_on_hand__gt=F("minimum_quantity") + 5).first()
    if request.param == "large":
        # Detail pages grow with their children, not only lists with their rows.
        for _ in range(5):
            WorkOrderNoteFactory(work_order=work_order, created_by=users["engineer"])
        for _ in range(3):
            PhotoFactory(fault=Fault.objects.filter(vessel=vessel, status="open").first(), taken_by=users["crew"])
            PhotoFactory(work_order=work_order, taken_by=users["crew"])
        extra_parts = Part.objects.filter(vessel=vessel).exclude(work_order_lines__work_order=work_order)[:4]
        for extra in extra_parts:
            WorkOrderPartFactory(work_order=work_order, part=extra, added_by=users["engineer"])
    # Enough open work orders that every action naming one gets its own (test_query_bounds).
    for _ in range(max(0, OPEN_WORK_ORDERS - WorkOrder.objects.filter(vessel=vessel, status="open").count())):
        order = WorkOrderFactory(vessel=vessel, number=next_work_order_number(vessel=vessel), created_by=users["chief"])
        WorkOrderPartFactory(work_order=order, part=part, quantity=1, added_by=users["engineer"])
    return Fleet(
        vessel=vessel,
        chief=users["chief"],
        engineer=users["engineer"],
        crew=users["crew"],
        equipment=Equipment.objects.filter(vessel=vessel, parent=None).first(),
        fault=Fault.objects.filter(vessel=vessel, status="open").first(),
        part=part,
        work_order=work_order,
        section=ManualSection.objects.filter(vessel=vessel).first(),
        handover_item=HandoverItem.objects.filter(vessel=vessel).first(),
    )
