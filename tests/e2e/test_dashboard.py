"""The vessel dashboard: every count is right, links to the list filtered to exactly those rows,
and the page costs the same number of queries however much the vessel holds."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories import (
    EquipmentFactory,
    FaultFactory,
    HandoverItemFactory,
    PartFactory,
    WorkOrderFactory,
)

pytestmark = pytest.mark.django_db


def fill_vessel(vessel, *, engineer, other, copies=1):
    """`copies` of every kind of row the dashboard counts, plus rows it must not count."""
    today = timezone.localdate()
    equipment = EquipmentFactory(vessel=vessel)
    for _ in range(copies):
        FaultFactory(equipment=equipment, severity="critical", status="open")
        FaultFactory(equipment=equipment, severity="high", status="work_order_raised")
        FaultFactory(equipment=equipment, severity="high", status="open")
        FaultFactory(equipment=equipment, severity="low", status="resolved")  # not open
        WorkOrderFactory(vessel=vessel, status="open", due_date=today - timedelta(days=2), assignee=engineer)
        WorkOrderFactory(vessel=vessel, status="in_progress", due_date=today + timedelta(days=3), assignee=other)
        WorkOrderFactory(vessel=vessel, status="pending_parts", due_date=today + timedelta(days=30))
        WorkOrderFactory(vessel=vessel, status="completed", due_date=today - timedelta(days=9), assignee=engineer)
        PartFactory(vessel=vessel, minimum_quantity=2)  # out of stock
        PartFactory(vessel=vessel, minimum_quantity=5, stock=3)  # low
        PartFactory(vessel=vessel, minimum_quantity=1, stock=10)  # in stock
        HandoverItemFactory(vessel=vessel, summary_text="Bilge alarm forward tested.")
        HandoverItemFactory(vessel=vessel, acknowledged_at=timezone.now())  # acknowledged


def test_the_dashboard_counts_what_needs_attention(client, aurora, borealis, engineer, chief):
    fill_vessel(aurora, engineer=engineer, other=chief)
    fill_vessel(borealis, engineer=engineer, other=chief)  # another vessel's rows never count
    client.force_login(engineer)

    response = client.get("/")

    assert response.status_code == 200
    ctx = response.context
    assert [(value, n) for value, _, n in ctx["severities"]] == [
        ("critical", 1),
        ("high", 2),
        ("medium", 0),
        ("low", 0),
    ]
    assert ctx["open_fault_count"] == 3
    assert ctx["work_order_counts"] == {"active": 3, "overdue": 1, "due_this_week": 1, "in_progress": 1, "mine": 1}
    assert [wo.assignee for wo in ctx["my_work_orders"]] == [engineer]
    assert ctx["stock_counts"] == {"low": 1, "out": 1}
    assert ctx["handover_count"] == 1
    html = response.content.decode()
    for link in (
        "/equipment/faults/?status=active&amp;severity=critical",
        "/equipment/faults/?status=active&amp;severity=high",
        "/work-orders/?due=overdue",
        "/work-orders/?due=week",
        "/work-orders/?status=in_progress",
        "/work-orders/?status=active&amp;assignee=me",
        "/parts/?status=out",
        "/parts/?status=low",
        "/handover/",
    ):
        assert f'href="{link}"' in html, link


def test_each_dashboard_link_lists_exactly_the_rows_it_counted(client, aurora, engineer, chief):
    fill_vessel(aurora, engineer=engineer, other=chief, copies=2)
    client.force_login(engineer)
    ctx = client.get("/").context
    counts = {
        "/equipment/faults/?status=active": ctx["open_fault_count"],
        "/work-orders/?status=active": ctx["work_order_counts"]["active"],
        "/work-orders/?due=overdue": ctx["work_order_counts"]["overdue"],
        "/work-orders/?due=week": ctx["work_order_counts"]["due_this_week"],
        "/work-orders/?status=in_progress": ctx["work_order_counts"]["in_progress"],
        "/work-orders/?status=active&assignee=me": ctx["work_order_counts"]["mine"],
        "/parts/?status=out": ctx["stock_counts"]["out"],
        "/parts/?status=low": ctx["stock_counts"]["low"],
    }
    counts.update({f"/equipment/faults/?status=active&severity={value}": n for value, _, n in ctx["severities"]})
    for url, expected in counts.items():
        listed = client.get(url).context["page"].paginator.count
        assert listed == expected, url


def test_list_filters_combine_and_ignore_unknown_values(client, aurora, engineer, chief):
    fill_vessel(aurora, engineer=engineer, other=chief)
    client.force_login(chief)

    def listed(url):
        return client.get(url).context["page"].paginator.count

    assert listed("/equipment/faults/?severity=high") == 2
    assert listed("/equipment/faults/?status=open&severity=high") == 1
    assert listed("/equipment/faults/?status=resolved") == 1
    assert listed("/equipment/faults/?status=bogus&severity=bogus") == 4
    assert listed("/work-orders/?status=completed") == 1
    assert listed("/work-orders/?assignee=me") == 1  # the chief's in-progress one
    assert listed("/work-orders/?due=bogus") == 4


def test_pagination_keeps_the_filters(client, aurora, crew):
    equipment = EquipmentFactory(vessel=aurora)
    FaultFactory.create_batch(51, equipment=equipment, severity="high")
    client.force_login(crew)

    html = client.get("/equipment/faults/?status=open&severity=high").content.decode()

    assert 'href="?status=open&amp;severity=high&amp;page=2"' in html


def test_the_dashboard_query_count_does_not_grow_with_the_data(
    client, aurora, engineer, chief, django_assert_max_num_queries
):
    fill_vessel(aurora, engineer=engineer, other=chief)
    client.force_login(engineer)
    with django_assert_max_num_queries(21) as small:  # five tiles, each with its own counts
        assert client.get("/").status_code == 200

    fill_vessel(aurora, engineer=engineer, other=chief, copies=10)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get("/").status_code == 200
