"""Moving in on the tablet: the chief engineer of a new vessel imports the sample plan, checks the
preview's counts and rows, imports it, exports the jobs from the maintenance plan page and
imports that export again: 0 changes."""

import re

import pytest
from playwright.sync_api import expect

from equipment.models import Equipment
from imports.samples import sample_rows, sample_workbook
from maintenance.models import MaintenanceJob
from pms.roles import Role
from tests.e2e.browser import DEMO_PASSWORD, needs_chromium
from tests.factories import VesselFactory, member

pytestmark = [needs_chromium, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def newbuild_chief():
    vessel = VesselFactory(name="Newbuild", code="NEWBUILD")
    chief = member(vessel, Role.CHIEF_ENGINEER, username="newbuild_chief")
    chief.set_password(DEMO_PASSWORD)
    chief.save()
    return chief


def check_file(page, path):
    page.locator("input.upload-file").set_input_files(str(path))
    expect(page.locator("input.upload-id")).not_to_have_value("")
    page.get_by_role("button", name="Check what will change").click()


def test_the_chief_imports_the_sample_plan_exports_it_and_imports_the_export_with_0_changes(
    newbuild_chief, open_tablet, tmp_path
):
    sample = tmp_path / "plan.xlsx"
    sample.write_bytes(sample_workbook())
    tablet = open_tablet()
    page = tablet.page
    tablet.log_in("newbuild_chief")

    tablet.go("/imports/")
    expect(page.get_by_role("heading", name=re.compile("Import a plan"))).to_be_visible()
    page.get_by_role("link", name="Import a file").click()
    check_file(page, sample)
    expect(page.locator(".import-counts")).to_have_text(f"{sample_rows()} changes")
    expect(page.locator(".import-tally")).to_contain_text(f"{sample_rows()} to create")
    expect(page.locator(".import-rows tbody tr")).to_have_count(sample_rows())
    expect(page.locator(".import-rows")).to_contain_text("ME-PS-TC")
    tablet.shot("60-import-preview")
    page.get_by_role("button", name="Confirm").click()
    expect(page.locator(".message-success")).to_contain_text(f"Imported {sample_rows()} changes")
    tablet.shot("61-import-done")
    assert Equipment.objects.filter(vessel__code="NEWBUILD").count() == 4
    assert MaintenanceJob.objects.filter(vessel__code="NEWBUILD").count() == 4

    tablet.go("/maintenance/jobs/")
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile("Export")).click()
    exported = tmp_path / download.value.suggested_filename
    download.value.save_as(exported)
    assert exported.name == "NEWBUILD-plan.xlsx"

    tablet.go("/actions/import_plan/")
    check_file(page, exported)
    expect(page.locator(".import-counts")).to_have_text("0 changes")
    expect(page.locator(".import-tally")).to_contain_text(f"{sample_rows()} unchanged")
    tablet.shot("62-import-export-again")
    page.get_by_role("button", name="Confirm").click()
    expect(page.locator(".message-success")).to_contain_text("0 changes")
