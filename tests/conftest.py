import pytest
from django.core.cache import caches
from django.db import connection

from audit.services import verify_chains
from pms.pagecache import PAGE_CACHE
from pms.roles import Role
from tests.actions import ActionClient
from tests.factories import VesselFactory, member
from tests.fetch_guard import n_plus_one_guard
from tests.flush import allow_test_flush
from tests.maintenance.stored import stale_stored_dues
from tests.s3 import s3_server, s3_storage  # noqa: F401  (fixtures)


@pytest.fixture(autouse=True)
def _fast_hashing(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _kept_pages(request, settings):
    """Kept pages (pms/pagecache.py) are on in the suite, as in production: every test that reads a
    page after a change checks that the page shows it. A test that counts a page's queries counts
    the page's own reads, so they are off there (tests/pms/test_pagecache.py counts what they add)."""
    counting = {"django_assert_num_queries", "django_assert_max_num_queries"} & set(request.fixturenames)
    if counting or request.node.get_closest_marker("page_cache_off") or request.path.parent.name == "perf":
        settings.PAGE_CACHE_SECONDS = 0
    caches[PAGE_CACHE].clear()


@pytest.fixture(autouse=True)
def _n_plus_one_fails():
    """While a request is served, a lazy load on a row of a multi-row query raises (tests/fetch_guard.py)."""
    with n_plus_one_guard():
        yield


def pytest_configure(config):
    allow_test_flush()


def pytest_collection_modifyitems(config, items):
    if connection.vendor == "postgresql":
        return
    skip = pytest.mark.skip(reason="needs PostgreSQL: set DATABASE_URL to a PostgreSQL database")
    for item in items:
        if "postgres" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(autouse=True)
def _audit_chains_verify(request):
    """After every test that used the database, every audit hash chain still verifies.

    The database fixture is requested from here so that this check runs before its rollback.
    """
    marker = request.node.get_closest_marker("django_db")
    names = set(request.fixturenames)
    if "transactional_db" in names or (marker and marker.kwargs.get("transaction")):
        request.getfixturevalue("transactional_db")
    elif "db" in names or marker:
        request.getfixturevalue("db")
    yield
    if (marker or names & {"db", "transactional_db"}) and not request.node.get_closest_marker("audit_tampered"):
        _, breaks = verify_chains()
        assert not breaks, f"the audit chain is broken after this test: {breaks}"
        moved = stale_stored_dues()
        assert not moved, f"a maintenance job's stored due is not its current due after this test: {moved}"


@pytest.fixture
def actions(client) -> ActionClient:
    """Drives actions over the JSON API and the HTML flow: `actions.as_user(chief).run(name, payload)`."""
    return ActionClient(client)


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
