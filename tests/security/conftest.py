import pytest

from pms.roles import Role
from tests.factories import member
from tests.security.fleet import seed_fleet


@pytest.fixture
def aurora_hod(aurora):
    """An officer of AURORA only, allowed into the admin."""
    return member(aurora, Role.CHIEF_ENGINEER, username="aurora_hod", is_staff=True)


@pytest.fixture
def aurora_fleet(aurora, aurora_hod):
    return seed_fleet(aurora, hod=aurora_hod)


@pytest.fixture
def borealis_fleet(borealis, borealis_chief):
    return seed_fleet(borealis, hod=borealis_chief)
