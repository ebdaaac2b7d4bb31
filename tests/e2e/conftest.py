"""Browser tests: Playwright (sync API) drives Debian's headless Chromium against pytest-django's live server."""

import os

import pytest

from tests.e2e.browser import BROWSER_FIXTURES, CHROMIUM, CHROMIUM_ARGS, IN_CI, TABLET_PORTRAIT, Tablet

# Playwright's sync API keeps an event loop in the test thread; the ORM reads the tests make
# between browser steps are plain synchronous calls, so Django's async guard does not apply.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"


def pytest_collection_modifyitems(config, items):
    """In CI, browser tests that would skip for want of Chromium fail the whole run instead."""
    browser_tests = [item for item in items if BROWSER_FIXTURES & set(getattr(item, "fixturenames", ()))]
    if IN_CI and browser_tests and not CHROMIUM.exists():
        raise pytest.UsageError(
            f"CI is set but Chromium is missing at {CHROMIUM}: {len(browser_tests)} browser test(s) cannot run. "
            "Install it (.ci/install-chromium) or point PMS_CHROMIUM at it."
        )


@pytest.fixture(scope="module")
def chromium():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def open_tablet(chromium, live_server):
    """open_tablet(viewport) → a Tablet in a fresh browser context (no cookies) at that size."""
    contexts = []

    def open_(viewport=TABLET_PORTRAIT):
        context = chromium.new_context(viewport=viewport, locale="en-GB", timezone_id="UTC")
        context.set_default_timeout(10_000)
        contexts.append(context)
        return Tablet(context.new_page(), live_server.url)

    yield open_
    for context in contexts:
        context.close()
