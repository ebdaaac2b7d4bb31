"""What a tablet meets besides the app's own pages: error pages in the app's layout, pages
that are never served from the browser's cache, and a favicon."""

import uuid

import pytest
from django.test import RequestFactory
from django.views.defaults import server_error

from tests.factories import WorkOrderFactory

pytestmark = pytest.mark.django_db


def test_a_stale_link_gets_the_apps_own_404_page_in_its_layout(client, crew, settings):
    settings.DEBUG = False
    client.force_login(crew)

    response = client.get(f"/work-orders/{uuid.uuid4()}/")

    assert response.status_code == 404
    html = response.content.decode()
    assert "<h1>Not found</h1>" in html
    assert 'class="topbar"' in html and 'href="/static/css/pms.css"' in html  # the layout, logged in
    assert "URLconf" not in html and "urlpatterns" not in html.lower() and "Traceback" not in html


def test_an_unknown_address_is_404_in_the_layout_for_someone_not_logged_in(client, db, settings):
    settings.DEBUG = False

    response = client.get("/no-such-page/")

    assert response.status_code == 404
    html = response.content.decode()
    assert "<h1>Not found</h1>" in html and "pms.css" in html
    assert 'class="topbar"' not in html and "URLconf" not in html


def test_the_500_page_renders_in_the_layout_without_a_request_context(db, settings):
    settings.DEBUG = False

    response = server_error(RequestFactory().get("/"))

    assert response.status_code == 500
    html = response.content.decode()
    assert "<h1>Something went wrong</h1>" in html
    assert 'href="/static/css/pms.css"' in html and 'href="/"' in html


def test_a_failing_view_answers_with_the_500_page(client, crew, settings, monkeypatch):
    settings.DEBUG = False
    client.raise_request_exception = False
    client.force_login(crew)
    monkeypatch.setattr("dashboard.views.registry.tiles", lambda: 1 / 0)

    response = client.get("/")

    assert response.status_code == 500
    assert "<h1>Something went wrong</h1>" in response.content.decode()


def test_a_post_with_an_expired_form_gets_the_apps_403_page(crew, settings):
    from django.test import Client

    settings.DEBUG = False
    client = Client(enforce_csrf_checks=True)
    client.force_login(crew)

    response = client.post("/actions/report_fault/", {"step": "preview"})

    assert response.status_code == 403
    html = response.content.decode()
    assert "This page has expired" in html and "Nothing was changed" in html and "pms.css" in html


@pytest.mark.parametrize("url", ["/", "/work-orders/", "/actions/report_fault/", "/search?q=pump", "/login/"])
def test_pages_are_never_kept_in_the_browsers_cache(client, crew, url):
    client.force_login(crew)

    response = client.get(url, follow=url == "/login/")

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


def test_back_after_adding_a_note_fetches_the_page_again_with_the_note(actions, crew, aurora):
    """The page a tablet goes Back to is not kept, so it shows the note added since."""
    work_order = WorkOrderFactory(vessel=aurora)
    tablet = actions.as_user(crew)
    before = tablet.client.get(work_order.get_absolute_url())
    assert "No notes yet." in before.content.decode() and "no-store" in before["Cache-Control"]

    tablet.html_run("add_note_to_work_order", {"work_order_id": work_order.pk, "note_text": "Impeller checked."})

    again = tablet.client.get(work_order.get_absolute_url())
    assert "Impeller checked." in again.content.decode() and "No notes yet." not in again.content.decode()
    assert work_order.notes.get().note_text == "Impeller checked."


def test_static_files_keep_their_own_caching(client, db):
    response = client.get("/static/css/pms.css")

    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")


def test_the_favicon_answers_at_the_site_root(client, db):
    response = client.get("/favicon.ico")

    assert response.status_code == 200
    assert response["Content-Type"] in ("image/x-icon", "image/vnd.microsoft.icon")
    assert b"".join(response.streaming_content)[:4] == b"\x00\x00\x01\x00"
