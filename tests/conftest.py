import pytest
from django.db import connection

from pms.roles import Role
from tests.factories import VesselFactory, member


@pytest.fixture(autouse=True)
def _fast_hashing(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"


def pytest_collection_modifyitems(config, items):
    if connection.vendor == "postgresql":
        return
    skip = pytest.mark.skip(reason="needs PostgreSQL: set DATABASE_URL to a PostgreSQL database")
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(skip)


@pytest.fixture
def aurora(db):
    return VesselFactory(name="Aurora", code="AURORA")


@pytest.fixture
def borealis(db):
    return VesselFactory(name="Borealis", code="BOREALIS")


@pytest.fixture
def crew(aurora):
    return member(aurora, Role.CREW, username="deck")


@pytest.fixture
def engineer(aurora):
    return member(aurora, Role.ENGINEER, username="engineer")


@pytest.fixture
def chief(aurora):
    return member(aurora, Role.CHIEF_ENGINEER, username="chief")


@pytest.fixture
def borealis_chief(borealis):
    return member(borealis, Role.CHIEF_ENGINEER, username="borealis_chief")
