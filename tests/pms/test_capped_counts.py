"""List pages count at most LIST_COUNT_CAP rows past the start: exact under it, "more than" over it."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import PartFactory, WorkOrderFactory

pytestmark = pytest.mark.django_db


def test_under_the_cap_the_count_is_exact(client, engineer, aurora, settings):
    settings.LIST_COUNT_CAP = 10
    WorkOrderFactory.create_batch(7, vessel=aurora)
    client.force_login(engineer)
    response = client.get("/work-orders/")
    paginator = response.context["page"].paginator
    assert paginator.count == 7 and not paginator.capped
    assert '<span class="count">7</span>' in response.content.decode()


def test_over_the_cap_the_page_says_more_than_and_next_still_leads_on(client, engineer, aurora, settings):
    settings.LIST_COUNT_CAP = 100
    WorkOrderFactory.create_batch(180, vessel=aurora)
    client.force_login(engineer)
    first = client.get("/work-orders/")
    html = first.content.decode()
    assert first.context["page"].paginator.capped
    assert '<span class="count">more than 100</span>' in html
    assert "Page 1 of more than 2" in html and "page=2" in html
    # Page 4 lies past the cap: the count reaches one row past it, so the page is served and ends the list.
    fourth = client.get("/work-orders/?page=4")
    page = fourth.context["page"]
    assert page.number == 4 and len(page.object_list) == 30 and not page.has_next()
    assert not page.paginator.capped and page.paginator.count == 180


@pytest.mark.page_cache_off  # the second read is the one counted
def test_the_count_query_reads_no_further_than_a_page_past_the_cap(client, engineer, aurora, settings):
    """A cap below one page counts one page and a row: the page and whether another follows."""
    settings.LIST_COUNT_CAP = 5
    PartFactory.create_batch(55, vessel=aurora)
    client.force_login(engineer)
    client.get("/parts/")
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/parts/")
    assert response.context["page"].paginator.count_label == "more than 50"
    counts = [
        q["sql"] for q in queries.captured_queries if "COUNT(" in q["sql"].upper() and "inventory_part" in q["sql"]
    ]
    assert counts and all("LIMIT 51" in sql for sql in counts), counts
