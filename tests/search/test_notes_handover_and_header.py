"""The search box finds what people wrote (work order notes, handover items) and answers as
you type under the header's box too — results only, never a write."""

import pytest
from django.utils import timezone

from tests.actions import NoWrites
from tests.factories import HandoverItemFactory, WorkOrderFactory, WorkOrderNoteFactory

pytestmark = pytest.mark.django_db

HEADER = {"HX-Request": "true", "HX-Target": "header-results"}


@pytest.fixture
def written(aurora, borealis):
    order = WorkOrderFactory(vessel=aurora, number="WO-2026-0077", title="Stabiliser service")
    note = WorkOrderNoteFactory(work_order=order, note_text="Hydraulic hose chafing near the fin actuator.")
    open_item = HandoverItemFactory(
        vessel=aurora, summary_text="Hydraulic pressure drops overnight, check in the morning."
    )
    done_item = HandoverItemFactory(
        vessel=aurora, summary_text="Hydraulic tank topped up.", acknowledged_at=timezone.now()
    )
    other = WorkOrderFactory(vessel=borealis, title="Borealis stabiliser")
    WorkOrderNoteFactory(work_order=other, note_text="Hydraulic leak on Borealis.")
    HandoverItemFactory(vessel=borealis, summary_text="Hydraulic alarm on Borealis.")
    return {"order": order, "note": note, "open": open_item, "done": done_item}


def groups(response) -> dict:
    return {label: hits for label, hits in response.context["results"].groups}


def test_notes_and_handover_items_are_found_on_the_current_vessel_only(client, crew, written):
    client.force_login(crew)
    client.get("/")  # a session's first request stamps it

    with NoWrites("search"):
        response = client.get("/search", {"q": "hydraulic"})

    found = groups(response)
    [note] = found["Work order notes"]
    assert note.url == f"{written['order'].get_absolute_url()}#note-{written['note'].pk}"
    assert "<mark>Hydraulic</mark> hose" in note.snippet and "WO-2026-0077" in note.title
    assert note.badge_label == "General note"
    urls = {hit.url for hit in found["Handover"]}
    assert urls == {f"/handover/#item-{written['open'].pk}", "/handover/history/"}
    html = response.content.decode()
    assert "Borealis" not in html
    page = client.get(written["order"].get_absolute_url()).content.decode()
    assert f'id="note-{written["note"].pk}"' in page


def test_the_header_box_gets_a_short_list_with_a_link_to_all_results(client, crew, written):
    client.force_login(crew)
    client.get("/")

    with NoWrites("header search"):
        response = client.get("/search", {"q": "hydraulic"}, headers=HEADER)

    html = response.content.decode()
    assert html.lstrip().startswith('<div id="header-results" class="header-results open"')
    assert "<html" not in html and 'id="search-results"' not in html
    assert f'href="/work-orders/{written["order"].pk}/#note-{written["note"].pk}"' in html
    assert 'href="/search?q=hydraulic">All results for “hydraulic”</a>' in html
    assert "HX-Target" in response["Vary"]


def test_the_header_box_stays_closed_for_one_character(client, crew, written):
    client.force_login(crew)

    html = client.get("/search", {"q": "h"}, headers=HEADER).content.decode()

    assert '<div id="header-results" class="header-results" aria-live="polite">' in html
    assert "hit" not in html


def test_every_page_has_the_live_header_box_without_inline_script(client, crew):
    client.force_login(crew)

    html = client.get("/").content.decode()

    assert 'id="header-q"' in html and 'hx-get="/search"' in html and 'hx-target="#header-results"' in html
    assert '<div id="header-results" class="header-results" aria-live="polite"></div>' in html
    assert "<script>" not in html
