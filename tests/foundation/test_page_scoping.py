"""Another vessel's rows do not exist for a user: 404 on their pages, absent from lists."""

import pytest
from django.urls import reverse

from pms.roles import Role
from tests.factories import EquipmentFactory, FaultFactory, PartFactory, WorkOrderFactory, member


@pytest.fixture
def rows(aurora, borealis):
    mine = EquipmentFactory(vessel=aurora, code="AUR-PUMP", name="Aurora bilge pump")
    theirs = EquipmentFactory(vessel=borealis, code="BOR-PUMP", name="Borealis bilge pump")
    return {
        "aurora": {
            "equipment:detail": mine,
            "equipment:fault_detail": FaultFactory(equipment=mine, title="Aurora pump leaking"),
            "workorders:detail": WorkOrderFactory(vessel=aurora, title="Aurora impeller change"),
            "inventory:part_detail": PartFactory(vessel=aurora, name="Aurora impeller kit"),
        },
        "borealis": {
            "equipment:detail": theirs,
            "equipment:fault_detail": FaultFactory(equipment=theirs, title="Borealis pump leaking"),
            "workorders:detail": WorkOrderFactory(vessel=borealis, title="Borealis impeller change"),
            "inventory:part_detail": PartFactory(vessel=borealis, name="Borealis impeller kit"),
        },
    }


DETAIL_PAGES = ["equipment:detail", "equipment:fault_detail", "workorders:detail", "inventory:part_detail"]


@pytest.mark.parametrize("url_name", DETAIL_PAGES)
def test_another_vessels_record_is_404_for_a_member(client, crew, rows, url_name):
    client.force_login(crew)
    assert client.get(reverse(url_name, args=[rows["aurora"][url_name].pk])).status_code == 200
    response = client.get(reverse(url_name, args=[rows["borealis"][url_name].pk]))
    assert response.status_code == 404
    assert b"Borealis" not in response.content


@pytest.mark.parametrize("url_name", DETAIL_PAGES)
def test_a_hod_of_one_vessel_gets_404_for_the_other(client, chief, rows, url_name):
    client.force_login(chief)
    assert client.get(reverse(url_name, args=[rows["borealis"][url_name].pk])).status_code == 404


@pytest.mark.parametrize(
    ("list_url", "mine", "theirs"),
    [
        ("equipment:list", "Aurora bilge pump", "Borealis bilge pump"),
        ("equipment:fault_list", "Aurora pump leaking", "Borealis pump leaking"),
        ("workorders:list", "Aurora impeller change", "Borealis impeller change"),
        ("inventory:part_list", "Aurora impeller kit", "Borealis impeller kit"),
    ],
)
def test_lists_show_only_the_current_vessels_rows(client, aurora, borealis, rows, list_url, mine, theirs):
    manager = member(aurora, Role.MANAGER)
    manager.memberships.create(vessel=borealis, role=Role.MANAGER)
    manager.current_vessel = aurora
    manager.save()
    client.force_login(manager)

    content = client.get(reverse(list_url)).content.decode()
    assert mine in content
    assert theirs not in content

    manager.current_vessel = borealis
    manager.save()
    content = client.get(reverse(list_url)).content.decode()
    assert theirs in content
    assert mine not in content
