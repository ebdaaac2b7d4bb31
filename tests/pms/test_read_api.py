"""Read endpoints: the caller's vessels only, paginated, 404 for anything else."""

import pytest

from pms.roles import Role
from tests.factories import (
    EquipmentFactory,
    MembershipFactory,
    PartFactory,
    WorkOrderFactory,
    WorkOrderPartFactory,
    member,
)

pytestmark = pytest.mark.django_db


def test_vessels_lists_the_callers_vessels_and_role(client, aurora, borealis):
    manager = member(aurora, Role.MANAGER)
    MembershipFactory(user=manager, vessel=borealis, role=Role.MANAGER)
    client.force_login(manager)
    body = client.get("/api/v1/vessels").json()
    assert [(v["code"], v["role"], v["is_hod"]) for v in body["vessels"]] == [
        ("AURORA", "manager", True),
        ("BOREALIS", "manager", True),
    ]


def test_collections_show_only_the_callers_vessels(client, crew, aurora, borealis):
    own = PartFactory(vessel=aurora, part_number="FLT-100", stock=1, minimum_quantity=2)
    PartFactory(vessel=borealis, part_number="FLT-200")
    client.force_login(crew)
    body = client.get("/api/v1/parts").json()
    assert [i["part_number"] for i in body["items"]] == ["FLT-100"]
    item = body["items"][0]
    assert (item["id"], item["quantity_on_hand"], item["minimum_quantity"], item["stock_status"]) == (
        str(own.pk),
        1,
        2,
        "LOW_STOCK",
    )
    assert body["pagination"] == {"page": 1, "page_size": 50, "total_count": 1, "has_more": False}
    assert client.get("/api/v1/parts?vessel=BOREALIS").status_code == 404


def test_search_and_pagination(client, crew, aurora):
    for i in range(55):
        EquipmentFactory(vessel=aurora, code=f"HVAC-{i:02d}", name="Air handler")
    EquipmentFactory(vessel=aurora, code="WM-1", name="Watermaker")
    client.force_login(crew)
    first = client.get("/api/v1/equipment?vessel=AURORA&q=air").json()
    assert first["pagination"] == {"page": 1, "page_size": 50, "total_count": 55, "has_more": True}
    second = client.get("/api/v1/equipment?q=air&page=2").json()
    assert len(second["items"]) == 5 and not second["pagination"]["has_more"]
    assert client.get("/api/v1/equipment?page=9").status_code == 400
    assert client.get("/api/v1/equipment?page=x").status_code == 400


def test_work_order_detail_carries_parts_and_notes(client, crew, aurora):
    order = WorkOrderFactory(vessel=aurora, number="WO-2026-0007")
    line = WorkOrderPartFactory(work_order=order, quantity=3)
    client.force_login(crew)
    item = client.get(f"/api/v1/work-orders/{order.pk}").json()["item"]
    assert item["number"] == "WO-2026-0007" and item["fault_id"] is None
    (part,) = item["parts"]
    assert {k: part[k] for k in ("part_id", "part_number", "quantity", "notes")} == {
        "part_id": str(line.part_id),
        "part_number": line.part.part_number,
        "quantity": 3,
        "notes": "",
    }
    assert part["stock_status"] == line.part.stock_status  # the same line shape as the work order page


def test_another_vessels_object_and_unknown_collection_are_404(client, crew, borealis):
    foreign = WorkOrderFactory(vessel=borealis)
    client.force_login(crew)
    for url in (f"/api/v1/work-orders/{foreign.pk}", "/api/v1/work-orders/not-a-uuid", "/api/v1/yachts"):
        response = client.get(url)
        assert response.status_code == 404 and response.json()["status"] == "error"
