"""Pages kept until anything on board changes (pms/pagecache.py): a page shows what was just written."""

import datetime
import re

import pytest
from django.core.cache import caches
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from equipment.models import Fault
from pms import pagecache
from pms.pagecache import PAGE_CACHE, chain_lengths
from pms.roles import Role
from pms.templatetags.pms_pages import csrf_placeholder
from tests.factories import CounterFactory, EquipmentFactory, FaultFactory, MembershipFactory, WorkOrderFactory, member
from workorders.models import WorkOrder

pytestmark = pytest.mark.django_db
HIT_QUERIES = 4


def keys_kept(monkeypatch) -> list:
    """The keys of the pages the page cache keeps from now on, in order."""
    cache = caches[PAGE_CACHE]
    keys = []
    original = cache.set

    def spy(key, value, timeout=None):
        keys.append(key)
        return original(key, value, timeout)

    monkeypatch.setattr(cache, "set", spy)
    return keys


@pytest.fixture(autouse=True)
def kept(settings, monkeypatch) -> list:
    """The keys of the pages kept during the test, in order."""
    settings.PAGE_CACHE_SECONDS = 60
    caches[PAGE_CACHE].clear()
    return keys_kept(monkeypatch)


def content(response) -> str:
    """The page's kept part: what is inside <main> (the layout around it carries a fresh CSRF token)."""
    html = response.content.decode()
    return html[html.index('<main id="main">') : html.index("</main>")]


def _queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return response, len(queries)


@pytest.mark.parametrize("url", ["/", "/work-orders/", "/maintenance/", "/counters/", "/search?q=pump"])
def test_a_page_read_twice_is_rendered_once(client, aurora, chief, url):
    EquipmentFactory(vessel=aurora, code="ME-1", name="Main engine pump")
    client.force_login(chief)

    first, rendered = _queries(client, url)
    second, kept = _queries(client, url)

    # The second read is the session, the user, the memberships and the chain lengths: nothing of the page.
    assert kept == HIT_QUERIES < rendered
    assert content(second) == content(first)


def test_keeping_a_page_costs_one_query_the_first_time(client, aurora, chief, settings):
    WorkOrderFactory.create_batch(3, vessel=aurora)
    client.force_login(chief)
    settings.PAGE_CACHE_SECONDS = 0
    _, plain = _queries(client, "/work-orders/")
    settings.PAGE_CACHE_SECONDS = 60

    _, first = _queries(client, "/work-orders/")

    assert first == plain + 1  # the chain lengths


def test_a_page_shows_what_was_just_written(actions, client, aurora, chief):
    equipment = EquipmentFactory(vessel=aurora, code="WM-1", name="Watermaker")
    client.force_login(chief)
    before = client.get("/").content.decode()
    assert "HP switch tripped" not in before

    actions.as_user(chief).run(
        "report_fault", {"equipment_id": str(equipment.pk), "title": "HP switch tripped", "severity": "high"}
    )

    assert Fault.objects.filter(title="HP switch tripped").exists()
    assert "HP switch tripped" in client.get("/").content.decode()
    assert "HP switch tripped" in client.get("/equipment/faults/").content.decode()


def test_a_change_on_another_vessel_of_the_user_moves_the_key(client, aurora, borealis, chief, kept):
    MembershipFactory(user=chief, vessel=borealis, role=Role.CHIEF_ENGINEER)
    client.force_login(chief)  # aurora is the current vessel
    client.get("/work-orders/")
    client.get("/work-orders/")
    assert len(kept) == 1

    WorkOrderFactory(vessel=borealis, title="Bow thruster seal")  # audited: borealis's chain moves

    client.get("/work-orders/")
    assert len(kept) == 2 and kept[0] != kept[1]


def test_a_record_page_is_kept_until_its_row_changes_even_behind_the_apps_back(client, aurora, chief, kept):
    order = WorkOrderFactory(vessel=aurora, title="Bow thruster seal")
    client.force_login(chief)
    first = client.get(order.get_absolute_url())
    second = client.get(order.get_absolute_url())
    assert len(kept) == 1 and content(second) == content(first)

    WorkOrder.objects.filter(pk=order.pk).update(title="Changed behind the app's back")  # moves no chain

    assert "Changed behind the app&#x27;s back" in client.get(order.get_absolute_url()).content.decode()
    assert len(kept) == 2


def test_a_record_changed_while_its_page_is_keyed_is_never_kept_stale(client, aurora, chief, monkeypatch):
    equipment = EquipmentFactory(vessel=aurora, code="BT-1", name="Bow thruster")
    order = WorkOrderFactory(vessel=aurora, equipment=equipment)
    client.force_login(chief)
    original = pagecache.chain_lengths

    def lengths_with_a_change_just_before(vessel_ids):
        monkeypatch.setattr(pagecache, "chain_lengths", original)  # once
        equipment.name = "Stern thruster"
        equipment.save()  # audited: committed just before the lengths are read
        return original(vessel_ids)

    monkeypatch.setattr(pagecache, "chain_lengths", lengths_with_a_change_just_before)
    client.get(order.get_absolute_url())

    assert "Stern thruster" in content(client.get(order.get_absolute_url()))


def test_a_kept_record_page_reads_the_record_and_its_signatures_and_nothing_else(client, aurora, chief):
    order = WorkOrderFactory(vessel=aurora)
    client.force_login(chief)
    _, rendered = _queries(client, order.get_absolute_url())
    _, kept = _queries(client, order.get_absolute_url())
    assert kept == HIT_QUERIES + 2 < rendered


def test_another_vessels_record_is_a_404_whatever_is_kept(client, aurora, borealis, chief, borealis_chief):
    order = WorkOrderFactory(vessel=borealis)
    client.force_login(borealis_chief)
    assert client.get(order.get_absolute_url()).status_code == 200
    client.force_login(chief)
    assert client.get(order.get_absolute_url()).status_code == 404


def test_pages_are_never_shared_between_users(client, aurora, chief):
    EquipmentFactory(vessel=aurora, code="ME-1")
    crew = member(aurora, Role.CREW, username="deckhand")
    client.force_login(chief)
    assert client.get("/maintenance/").status_code == 200
    crews = Client()
    crews.force_login(crew)

    _, rendered_for_crew = _queries(crews, "/maintenance/")

    assert rendered_for_crew > HIT_QUERIES


def test_another_device_of_the_user_shares_the_page_and_posts_with_its_own_token(client, aurora, chief):
    CounterFactory(equipment=EquipmentFactory(vessel=aurora, code="ME-1"))
    client.force_login(chief)
    first = content(client.get("/counters/"))
    tablet = Client(enforce_csrf_checks=True)
    tablet.force_login(chief)

    page, queries = _queries(tablet, "/counters/")
    tokens = re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', content(page))

    assert queries == HIT_QUERIES and tokens
    assert csrf_placeholder() not in content(page) and tokens[0] not in first
    # The kept page's form token is the tablet's own: a POST with it passes the CSRF check.
    assert tablet.post("/logout/", {"csrfmiddlewaretoken": tokens[0]}).status_code == 302


def test_a_vessel_never_sees_anothers_page(client, aurora, borealis, chief, borealis_chief):
    FaultFactory(vessel=aurora, title="Aurora only fault")
    client.force_login(chief)
    assert "Aurora only fault" in client.get("/equipment/faults/").content.decode()

    client.force_login(borealis_chief)

    assert "Aurora only fault" not in client.get("/equipment/faults/").content.decode()


def test_the_page_turns_over_with_the_day(client, aurora, chief, monkeypatch):
    client.force_login(chief)
    _queries(client, "/")
    _, kept = _queries(client, "/")
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: tomorrow)

    _, rendered = _queries(client, "/")

    assert kept == HIT_QUERIES < rendered


@pytest.mark.parametrize(
    "url, headers",
    [("/work-orders/?export=csv", {}), ("/search?q=pump", {"HX-Request": "true", "HX-Target": "results"})],
)
def test_exports_and_fragments_are_never_kept(client, aurora, chief, url, headers, kept):
    client.force_login(chief)

    for _ in range(2):
        response = client.get(url, headers=headers)
        assert response.status_code == 200
        # The export streams: read it to the end, as a browser would, before looking at the cache.
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert body

    assert kept == []


def test_switched_off_it_keeps_nothing(client, aurora, chief, settings, kept):
    settings.PAGE_CACHE_SECONDS = 0
    WorkOrderFactory(vessel=aurora)
    client.force_login(chief)

    for _ in range(2):
        assert client.get("/work-orders/").status_code == 200

    assert kept == []


def test_a_logged_out_visitor_is_sent_to_log_in_and_nothing_is_kept(client, aurora, kept):
    response = client.get("/maintenance/")

    assert response.status_code == 302 and "/login/" in response["Location"]
    assert kept == []


def test_chain_lengths_cover_the_vessels_and_the_fleet(aurora, borealis, chief):
    before = dict(chain_lengths({aurora.pk, borealis.pk}))

    FaultFactory(vessel=aurora)

    after = dict(chain_lengths({aurora.pk, borealis.pk}))
    assert after[str(aurora.pk)] > before[str(aurora.pk)]
    assert after[str(borealis.pk)] == before[str(borealis.pk)]
    assert set(after) == {str(aurora.pk), str(borealis.pk), "fleet"}


def test_a_kept_search_page_still_varies_on_the_htmx_headers(client, aurora, chief):
    client.force_login(chief)
    client.get("/search", {"q": "pump"})

    response, queries = _queries(client, "/search?q=pump")

    assert queries == HIT_QUERIES
    assert "HX-Request" in response["Vary"] and "HX-Target" in response["Vary"]
