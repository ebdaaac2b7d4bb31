import io

import pytest
from django.core.management import call_command

from pms.models import User
from pms.roles import Role
from tests.factories import member


@pytest.fixture
def seeded(db, django_capture_on_commit_callbacks):
    """The demo fleet, as `manage.py seed_demo` builds it, with its manuals ingested when it commits."""
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", stdout=io.StringIO())


@pytest.fixture
def superuser(db):
    return User.objects.create_superuser("root", "root@example.com", "root-pass-1234")


@pytest.fixture
def staff_chief(chief):
    """The chief engineer of AURORA, allowed into the admin."""
    chief.is_staff = True
    chief.save()
    return chief


@pytest.fixture
def fleet_manager(aurora, borealis):
    """A shore manager heading both vessels."""
    manager = member(aurora, Role.MANAGER, username="fleet_manager", is_staff=True)
    manager.memberships.create(vessel=borealis, role=Role.MANAGER)
    return manager
