"""The morning round on the bridge tablet: an engineer enters two meters from the rounds page,
each row checked and confirmed in place, and sees the new hours without leaving the page."""

import re
from io import StringIO

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from counters.models import Counter
from tests.e2e.browser import needs_chromium
from tests.e2e.test_tablet_flows import small_tap_targets

pytestmark = [needs_chromium, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo_fleet():
    call_command("seed_demo", stdout=StringIO())


def test_an_engineer_records_two_meters_from_the_daily_rounds(demo_fleet, open_tablet):
    engines = {c.equipment.code: c for c in Counter.objects.filter(vessel__code="AURORA").select_related("equipment")}
    port, starboard = engines["ME-PS"], engines["ME-SB"]
    # One hour more than the last reading is always within the clock rule, however recent that was.
    readings = {port: port.meter_value + 1, starboard: starboard.meter_value + 1}

    tablet = open_tablet()
    page = tablet.page
    tablet.log_in("engineer")
    page.locator("#counters-title").get_by_role("link", name="Running hours").click()
    expect(page.get_by_role("heading", name=re.compile("Daily rounds"))).to_be_visible()
    expect(page.locator(f"#counter-{engines['STR-1-HPU1'].pk} .badge-stale")).to_be_visible()
    expect(page.locator(".badge-stale")).to_have_count(1)
    tablet.shot("30-daily-rounds")
    assert small_tap_targets(page) == []

    for number, (counter, meter) in enumerate(readings.items()):
        row = page.locator(f"#counter-{counter.pk}")
        row.get_by_label(re.compile(f"Meter now on {counter.equipment.code}")).fill(str(meter))
        row.get_by_role("button", name=re.compile("^Check")).click()
        expect(row.locator(".changes")).to_contain_text(f"{meter}")
        expect(row.locator(".steps [aria-current=step]")).to_have_text("Check")
        if number == 1:
            tablet.shot("31-daily-rounds-check")
        row.get_by_role("button", name="Confirm").click()
        expect(row.locator(".message-success")).to_contain_text(f"{meter:,} h on the meter recorded")
        # The row's own figures show the new meter value (swapped in with the result).
        expect(row.locator(".round-facts")).to_contain_text(f"{meter:,}")
        expect(row.locator(".round-facts")).to_contain_text("by Tomasz Nowak")

    # The first row still shows its own result: each row kept to its own slot.
    expect(page.locator(f"#counter-{port.pk} .round-facts")).to_contain_text(f"{readings[port]:,}")
    tablet.shot("32-daily-rounds-done")
    for counter, meter in readings.items():
        counter.refresh_from_db()
        assert (counter.meter_value, counter.last_read_by.username) == (meter, "engineer")
        assert counter.readings.filter(meter_reading=meter).count() == 1

    tablet.go("/counters/")
    for counter, meter in readings.items():
        expect(page.locator(f"#counter-{counter.pk} .round-facts")).to_contain_text(f"{meter:,}")
    tablet.go(port.get_absolute_url())
    expect(page.locator("svg.curve-svg polyline.curve-line")).to_have_count(1)
    tablet.shot("33-counter-page-curve")
