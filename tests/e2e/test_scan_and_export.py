"""The tablet scans a label from a picture (the file fallback of /scan/, through the same decoder
as the camera) and from the camera (Chromium's fake camera playing a label), and lands on the
item with its quick actions; a filtered list downloads as CSV."""

import csv
import io
import re
from pathlib import Path

import pytest
import segno
from PIL import Image
from playwright.sync_api import expect

from pms.management.commands.seed_demo import DEMO_PASSWORD
from pms.roles import Role
from tests.e2e.browser import CHROMIUM, CHROMIUM_ARGS, TABLET_PORTRAIT, Tablet, needs_chromium
from tests.e2e.test_tablet_flows import small_tap_targets
from tests.factories import CounterFactory, EquipmentFactory, MaintenanceJobFactory, VesselFactory, WorkOrderFactory
from tests.factories import member as make_member

pytestmark = [needs_chromium, pytest.mark.django_db(transaction=True)]


def member(vessel, role, username):
    user = make_member(vessel, role, username=username, first_name="Tomasz", last_name="Nowak")
    user.set_password(DEMO_PASSWORD)
    user.save()
    return user


@pytest.fixture
def aurora_on_board():
    aurora = VesselFactory(name="Aurora", code="AURORA")
    borealis = VesselFactory(name="Borealis", code="BOREALIS")
    member(aurora, Role.ENGINEER, "engineer")
    engine = EquipmentFactory(vessel=aurora, code="ME-PS", name="Main engine port")
    alternator = EquipmentFactory(vessel=aurora, code="ME-PS-ALT", name="Alternator", parent=engine)
    CounterFactory(equipment=engine)
    MaintenanceJobFactory(equipment=alternator, code="ALT-BRUSH", title="Alternator brushes")
    return {"aurora": aurora, "borealis": borealis, "alternator": alternator}


def csp_errors(page) -> list:
    errors = []
    page.on("console", lambda message: errors.append(message.text) if "Content Security Policy" in message.text else 0)
    return errors


def test_a_label_picture_opens_the_equipment_with_its_quick_actions(
    aurora_on_board, open_tablet, live_server, tmp_path
):
    alternator = aurora_on_board["alternator"]
    label = tmp_path / "label.png"
    # The label's QR code as the sheet prints it: the absolute URL of the item's page.
    segno.make(f"{live_server.url}{alternator.get_absolute_url()}", error="m").save(label, scale=8, border=4)

    tablet = open_tablet()
    page = tablet.page
    errors = csp_errors(page)
    tablet.log_in("engineer")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Scan").click()
    expect(page.get_by_role("heading", name="Scan a label")).to_be_visible()
    assert small_tap_targets(page) == []
    tablet.shot("60-scan")

    page.get_by_label("Choose a picture of a label").set_input_files(label)
    page.wait_for_url(re.compile(r"/scan/resolve\?code="))
    expect(page.get_by_role("heading", name=re.compile("ME-PS-ALT"))).to_be_visible()
    actions = page.locator(".scanned .actions")
    expect(actions.get_by_role("link", name="Report a fault")).to_be_visible()
    expect(actions.get_by_role("link", name="Record hours")).to_be_visible()
    expect(page.get_by_text("ALT-BRUSH")).to_be_visible()  # its jobs, with when they are due
    tablet.shot("61-scanned-equipment")

    actions.get_by_role("link", name="Report a fault").click()
    expect(page).to_have_url(re.compile(rf"/actions/report_fault/\?equipment_id={alternator.pk}"))
    assert errors == []


def test_an_unknown_label_says_so_on_the_scan_page(aurora_on_board, open_tablet, live_server, tmp_path):
    theirs = EquipmentFactory(vessel=aurora_on_board["borealis"], code="BO-GEN")
    label = tmp_path / "theirs.png"
    segno.make(f"{live_server.url}{theirs.get_absolute_url()}", error="m").save(label, scale=8, border=4)
    tablet = open_tablet()
    page = tablet.page
    tablet.log_in("engineer")
    tablet.go("/scan/")
    page.get_by_label("Choose a picture of a label").set_input_files(label)
    expect(page.locator("#scan-status")).to_contain_text("Not found on your vessels")
    assert "/scan/" in page.url and "resolve" not in page.url


def test_a_filtered_work_order_list_downloads_as_csv(aurora_on_board, open_tablet):
    aurora = aurora_on_board["aurora"]
    WorkOrderFactory(vessel=aurora, number="WO-2026-0001", title="Open one", status="open")
    WorkOrderFactory(vessel=aurora, number="WO-2026-0002", title="Done one", status="completed")
    WorkOrderFactory(vessel=aurora_on_board["borealis"], number="WO-2026-0003", title="Theirs", status="open")
    tablet = open_tablet()
    page = tablet.page
    tablet.log_in("engineer")
    tablet.go("/work-orders/")
    page.get_by_label("Status").select_option("completed")
    page.wait_for_url(re.compile(r"status=completed"))
    with page.expect_download() as download_info:
        page.locator(".export-links").get_by_role("link", name="CSV").click()
    download = download_info.value
    assert re.fullmatch(r"work-orders-AURORA-\d{4}-\d{2}-\d{2}\.csv", download.suggested_filename)
    text = Path(download.path()).read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [(row["Number"], row["Title"], row["Status"]) for row in rows] == [("WO-2026-0002", "Done one", "Completed")]


def camera_feed(path, url: str) -> None:
    """A Y4M video of one frame: the label's QR code on white, for Chromium's fake camera."""
    qr = segno.make(url, error="m")
    out = io.BytesIO()
    qr.save(out, kind="png", scale=6, border=4)
    label = Image.open(io.BytesIO(out.getvalue())).convert("L")
    frame = Image.new("L", (640, 480), 255)
    frame.paste(label, ((640 - label.width) // 2, (480 - label.height) // 2))
    with open(path, "wb") as video:
        video.write(b"YUV4MPEG2 W640 H480 F10:1 Ip A1:1 C420jpeg\n")
        video.write(b"FRAME\n" + frame.tobytes() + bytes([128]) * (320 * 240 * 2))


def test_the_camera_reads_a_label_and_opens_the_item(aurora_on_board, chromium, live_server, tmp_path):
    item_url = aurora_on_board["alternator"].get_absolute_url()
    feed = tmp_path / "camera.y4m"
    camera_feed(feed, f"{live_server.url}{item_url}")
    fake_camera = [
        "--use-fake-ui-for-media-stream",
        "--use-fake-device-for-media-stream",
        f"--use-file-for-fake-video-capture={feed}",
    ]
    browser = chromium.browser_type.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS + fake_camera)
    try:
        context = browser.new_context(viewport=TABLET_PORTRAIT, locale="en-GB", timezone_id="UTC")
        context.grant_permissions(["camera"], origin=live_server.url)
        context.set_default_timeout(10_000)
        tablet = Tablet(context.new_page(), live_server.url)
        tablet.log_in("engineer")
        tablet.go("/scan/")
        tablet.page.get_by_role("button", name="Start the camera").click()
        tablet.page.wait_for_url(re.compile(r"/scan/resolve\?code="))
        expect(tablet.page.get_by_role("heading", name=re.compile("ME-PS-ALT"))).to_be_visible()
        context.close()
    finally:
        browser.close()
