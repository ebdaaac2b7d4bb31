"""A tired crew member on the bridge tablet: the header box answers as you type, Back shows the
page as it is now, and a long note is never cut short."""

import re
from io import StringIO

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from tests.e2e.browser import TABLET_LANDSCAPE, needs_chromium
from tests.e2e.test_tablet_flows import small_tap_targets
from workorders.models import WorkOrder, WorkOrderNote

pytestmark = [needs_chromium, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo_fleet():
    call_command("seed_demo", stdout=StringIO())


def test_the_header_search_box_answers_as_you_type(demo_fleet, open_tablet):
    tablet = open_tablet(TABLET_LANDSCAPE)
    page = tablet.page
    tablet.log_in("engineer")

    page.locator("#header-q").press_sequentially("E047", delay=30)

    results = page.locator("#header-results")
    expect(results).to_be_visible()
    expect(results).to_contain_text("High product water salinity")
    expect(results.get_by_role("link", name=re.compile("All results"))).to_be_visible()
    assert small_tap_targets(page) == []
    tablet.shot("30-header-search-live")
    page.locator("#header-q").press("ArrowDown")
    first = results.locator("a").first
    expect(first).to_be_focused()
    target = first.get_attribute("href")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(re.escape(target.split("?")[0])))

    page.locator("#header-q").fill("")
    page.locator("#header-q").press_sequentially("pump", delay=30)
    expect(results).to_be_visible()
    page.locator("#header-q").press("Escape")
    expect(results).to_be_hidden()


def test_back_after_adding_a_note_shows_the_note(demo_fleet, open_tablet):
    work_order = WorkOrder.objects.filter(vessel__code="AURORA", status="open", notes__isnull=True).first()
    tablet = open_tablet()
    page = tablet.page
    tablet.log_in("engineer")
    tablet.go(work_order.get_absolute_url())
    expect(page.locator(".notes")).to_contain_text("No notes yet.")

    page.get_by_role("link", name="Add a note").click()
    page.locator("#id_note_text").fill("Coupling inspected, no play.")
    page.get_by_role("button", name="Check what will change").click()
    page.get_by_role("button", name="Confirm").click()
    expect(page.locator("#action-flow .message-success")).to_be_visible()
    page.go_back()

    expect(page).to_have_url(re.compile(re.escape(work_order.get_absolute_url()) + "$"))
    expect(page.locator(".notes")).to_contain_text("Coupling inspected, no play.")
    expect(page.locator(".notes")).not_to_contain_text("No notes yet.")
    assert WorkOrderNote.objects.filter(work_order=work_order).count() == 1


def test_a_long_note_shows_a_counter_near_its_limit_and_is_never_cut_short(demo_fleet, open_tablet):
    work_order = WorkOrder.objects.filter(vessel__code="AURORA", status="open").first()
    tablet = open_tablet()
    page = tablet.page
    tablet.log_in("engineer")
    tablet.go(f"/actions/add_note_to_work_order/?work_order_id={work_order.pk}")
    box = page.locator("#id_note_text")
    counter = page.locator("#id_note_text-counter")
    expect(box).to_have_attribute("data-maxlength", "5000")
    expect(counter).to_be_hidden()

    box.click()
    page.keyboard.insert_text("x" * 5010)  # as a paste arrives: the browser would cut it at maxlength

    assert len(box.input_value()) == 5010
    expect(counter).to_have_text("10 characters too many (5010 of 5000)")
    tablet.shot("31-note-over-its-limit")
    page.get_by_role("button", name="Check what will change").click()
    expect(page.locator("#action-flow .message-error")).to_contain_text("at most 5000 characters (it has 5010)")
    assert len(box.input_value()) == 5010  # kept as typed, to shorten by hand
    expect(counter).to_have_text("10 characters too many (5010 of 5000)")

    box.press("End")
    for _ in range(10):
        box.press("Backspace")
    expect(counter).to_have_text("0 characters left (5000 of 5000)")
    page.get_by_role("button", name="Check what will change").click()
    expect(page.locator("#action-flow .changes")).to_be_visible()
    assert not WorkOrderNote.objects.filter(work_order=work_order, note_text__startswith="xxx").exists()
