import pytest

from pms.roles import Role
from tests.factories import PartFactory, member
from tests.inventory.helpers import HtmlFlow, JsonApi


@pytest.fixture
def eto(aurora):
    return member(aurora, Role.ETO, username="eto")


@pytest.fixture
def part(aurora):
    return PartFactory(vessel=aurora, part_number="FLT-001", name="Fuel filter", minimum_quantity=3, stock=10)


@pytest.fixture
def api(client, engineer):
    return JsonApi(client, engineer)


@pytest.fixture
def html(client, engineer):
    return HtmlFlow(client, engineer)
