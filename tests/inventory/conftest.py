import pytest

from pms.roles import Role
from tests.factories import PartFactory, member


@pytest.fixture
def eto(aurora):
    return member(aurora, Role.ETO, username="eto")


@pytest.fixture
def part(aurora):
    return PartFactory(vessel=aurora, part_number="FLT-001", name="Fuel filter", minimum_quantity=3, stock=10)


@pytest.fixture
def api(actions, engineer):
    """The engineer on the JSON API with a bearer token, as an integration calls it."""
    return actions.with_token(engineer)


@pytest.fixture
def browser(actions, engineer):
    """The engineer in the HTML flow, logged in."""
    return actions.as_user(engineer)
