"""The chief engineer's plan in a real browser: read why each job is due, generate the work orders,
an engineer completes one with the running hours, the chief verifies it, the next due moves and the
compliance figure changes."""

import re
from io import StringIO

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from maintenance.models import MaintenanceJob, MaintenanceRecord, PlannedWorkOrder
from pms.management.commands.seed_demo import DEMO_PASSWORD
from tests.e2e.browser import TABLET_LANDSCAPE, needs_chromium
from tests.e2e.test_tablet_flows import step_indicator
from workorders.models import WorkOrder

pytestmark = [needs_chromium, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo_fleet():
    call_command("seed_demo", stdout=StringIO())


def sign(page, label):
    page.get_by_label("Your password or signing PIN").fill(DEMO_PASSWORD)
    page.get_by_role("button", name=re.compile(label, re.IGNORECASE)).click()
    try:
        expect(step_indicator(page)).to_have_text(re.compile("Done"))
    except AssertionError:
        raise AssertionError(page.locator("#action-flow").inner_text()[:1500]) from None


def test_the_chief_plans_an_engineer_completes_with_hours_and_the_chief_verifies(demo_fleet, open_tablet):
    job = MaintenanceJob.objects.get(vessel__code="AURORA", code="ME-PS-500H")
    assert not PlannedWorkOrder.objects.filter(job=job, open=True).exists()

    chief = open_tablet(TABLET_LANDSCAPE)
    page = chief.page
    chief.log_in("chief")
    chief.go("/maintenance/")
    row = page.locator("tr", has_text="ME-PS-500H")
    expect(row).to_contain_text("Overdue by running hours")
    expect(page.locator("tr", has_text="FP-1-WEEKLY")).to_contain_text("calendar")
    chief.shot("20-maintenance-due-list")

    page.get_by_role("link", name="Generate due work orders").first.click()
    page.get_by_role("button", name="Check what will change").click()
    expect(page.locator("#action-flow")).to_contain_text("ME-PS-500H")
    page.get_by_role("button", name="Confirm").click()
    expect(step_indicator(page)).to_have_text(re.compile("Done"))
    chief.shot("21-maintenance-generated")
    planned = PlannedWorkOrder.objects.get(job=job, open=True)
    work_order = planned.work_order
    assert work_order.parts.count() == 2  # the kit became its parts list

    engineer = open_tablet()
    epage = engineer.page
    engineer.log_in("engineer")
    engineer.go(work_order.get_absolute_url())
    epage.get_by_role("link", name="Mark complete").click()
    epage.get_by_label("Completion notes").fill("Oil and filters changed, valve clearances checked.")
    counter = job.equipment.counters.get()
    epage.get_by_label("Running hours on the meter").fill(str(counter.meter_value + 1))
    epage.get_by_role("button", name="Check what will change").click()
    expect(epage.locator("#action-flow")).to_contain_text("running hours")
    engineer.shot("22-maintenance-complete-preview")
    sign(epage, "Sign and mark complete")
    record = MaintenanceRecord.objects.get(work_order=work_order)
    assert record.status == "awaiting_verification" and record.done_hours == counter.value + 1

    chief.go(work_order.get_absolute_url())
    page.get_by_role("link", name="Verify the work").click()
    page.get_by_role("button", name="Check what will change").click()
    sign(page, "Sign and verify the work")
    chief.shot("23-maintenance-verified")
    record.refresh_from_db()
    work_order.refresh_from_db()
    assert record.status == "closed" and work_order.status == "closed"

    chief.go(job.get_absolute_url())
    expect(page.locator(".due-reason").first).to_contain_text(f"of {record.done_hours + 500:,} h")
    chief.go("/maintenance/compliance/")
    expect(page.locator("figure").first).to_be_visible()
    chief.shot("24-maintenance-compliance")
    assert WorkOrder.objects.filter(planned__job=job).count() == 1
