"""The bridge tablet in a real browser: a fault reported by the deck crew becomes a signed,
completed work order that took its part out of stock; the manual and the search box on the way.

Each step is checked on the page and in the database, and saved as a screenshot in
test-artifacts/screenshots/ (numbered in the order a person would see them).
"""

import re
from io import StringIO

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from audit.models import Signature
from equipment.models import Equipment, Fault, FaultStatus
from handover.models import HandoverItem
from inventory.models import Part, StockMovement
from manuals.models import ManualSection
from pms.management.commands.seed_demo import DEMO_PASSWORD
from tests.e2e.browser import TABLET_LANDSCAPE, needs_chromium
from workorders.models import WorkOrder, WorkOrderStatus

pytestmark = [needs_chromium, pytest.mark.django_db(transaction=True)]

# A watermaker alarm that the demo watermaker manual documents.
FAULT_CODE = "E031"


@pytest.fixture
def demo_fleet():
    call_command("seed_demo", stdout=StringIO())


# Everything a finger aims at on a page: buttons, fields, tabs, tiles, row links.
TAP_TARGETS = (
    ".mainnav a, .topbar select, .topbar input, main .btn, main button, main select, main textarea,"
    " main input:not([type=hidden]):not([type=checkbox]), main .tile, main .rows a, main .table td > a, main .hit,"
    " main .handover-items a, .header-results a"
)


def small_tap_targets(page):
    """Visible tap targets under 44 px high, described well enough to find them."""
    return page.eval_on_selector_all(
        TAP_TARGETS,
        """els => els.filter(e => e.offsetParent !== null && e.getBoundingClientRect().height < 44)
                   .map(e => e.tagName + "." + e.className + " " + (e.textContent || e.name).trim().slice(0, 30))""",
    )


def step_indicator(page):
    return page.locator("#action-flow .steps [aria-current=step]")


def check_and_confirm(tablet, shot):
    """Fill → check → confirm → done, for an action that needs no signature."""
    page = tablet.page
    page.get_by_role("button", name="Check what will change").click()
    expect(step_indicator(page)).to_have_text("Check")
    page.get_by_role("button", name="Confirm").click()
    expect(step_indicator(page)).to_have_text(re.compile("Done"))
    expect(page.locator("#action-flow .message-success")).to_be_visible()
    tablet.shot(shot)


def test_a_reported_fault_becomes_a_signed_completed_work_order_on_the_tablet(demo_fleet, open_tablet):
    watermaker = Equipment.objects.get(vessel__code="AURORA", code="WM-1")
    prefilter = Part.objects.get(vessel__code="AURORA", part_number="SR-B650010")
    on_hand_before = prefilter.quantity_on_hand

    # --- deck (crew) reports the fault; a typo keeps what was typed -------------------------
    tablet = open_tablet()
    page = tablet.page
    tablet.log_in("deck", shot="01-login")
    expect(page.get_by_role("heading", name=re.compile("Aurora"))).to_be_visible()
    tablet.shot("02-dashboard-deck")
    assert small_tap_targets(page) == []

    page.get_by_role("link", name="Report a fault").first.click()
    page.get_by_label("Equipment").select_option(str(watermaker.pk))
    page.get_by_label("Fault code").fill(FAULT_CODE)
    page.get_by_label("Title").fill("HP")
    page.get_by_label("Severity").select_option("high")
    page.get_by_role("button", name="Check what will change").click()
    expect(page.locator("#action-flow .message-error")).to_be_visible()
    expect(page.get_by_label("Fault code")).to_have_value(FAULT_CODE)
    expect(page.get_by_label("Equipment")).to_have_value(str(watermaker.pk))
    tablet.shot("03-report-fault-typo-kept")
    assert not Fault.objects.filter(fault_code=FAULT_CODE).exists()

    page.get_by_label("Title").fill("High-pressure switch tripped twice")
    page.get_by_label("Description").fill("Tripped at 58 bar during the morning run; reset both times.")
    page.get_by_role("button", name="Check what will change").click()
    expect(page.locator("#action-flow .changes")).to_contain_text("High-pressure switch tripped twice")
    tablet.shot("04-report-fault-check")
    page.get_by_role("button", name="Confirm").click()
    expect(step_indicator(page)).to_have_text(re.compile("Done"))
    tablet.shot("05-fault-reported")
    fault = Fault.objects.get(vessel__code="AURORA", fault_code=FAULT_CODE)
    assert (fault.equipment, fault.severity, fault.status) == (watermaker, "high", FaultStatus.OPEN)
    assert fault.reported_by.username == "deck"

    # --- and puts it on the handover for the next watch -------------------------------------
    page.get_by_role("link", name="Open the fault").click()
    expect(page.get_by_role("heading", name=re.compile(FAULT_CODE))).to_be_visible()
    page.get_by_role("link", name="Add to handover").click()
    expect(page.get_by_label("Summary")).not_to_have_value("")
    check_and_confirm(tablet, "06-added-to-handover")
    item = HandoverItem.objects.get(entity_type="fault", entity_id=fault.pk)
    assert item.added_by.username == "deck" and item.acknowledged_at is None
    tablet.log_out()

    # --- the chief engineer raises a signed work order from it and plans a part ------------
    tablet.log_in("chief")
    page.get_by_role("link", name=re.compile(f"{FAULT_CODE} High-pressure switch")).click()
    page.get_by_role("link", name="Create work order").click()
    expect(page.get_by_label("Title")).to_have_value(re.compile(FAULT_CODE))
    page.get_by_role("button", name="Check what will change").click()
    expect(page.locator(".signature-box")).to_contain_text("Marco Bianchi")
    tablet.shot("07-create-work-order-sign")
    page.get_by_label("Your password or signing PIN").fill(DEMO_PASSWORD)
    page.get_by_role("button", name=re.compile("^Sign and")).click()
    expect(step_indicator(page)).to_have_text(re.compile("Done"))
    tablet.shot("08-work-order-created")
    work_order = WorkOrder.objects.get(fault=fault)
    assert work_order.status == WorkOrderStatus.OPEN and work_order.created_by.username == "chief"
    assert Signature.objects.filter(object_id=str(work_order.pk), signer__username="chief").exists()
    fault.refresh_from_db()
    assert fault.status == FaultStatus.WORK_ORDER_RAISED

    page.get_by_role("link", name=f"Open {work_order.number}").click()
    page.get_by_role("link", name="Add a part").click()
    page.get_by_label("Part").select_option(str(prefilter.pk))
    page.get_by_label("Quantity").fill("2")
    check_and_confirm(tablet, "09-part-added")
    assert work_order.parts.get().quantity == 2
    tablet.log_out()

    # --- the engineer notes the work and signs it complete; the part leaves the store --------
    tablet.log_in("engineer")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Work orders").click()
    page.get_by_role("link", name=work_order.number).click()
    expect(page.locator(".badge", has_text="Open").first).to_be_visible()
    tablet.shot("10-work-order-page")
    assert small_tap_targets(page) == []
    page.get_by_role("link", name="Add a note").click()
    page.locator("#id_note_text").fill("Pressure regulating valve was sticking; cleaned and reset to 55 bar.")
    check_and_confirm(tablet, "11-note-added")
    assert work_order.notes.get().created_by.username == "engineer"

    tablet.go(work_order.get_absolute_url())
    page.get_by_role("link", name="Mark complete").click()
    page.get_by_label("Completion notes").fill("Valve cleaned, prefilters changed, two runs without a trip.")
    page.get_by_role("button", name="Check what will change").click()
    changes = page.locator("#action-flow .changes")
    expect(changes).to_contain_text(str(on_hand_before))
    expect(changes).to_contain_text(str(on_hand_before - 2))
    expect(page.locator("#action-flow .steps li.current")).to_have_text(["Check", "Sign"])
    tablet.shot("12-complete-check-and-sign")
    assert small_tap_targets(page) == []
    page.get_by_label("Your password or signing PIN").fill(DEMO_PASSWORD)
    page.get_by_role("button", name=re.compile("^Sign and")).click()
    expect(step_indicator(page)).to_have_text(re.compile("Done"))
    expect(page.locator("#action-flow")).to_contain_text(f"{on_hand_before - 2} on hand")
    tablet.shot("13-work-order-completed")

    work_order.refresh_from_db()
    assert work_order.status == WorkOrderStatus.COMPLETED and work_order.completed_by.username == "engineer"
    prefilter.refresh_from_db()
    assert prefilter.quantity_on_hand == on_hand_before - 2
    movement = StockMovement.objects.get(part=prefilter, work_order=work_order)
    assert (movement.quantity, movement.quantity_after) == (-2, on_hand_before - 2)

    tablet.go(prefilter.get_absolute_url())
    expect(page.locator(".stock")).to_contain_text(f"{on_hand_before - 2} pcs")
    expect(page.locator("table").first).to_contain_text(work_order.number)
    tablet.shot("14-part-stock-went-down")

    # --- the manual section for the fault code, one tap from the fault ---------------------
    sections = ManualSection.objects.filter(document__equipment=watermaker, fault_code_index__code=FAULT_CODE)
    section = sections.order_by("page_number").first()
    tablet.go(fault.get_absolute_url())
    page.get_by_role("link", name="Show manual section").click()
    expect(page.locator(".manual-section h2")).to_have_text(section.title)
    expect(page.get_by_role("link", name=re.compile("Open PDF at page"))).to_be_visible()
    tablet.shot("15-manual-section")


def test_dashboard_counts_lead_to_their_lists_and_search_answers_as_you_type(demo_fleet, open_tablet):
    tablet = open_tablet(TABLET_LANDSCAPE)
    page = tablet.page
    tablet.log_in("chief")
    high = Fault.objects.filter(vessel__code="AURORA", severity="high", status__in=["open", "work_order_raised"])
    tile = page.locator(".tile", has_text="High")
    expect(tile).to_contain_text(str(high.count()))
    tablet.shot("20-dashboard-landscape")

    tile.click()
    expect(page).to_have_url(re.compile(r"/equipment/faults/\?status=active&severity=high$"))
    rows = page.locator("table.table tbody tr")
    expect(rows).to_have_count(high.count())
    for fault in high:
        expect(page.locator("table.table")).to_contain_text(fault.title)
    tablet.shot("21-faults-high-open")
    assert small_tap_targets(page) == []

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Handover").click()
    expect(page.locator("head link[href$='handover/handover.css']")).to_have_count(1)
    # The board's own stylesheet has loaded, not only been linked, before its tap targets are measured.
    page.wait_for_function(
        "() => [...document.styleSheets].some(s => s.href && s.href.endsWith('handover/handover.css'))"
    )
    expect(page.locator(".handover-items a.entity-link").first).to_be_visible()
    assert small_tap_targets(page) == []
    tablet.shot("23-handover-board")

    tablet.go("/search")
    box = page.get_by_role("searchbox", name="Search", exact=True)
    box.press_sequentially("E047", delay=30)
    first_hit = page.locator("#search-results a.hit").first
    expect(first_hit).to_be_visible()
    expect(page.locator("#search-results")).to_contain_text("High product water salinity")
    expect(page).to_have_url(re.compile(r"/search\?q=E047$"))
    # Arrow down leaves the box for the first link of the results (a suggested action comes first).
    box.press("ArrowDown")
    first_link = page.locator("#search-results a").first
    expect(first_link).to_be_focused()
    target = first_link.get_attribute("href")
    tablet.shot("22-search-live-results")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(re.escape(target.split("?")[0])))
