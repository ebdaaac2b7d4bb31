"""The counters' pages: the daily rounds, a counter's page with its curve, the equipment page, the
dashboard tile and the read API — scoped to the user's vessels, with bounded queries."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse

from counters.models import CounterReading
from counters.services import record_reading
from tests.counters.conftest import fresh, minutes_ago
from tests.factories import CounterFactory, EquipmentFactory

pytestmark = pytest.mark.django_db


def add_counters(vessel, n, now, *, prefix="GEN"):
    return [
        CounterFactory(
            equipment=EquipmentFactory(vessel=vessel, code=f"{prefix}-{i:02d}"),
            readings=[(100, minutes_ago(now, 60 * 48)), (120, minutes_ago(now, 60))],
        )
        for i in range(n)
    ]


@pytest.fixture
def stale_counter(aurora, now):
    engine = EquipmentFactory(vessel=aurora, code="STR-1-HPU1", name="Steering hydraulic unit 1")
    return CounterFactory(equipment=engine, readings=[(800, now - timedelta(days=9))])


def test_the_rounds_list_the_vessels_counters_only_with_a_quick_entry_each(
    client, engineer, counter, stale_counter, borealis_counter
):
    client.force_login(engineer)
    response = client.get(reverse("counters:rounds"))
    page = response.content.decode()
    assert [row["id"] for row in response.context["rows"]] == [str(counter.pk), str(stale_counter.pk)]
    assert str(borealis_counter.pk) not in page
    for c in (counter, stale_counter):
        row = re.search(rf'<li class="round[^"]*" id="counter-{c.pk}">(.*?)</li>', page, re.S).group(1)
        assert 'hx-post="/actions/record_counter_reading/"' in row
        assert f'name="counter_id" value="{c.pk}"' in row and 'name="step" value="preview"' in row
    stale_row = page.split(f'id="counter-{stale_counter.pk}"')[1]
    assert (
        "badge-stale" in stale_row
        and "badge-stale"
        not in page.split(f'id="counter-{counter.pk}"')[1].split(f'id="counter-{stale_counter.pk}"')[0]
    )
    assert "1,020" in page  # the engine's meter, with thousands separated


def test_stale_1_lists_only_the_stale_counters(client, engineer, counter, stale_counter):
    client.force_login(engineer)
    rows = client.get(reverse("counters:rounds"), {"stale": "1"}).context["rows"]
    assert [row["id"] for row in rows] == [str(stale_counter.pk)]


def test_crew_see_the_rounds_without_entry_forms(client, crew, counter):
    client.force_login(crew)
    page = client.get(reverse("counters:rounds")).content.decode()
    assert "1,020" in page and "record_counter_reading" not in page


@pytest.mark.parametrize("n", [1, 5])
def test_the_rounds_run_the_same_queries_whatever_the_number_of_counters(
    client, engineer, aurora, now, n, django_assert_max_num_queries
):
    add_counters(aurora, n, now)
    client.force_login(engineer)
    with django_assert_max_num_queries(7):
        response = client.get(reverse("counters:rounds"))
    assert len(response.context["rows"]) == n


@pytest.mark.parametrize("n", [2, 40])
def test_a_counter_page_runs_the_same_queries_whatever_its_readings(
    client, engineer, counter, n, django_assert_max_num_queries
):
    for step in range(1, n + 1):  # every half hour since yesterday's reading, an hour more each time
        record_reading(
            counter=counter,
            meter_reading=1020 + step,
            read_at=counter.last_read_at + timedelta(minutes=30),
            recorded_by=engineer,
        )
    client.force_login(engineer)
    with django_assert_max_num_queries(13):
        response = client.get(reverse("counters:detail", args=[counter.pk]))
    assert response.status_code == 200 and response.context["curve"] is not None


def test_a_counter_page_draws_its_curve_and_lists_its_readings_newest_first(client, engineer, counter):
    client.force_login(engineer)
    response = client.get(reverse("counters:detail", args=[counter.pk]))
    page = response.content.decode()
    svg = re.search(r"<svg[^>]*>.*?</svg>", page, re.S).group(0)
    assert 'role="img"' in svg and 'aria-labelledby="curve-title curve-desc"' in svg
    assert '<title id="curve-title">Running hours of ME-PS' in svg
    assert "2 readings from 1,000 h" in svg
    points = re.search(r'<polyline class="curve-line" points="([^"]+)"', svg).group(1).split()
    assert len(points) == 2
    (x0, y0), (x1, y1) = (map(float, p.split(",")) for p in points)
    assert x0 < x1 and y0 > y1  # later and higher: up and to the right
    assert [r.reading for r in response.context["readings"]] == [1020, 1000]
    assert "style=" not in page  # strict CSP: no inline styles


def test_a_counter_page_of_another_vessel_is_404(client, engineer, borealis_counter):
    client.force_login(engineer)
    assert client.get(reverse("counters:detail", args=[borealis_counter.pk])).status_code == 404


def test_the_counter_page_offers_recording_and_to_heads_replacing(client, engineer, chief, counter):
    client.force_login(engineer)
    buttons = [b["name"] for b in client.get(reverse("counters:detail", args=[counter.pk])).context["object_buttons"]]
    assert buttons == ["record_counter_reading"]
    client.force_login(chief)
    buttons = [b["name"] for b in client.get(reverse("counters:detail", args=[counter.pk])).context["object_buttons"]]
    assert buttons == ["record_counter_reading", "replace_counter"]


def test_equipment_shows_its_own_or_its_ancestors_counter_with_a_record_hours_button(
    client, engineer, aurora, counter, main_engine
):
    turbo = EquipmentFactory(vessel=aurora, parent=main_engine, code="ME-PS-TC", name="Turbocharger")
    impeller = EquipmentFactory(vessel=aurora, parent=turbo, code="ME-PS-TC-IMP", name="Compressor wheel")
    client.force_login(engineer)
    for equipment, inherited in ((main_engine, False), (turbo, True), (impeller, True)):
        response = client.get(reverse("equipment:detail", args=[equipment.pk]))
        page = response.content.decode()
        assert reverse("counters:detail", args=[counter.pk]) in page, equipment
        assert ("Runs on the hours of ME-PS" in page) is inherited, equipment
        record = next(b for b in response.context["object_buttons"] if b["name"] == "record_counter_reading")
        assert record["label"] == "Record hours" and f"counter_id={counter.pk}" in record["url"]


def test_equipment_without_a_counter_anywhere_up_shows_none(client, engineer, aurora):
    pump = EquipmentFactory(vessel=aurora, code="FP-1", name="Fire pump")
    client.force_login(engineer)
    response = client.get(reverse("equipment:detail", args=[pump.pk]))
    assert response.context["panels"] == []
    assert "record_counter_reading" not in [b["name"] for b in response.context["object_buttons"]]


def test_the_dashboard_counts_the_stale_counters_and_links_to_them(client, engineer, counter, stale_counter):
    client.force_login(engineer)
    response = client.get(reverse("dashboard"))
    assert response.context["counter_counts"]["stale"] == 1
    page = response.content.decode()
    tile = re.search(r'href="/counters/\?stale=1"><span class="tile-count">(\d+)</span>', page)
    assert tile and tile.group(1) == "1"
    assert "STR-1-HPU1 Running hours" in page


def test_the_read_api_lists_counters_and_shows_one_with_its_readings(client, engineer, counter, borealis_counter):
    client.force_login(engineer)
    body = client.get("/api/v1/counters").json()
    assert [item["id"] for item in body["items"]] == [str(counter.pk)]
    item = body["items"][0]
    assert {k: item[k] for k in ("vessel", "equipment_id", "name", "unit", "value", "meter_value", "stale")} == {
        "vessel": "AURORA",
        "equipment_id": str(counter.equipment_id),
        "name": "Running hours",
        "unit": "h",
        "value": 1020,
        "meter_value": 1020,
        "stale": False,
    }
    assert (item["daily_rate"], item["default_daily_hours"]) == (20.0, 8.0)
    assert item["last_read_at"] == counter.last_read_at.isoformat()
    assert client.get("/api/v1/counters", {"q": "ME-PS"}).json()["pagination"]["total_count"] == 1
    detail = client.get(f"/api/v1/counters/{counter.pk}").json()["item"]
    assert [r["reading"] for r in detail["readings"]] == [1020, 1000]
    assert client.get(f"/api/v1/counters/{borealis_counter.pk}").status_code == 404


def test_a_row_checks_and_confirms_in_its_own_fragment_and_updates_its_figures(client, engineer, counter):
    client.force_login(engineer)
    url = reverse("action", args=["record_counter_reading"])
    preview = client.post(
        url, {"counter_id": str(counter.pk), "reading": "1033", "step": "preview"}, HTTP_HX_REQUEST="true"
    )
    fragment = preview.content.decode()
    assert preview.status_code == 200 and fragment.lstrip().startswith('<section id="action-flow"')
    assert "1,033 h" in fragment and "<html" not in fragment
    done = client.post(
        url,
        {
            "counter_id": str(counter.pk),
            "reading": "1033",
            "read_at": "",
            "notes": "",
            "step": "execute",
            "preview_hash": preview.context["preview"]["preview_hash"],
            "idempotency_key": preview.context["idempotency_key"],
        },
        HTTP_HX_REQUEST="true",
    )
    fragment = done.content.decode()
    assert done.status_code == 200 and done.context["step"] == "result"
    # The row's figures come along out of band, so the rounds page shows the new value at once.
    oob = re.search(
        rf'<dl class="round-facts" id="counter-{counter.pk}-facts" hx-swap-oob="true">(.*?)</dl>', fragment, re.S
    )
    assert oob and "1,033" in oob.group(1)
    assert fresh(counter).meter_value == 1033 and CounterReading.objects.filter(counter=counter).count() == 3


def test_a_refused_row_reading_comes_back_with_the_reason(client, engineer, counter):
    client.force_login(engineer)
    response = client.post(
        reverse("action", args=["record_counter_reading"]),
        {"counter_id": str(counter.pk), "reading": "990", "step": "preview"},
        HTTP_HX_REQUEST="true",
    )
    page = response.content.decode()
    assert response.status_code == 409 and "COUNTER_DECREASE" in page
    assert "Reading before it: 1,020 h" in page
