"""What the browser tests share: where Chromium is, how it starts, and a tablet-sized tab."""

import os
from pathlib import Path

import pytest

from pms.management.commands.seed_demo import DEMO_PASSWORD

CHROMIUM = Path(os.environ.get("PMS_CHROMIUM", "/usr/bin/chromium"))
# In CI (`.ci/run` sets CI=true) a missing browser fails the run instead of skipping the browser
# tests (tests/e2e/conftest.py), so a failed install cannot pass unnoticed.
IN_CI = os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
TABLET_PORTRAIT = {"width": 768, "height": 1024}
TABLET_LANDSCAPE = {"width": 1280, "height": 800}

needs_chromium = pytest.mark.skipif(
    not IN_CI and not CHROMIUM.exists(), reason=f"browser tests need Chromium at {CHROMIUM}"
)
BROWSER_FIXTURES = {"chromium", "open_tablet"}


class Tablet:
    """One browser tab at a tablet's size, with the steps every flow repeats."""

    def __init__(self, page, base_url):
        self.page = page
        self.base_url = base_url

    def go(self, path):
        self.page.goto(self.base_url + path)

    def shot(self, name):
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=True)

    def log_in(self, username, shot=None):
        self.go("/login/")
        self.page.get_by_label("Username").fill(username)
        self.page.get_by_label("Password").fill(DEMO_PASSWORD)
        if shot:
            self.shot(shot)
        self.page.get_by_role("button", name="Log in").click()
        self.page.wait_for_url(self.base_url + "/")

    def log_out(self):
        self.page.get_by_role("button", name="Log out").click()
        self.page.wait_for_url("**/login/")
