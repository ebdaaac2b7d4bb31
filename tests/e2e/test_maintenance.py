"""The chief engineer's plan in a real browser: read why each job is due, generate the work orders,
an engineer works down the job card (a failed check reports a fault, a photo of it from the camera
input, completion refused until the mandatory steps are done, the card prints), completes it with
the running hours, the chief verifies it, the next due moves and the compliance figure changes."""

import re
from io import StringIO

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from equipment.models import Fault
from maintenance.models import MaintenanceJob, MaintenanceRecord, PlannedWorkOrder, StepResult
from photos.models import Photo
from pms.management.commands.seed_demo import DEMO_PASSWORD
from tests.e2e.browser import TABLET_LANDSCAPE, needs_chromium
from tests.e2e.test_tablet_flows import step_indicator
from tests.factories import jpeg_bytes
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


def record_step(page, position, *, button=None, value=None, text=None):
    """One row of the card: tap Pass / Fail, or type the value or text and Record; then confirm."""
    row = page.locator(f"#step-{position}")
    if value is not None:
        row.locator("input[name=value]").fill(value)
        row.get_by_role("button", name="Record").click()
    elif text is not None:
        row.locator("textarea").fill(text)
        row.get_by_role("button", name="Record").click()
    else:
        row.get_by_role("button", name=button, exact=True).click()
    page.get_by_role("button", name="Confirm").click()
    expect(step_indicator(page)).to_have_text(re.compile("Done"))
    page.get_by_role("link", name=re.compile("Back to the card")).click()


def test_the_chief_plans_an_engineer_completes_with_hours_and_the_chief_verifies(demo_fleet, open_tablet, tmp_path):
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
    expect(epage.locator("#card")).to_contain_text("Lube oil pressure at idle")
    engineer.shot("25-job-card")

    # Completion is refused while mandatory steps have no result.
    epage.get_by_role("link", name="Mark complete").click()
    expect(epage.locator("#action-flow")).to_contain_text("CHECKLIST_INCOMPLETE")
    expect(epage.locator("#action-flow")).to_contain_text("Drive belt tension and condition")
    engineer.go(work_order.get_absolute_url())

    # A failed check: the preview says a fault will be reported, then it is.
    epage.locator("#step-1").get_by_role("button", name="Fail", exact=True).click()
    expect(epage.locator("#action-flow")).to_contain_text("fault will be reported")
    engineer.shot("26-job-card-fail-preview")
    epage.get_by_role("button", name="Confirm").click()
    expect(epage.locator("#action-flow")).to_contain_text("Fault reported")
    epage.get_by_role("link", name=re.compile("Back to the card")).click()
    failed = StepResult.objects.get(work_order=work_order, step__position=1)
    assert failed.failed and failed.fault is not None and failed.fault.equipment == job.equipment
    assert Fault.objects.filter(pk=failed.fault_id, status="open").exists()

    # A value outside the limits is marked as it is typed; a good one is recorded.
    pressure = epage.locator("#step-2 input[name=value]")
    pressure.fill("1.8")
    expect(pressure).to_have_class(re.compile("out-of-limits"))
    expect(epage.locator("#step-2 .out-of-limits-note")).to_be_visible()
    record_step(epage, 2, value="3.4")
    record_step(epage, 3, value="88")
    record_step(epage, 4, button="Pass")
    record_step(epage, 5, button="Pass")
    record_step(epage, 6, text="Inlet 0.30, exhaust 0.50 mm")
    assert StepResult.objects.filter(work_order=work_order).count() == 6

    # A photo of the failed check, from the camera input.
    picture = tmp_path / "IMG_0500.jpg"
    picture.write_bytes(jpeg_bytes((800, 600), "firebrick"))
    epage.locator("#step-1").get_by_role("link", name="Add a photo").click()
    epage.locator("input.upload-file").set_input_files(str(picture))
    expect(epage.locator("input.upload-id")).not_to_have_value("")
    epage.get_by_role("button", name="Check what will change").click()
    epage.get_by_role("button", name="Confirm").click()
    expect(step_indicator(epage)).to_have_text(re.compile("Done"))
    assert Photo.objects.filter(step_result=failed).count() == 1

    # The card prints.
    card = epage.request.get(f"{engineer.base_url}{work_order.get_absolute_url()}card.pdf")
    assert card.status == 200 and card.headers["content-type"] == "application/pdf"
    assert card.body().startswith(b"%PDF")

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
