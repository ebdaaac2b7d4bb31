"""The common jobs in one tap: log a parts-list line's usage from the work order, and put a
just-reported fault on the handover."""

import re
from html import unescape

import pytest

from handover.models import HandoverItem
from inventory.models import StockMovement
from tests.factories import EquipmentFactory, PartFactory, WorkOrderFactory, WorkOrderPartFactory

pytestmark = pytest.mark.django_db


def links(html: str, action: str) -> list[str]:
    return [unescape(href) for href in re.findall(rf'href="(/actions/{action}/\?[^"]+)"', html)]


def test_each_parts_list_line_logs_its_usage_prefilled_in_one_tap(actions, aurora, engineer):
    order = WorkOrderFactory(vessel=aurora, status="in_progress")
    seal = PartFactory(vessel=aurora, part_number="SEAL-4", stock=10)
    filter_ = PartFactory(vessel=aurora, part_number="FLT-2", stock=10)
    WorkOrderPartFactory(work_order=order, part=seal, quantity=3)
    WorkOrderPartFactory(work_order=order, part=filter_, quantity=1)
    tablet = actions.as_user(engineer)

    page = tablet.client.get(order.get_absolute_url()).content.decode()

    usage = links(page, "log_part_usage")
    assert usage == [
        f"/actions/log_part_usage/?work_order_id={order.pk}&part_id={seal.pk}&quantity=3",
        f"/actions/log_part_usage/?work_order_id={order.pk}&part_id={filter_.pk}&quantity=1",
    ]
    form = tablet.client.get(usage[0])
    assert form.status_code == 200
    initial = {name: form.context["form"][name].value() for name in ("work_order_id", "part_id", "quantity")}
    assert {k: str(v) for k, v in initial.items()} == {
        "work_order_id": str(order.pk),
        "part_id": str(seal.pk),
        "quantity": "3",
    }
    assert form.context["prefill"]["usage_reason"] == "work_order"

    data = {**initial, "usage_reason": "work_order"}
    _, done = tablet.html_run("log_part_usage", data)
    assert done.context["step"] == "result"
    movement = StockMovement.objects.get(part=seal, work_order=order)
    assert movement.quantity == -3 and movement.performed_by == engineer


@pytest.mark.parametrize("status", ["completed", "cancelled"])
def test_no_usage_links_once_the_work_order_is_no_longer_open(client, aurora, engineer, status):
    order = WorkOrderFactory(vessel=aurora, status=status)
    WorkOrderPartFactory(work_order=order, part=PartFactory(vessel=aurora, stock=5))
    client.force_login(engineer)

    assert links(client.get(order.get_absolute_url()).content.decode(), "log_part_usage") == []


def test_crew_who_may_not_log_usage_get_no_usage_links(client, aurora, crew):
    order = WorkOrderFactory(vessel=aurora, status="open")
    WorkOrderPartFactory(work_order=order, part=PartFactory(vessel=aurora, stock=5))
    client.force_login(crew)

    page = client.get(order.get_absolute_url()).content.decode()

    assert links(page, "log_part_usage") == [] and "No parts on the list." not in page


def test_a_reported_fault_goes_on_the_handover_in_one_tap(actions, aurora, crew):
    equipment = EquipmentFactory(vessel=aurora, code="WM-1", name="Watermaker")
    tablet = actions.as_user(crew)
    report = {"equipment_id": equipment.pk, "fault_code": "E031", "title": "HP switch tripped", "severity": "high"}

    _, done = tablet.html_run("report_fault", report)

    fault_id = done.context["result"]["fault"]["id"]
    [handover_link] = links(done.content.decode(), "add_to_handover")
    assert handover_link == f"/actions/add_to_handover/?entity_type=fault&entity_id={fault_id}"
    form = tablet.client.get(handover_link)
    assert "HP switch tripped" in form.context["form"]["summary_text"].value()
    data = {name: form.context["form"][name].value() or "" for name in ("entity_type", "entity_id", "summary_text")}
    tablet.html_run("add_to_handover", data)
    item = HandoverItem.objects.get(entity_id=fault_id)
    assert (item.entity_type, item.category, item.priority, item.added_by) == ("fault", "ongoing_fault", "high", crew)
