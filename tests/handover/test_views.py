"""The handover board, its history and printout, the HTML flow and the add buttons."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from handover.models import HandoverItem
from pms.formatting import day, moment
from tests.factories import (
    EquipmentFactory,
    FaultFactory,
    HandoverItemFactory,
    ManualSectionFactory,
    PartFactory,
    WorkOrderFactory,
)

pytestmark = pytest.mark.django_db


def ago(hours):
    return timezone.now() - timedelta(hours=hours)


def text_of(response) -> str:
    return response.content.decode()


# --- the board ---------------------------------------------------------------------------


def test_the_board_groups_by_category_then_urgent_first_then_oldest_first(client, crew, aurora, chief, borealis):
    make = HandoverItemFactory
    old_normal = make(vessel=aurora, category="ongoing_fault", priority="normal", created_at=ago(10))
    new_urgent = make(vessel=aurora, category="ongoing_fault", priority="urgent", created_at=ago(1))
    old_urgent = make(vessel=aurora, category="ongoing_fault", priority="urgent", created_at=ago(5))
    low = make(vessel=aurora, category="ongoing_fault", priority="low", created_at=ago(20))
    general = make(vessel=aurora, category="general", priority="urgent")
    wip = make(vessel=aurora, category="work_in_progress", priority="high")
    make(vessel=aurora, category="general", acknowledged_by=chief, acknowledged_at=timezone.now())
    make(vessel=borealis, category="general", summary_text="Borealis only, never on Aurora's board.")
    client.force_login(crew)

    response = client.get("/handover/")

    assert response.status_code == 200
    groups = [(category, [item.pk for item in items]) for category, _, items in response.context["groups"]]
    assert groups == [
        ("ongoing_fault", [old_urgent.pk, new_urgent.pk, old_normal.pk, low.pk]),
        ("work_in_progress", [wip.pk]),
        ("general", [general.pk]),
    ]
    html = text_of(response)
    assert "Borealis only" not in html
    assert html.index("Ongoing faults (4)") < html.index("Work in progress (1)") < html.index("General (1)")
    assert html.index(f"item-{old_urgent.pk}") < html.index(f"item-{new_urgent.pk}")


def test_the_board_shows_who_added_each_item_and_when(client, crew, aurora, chief):
    added_at = timezone.now().replace(hour=7, minute=30)
    HandoverItemFactory(vessel=aurora, added_by=chief, created_at=added_at)
    client.force_login(crew)

    html = text_of(client.get("/handover/"))

    assert f"Added by {chief.printed_name}, {moment(added_at)}" in html
    assert moment(added_at).endswith(", 07:30 UTC") and re.search(r"\b\d{1,2} [A-Z][a-z]{2} \d{4}, 07:30 UTC", html)


def test_the_board_links_each_item_to_its_record_with_its_current_status(client, crew, aurora):
    fault = FaultFactory(equipment__vessel=aurora, fault_code="E047")
    work_order = WorkOrderFactory(vessel=aurora, number="WO-2026-0003", status="open")
    part = PartFactory(vessel=aurora, minimum_quantity=2, stock=1)
    equipment = EquipmentFactory(vessel=aurora)
    FaultFactory(equipment=equipment)
    section = ManualSectionFactory(document__vessel=aurora, title="Cooling", page_number=7, end_page=8)
    for entity_type, entity in [
        ("fault", fault),
        ("work_order", work_order),
        ("part", part),
        ("equipment", equipment),
        ("document_section", section),
    ]:
        HandoverItemFactory(vessel=aurora, entity_type=entity_type, entity_id=entity.pk)
    # The records change after they were put on the board: the board shows them as they are now.
    fault.status = "resolved"
    fault.save()
    work_order.status = "in_progress"
    work_order.save()
    client.force_login(crew)

    html = text_of(client.get("/handover/"))

    assert f'href="/equipment/faults/{fault.pk}/"' in html and "Resolved" in html
    assert f'href="/work-orders/{work_order.pk}/"' in html and "In progress" in html
    assert f'href="/parts/{part.pk}/"' in html and "1 pcs · Low stock" in html
    assert f'href="/equipment/{equipment.pk}/"' in html and "1 open fault(s)" in html
    assert f'href="/manuals/sections/{section.pk}/"' in html and "p. 7–8" in html


def test_a_removed_record_and_a_free_text_note_show_as_such(client, crew, aurora):
    HandoverItemFactory(vessel=aurora, entity_type="part", entity_id="00000000-0000-0000-0000-000000000001")
    HandoverItemFactory(vessel=aurora)
    client.force_login(crew)

    html = text_of(client.get("/handover/"))

    assert "Part no longer on record" in html
    assert '<span class="entity-note">Note</span>' in html


def _fill_board(vessel, per_type):
    for _ in range(per_type):
        HandoverItemFactory(vessel=vessel, entity_type="fault", entity_id=FaultFactory(equipment__vessel=vessel).pk)
        HandoverItemFactory(
            vessel=vessel, entity_type="work_order", entity_id=WorkOrderFactory(vessel=vessel).pk, priority="high"
        )
        HandoverItemFactory(vessel=vessel, entity_type="part", entity_id=PartFactory(vessel=vessel).pk)
        HandoverItemFactory(vessel=vessel, entity_type="equipment", entity_id=EquipmentFactory(vessel=vessel).pk)
        section = ManualSectionFactory(document__vessel=vessel)
        HandoverItemFactory(vessel=vessel, entity_type="document_section", entity_id=section.pk, priority="urgent")
        HandoverItemFactory(vessel=vessel, category="important_info")


@pytest.mark.parametrize("url", ["/handover/", "/handover/print/"])
def test_the_board_and_print_view_make_the_same_number_of_queries_for_more_items(
    client, crew, aurora, django_assert_max_num_queries, url
):
    client.force_login(crew)
    _fill_board(aurora, 1)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(url)
    _fill_board(aurora, 8)

    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)

    assert response.status_code == 200
    assert sum(len(items) for _, _, items in response.context["groups"]) == 54


def test_the_history_shows_acknowledged_items_with_who_and_when(client, crew, chief, aurora):
    acknowledged_at = timezone.now().replace(hour=6, minute=15)
    HandoverItemFactory(
        vessel=aurora,
        summary_text="Watermaker membrane flushed.",
        added_by=crew,
        acknowledged_by=chief,
        acknowledged_at=acknowledged_at,
    )
    HandoverItemFactory(vessel=aurora, summary_text="Still open, not history.")
    client.force_login(crew)

    response = client.get("/handover/history/")

    html = text_of(response)
    assert response.status_code == 200
    assert "Watermaker membrane flushed." in html
    assert "Still open" not in html
    assert chief.printed_name in html
    assert moment(acknowledged_at) in html


def test_the_print_view_is_headed_with_vessel_date_author_and_counts(client, chief, aurora):
    HandoverItemFactory.create_batch(2, vessel=aurora, category="ongoing_fault")
    HandoverItemFactory(vessel=aurora, category="general", summary_text="Tender fuelled.")
    client.force_login(chief)

    response = client.get("/handover/print/")

    html = text_of(response)
    assert response.status_code == 200
    assert "Handover — Aurora (AURORA)" in html
    assert day(timezone.now()) in html
    assert f"Printed by</dt><dd>{chief.printed_name}" in html
    counts = dict(re.findall(r"<tr><td>([^<]+)</td><td>(\d+)</td></tr>", html))
    assert counts == {
        "Ongoing faults": "2",
        "Work in progress": "0",
        "Important information": "0",
        "Equipment status": "0",
        "General": "1",
    }
    assert html.count('class="print-category"') == 2
    assert "css/print.css" in html
    assert "mainnav" not in html
    assert "Tender fuelled." in html


def test_print_css_is_a4_without_navigation_and_breaks_pages_between_categories():
    from pathlib import Path

    from django.conf import settings

    css = (Path(settings.BASE_DIR) / "static/css/print.css").read_text()
    assert "@page { size: A4;" in css
    assert ".print-category + .print-category { break-before: page; }" in css
    assert ".topbar, .mainnav" in css


@pytest.mark.parametrize("url", ["/handover/", "/handover/history/", "/handover/print/"])
def test_handover_pages_have_no_inline_styles_or_scripts(client, crew, aurora, url):
    HandoverItemFactory(vessel=aurora, acknowledged_by=crew, acknowledged_at=timezone.now())
    HandoverItemFactory(vessel=aurora)
    client.force_login(crew)

    html = text_of(client.get(url))

    assert " style=" not in html
    assert "<style" not in html
    assert re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", html) == []


# --- acknowledging from the board ---------------------------------------------------------


def board_form(html: str, marker: str) -> dict:
    """The fields of the board's acknowledge form that carries `marker` (an item id, or all)."""
    for form in re.findall(r"<form[^>]*acknowledge_handover_item[^>]*>(.*?)</form>", html, re.S):
        if marker in form:
            return dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)">', form))
    raise AssertionError(f"no acknowledge form for {marker}")


def test_the_board_opens_the_preview_of_one_item_then_confirms_it(actions, crew, aurora):
    item, other = HandoverItemFactory.create_batch(2, vessel=aurora)
    tablet = actions.as_user(crew)
    board = text_of(tablet.client.get("/handover/"))

    preview = tablet.html_post("acknowledge_handover_item", board_form(board, str(item.pk)), step="preview")
    assert preview.status_code == 200 and "This will change" in text_of(preview)
    item.refresh_from_db()
    assert item.acknowledged_at is None  # nothing happens before the confirmation

    done = tablet.html_execute("acknowledge_handover_item", preview)
    item.refresh_from_db()
    other.refresh_from_db()
    assert done.status_code == 200 and "Handover item acknowledged." in text_of(done)
    assert item.acknowledged_by == crew and item.acknowledged_at is not None
    assert other.acknowledged_at is None


def test_acknowledge_all_asks_for_confirmation_then_takes_what_the_preview_showed(actions, crew, aurora):
    items = HandoverItemFactory.create_batch(3, vessel=aurora)
    tablet = actions.as_user(crew)
    board = text_of(tablet.client.get("/handover/"))
    assert "Acknowledge all 3…" in board

    preview = tablet.html_post("acknowledge_handover_item", board_form(board, 'name="all"'), step="preview")
    assert preview.status_code == 200
    # The preview lists every item that will leave the board, by its summary, before anything changes.
    rows = re.findall(r"<tr><td>handover item “([^”]*)”</td><td>Acknowledged by</td>", text_of(preview))
    assert sorted(rows) == sorted(item.summary_text[:50] for item in items) and len(rows) == 3
    assert not HandoverItem.objects.filter(acknowledged_at__isnull=False).exists()

    done = tablet.html_execute("acknowledge_handover_item", preview)
    assert done.status_code == 200 and "3 handover items acknowledged." in text_of(done)
    assert HandoverItem.objects.filter(acknowledged_by=crew).count() == 3
    assert "Nothing open on the handover." in text_of(tablet.client.get("/handover/"))


def test_acknowledge_all_refuses_when_an_item_arrived_after_the_preview(actions, crew, aurora):
    HandoverItemFactory.create_batch(2, vessel=aurora)
    tablet = actions.as_user(crew)
    board = text_of(tablet.client.get("/handover/"))
    preview = tablet.html_post("acknowledge_handover_item", board_form(board, 'name="all"'), step="preview")
    HandoverItemFactory(vessel=aurora, summary_text="Arrived while the preview was open.")

    response = tablet.html_execute("acknowledge_handover_item", preview)

    assert response.status_code == 409 and "STALE_PREVIEW" in text_of(response)
    assert "Arrived while the preview was open." in text_of(response)  # the new preview lists it
    assert not HandoverItem.objects.filter(acknowledged_at__isnull=False).exists()


def test_acknowledging_an_item_already_taken_over_says_who_did(actions, crew, chief, aurora):
    item = HandoverItemFactory(vessel=aurora, acknowledged_by=chief, acknowledged_at=timezone.now())
    tablet = actions.as_user(crew)

    response = tablet.html_post("acknowledge_handover_item", {"item_id": str(item.pk)}, step="preview")

    assert response.status_code == 409
    assert f"{chief.printed_name} already acknowledged this item" in text_of(response)
    item.refresh_from_db()
    assert item.acknowledged_by == chief


# --- the HTML flow of add_to_handover ------------------------------------------------------


def test_the_html_flow_prefills_previews_and_adds(actions, crew, aurora):
    fault = FaultFactory(equipment__vessel=aurora, fault_code="E101", severity="critical")
    as_crew = actions.as_user(crew)

    form = as_crew.html_get("add_to_handover", entity_type="fault", entity_id=str(fault.pk))
    summary = form.context["form"].initial["summary_text"]
    fields = {
        "entity_type": "fault",
        "entity_id": str(fault.pk),
        "summary_text": summary,
        "category": "ongoing_fault",
        "priority": "urgent",
    }
    preview = as_crew.html_preview("add_to_handover", fields)
    done = as_crew.html_execute("add_to_handover", preview)

    assert form.status_code == 200
    assert "E101" in summary
    assert form.context["form"].initial["priority"] == "urgent"
    assert preview.status_code == 200
    assert done.status_code == 200, done.content
    item = HandoverItem.objects.get()
    assert (item.entity_id, item.priority, item.added_by, item.summary_text) == (fault.pk, "urgent", crew, summary)
    assert "Open the handover board" in text_of(done)


def test_the_html_flow_shows_a_duplicate_and_adds_only_with_the_override_ticked(actions, crew, chief, aurora):
    part = PartFactory(vessel=aurora)
    HandoverItemFactory(
        vessel=aurora, entity_type="part", entity_id=part.pk, added_by=chief, summary_text="Order more filters."
    )
    as_crew = actions.as_user(crew)
    fields = {"entity_type": "part", "entity_id": str(part.pk), "summary_text": "Filters are running low."}

    form = as_crew.html_get("add_to_handover", entity_type="part", entity_id=str(part.pk))
    refused = as_crew.html_preview("add_to_handover", fields)
    preview = as_crew.html_preview("add_to_handover", {**fields, "override_duplicate": "on"})
    done = as_crew.html_execute("add_to_handover", preview)

    for page in (form, refused):
        html = text_of(page)
        assert "Already on the handover board" in html
        assert chief.printed_name in html and "Order more filters." in html
        assert 'name="override_duplicate"' in html
    assert refused.status_code == 409
    assert "DUPLICATE_ENTRY" in text_of(refused)
    assert preview.status_code == 200
    assert "this adds a second item" in text_of(preview)
    assert done.status_code == 200
    assert HandoverItem.objects.filter(entity_id=part.pk).count() == 2


def test_the_html_flow_refuses_an_invalid_entity_type_and_a_short_summary(actions, crew):
    as_crew = actions.as_user(crew)

    bad_type = as_crew.html_preview(
        "add_to_handover", {"entity_type": "vessel", "entity_id": "x", "summary_text": "Long enough text."}
    )
    short = as_crew.html_preview("add_to_handover", {"summary_text": "too short"})

    assert bad_type.status_code == 400 and "INVALID_ENTITY_TYPE" in text_of(bad_type)
    assert short.status_code == 400 and "VALIDATION_ERROR" in text_of(short)
    assert not HandoverItem.objects.exists()


def test_the_html_flow_of_another_vessels_record_is_not_found(actions, crew, borealis):
    foreign = FaultFactory(equipment__vessel=borealis)

    response = actions.as_user(crew).html_get("add_to_handover", entity_type="fault", entity_id=str(foreign.pk))

    assert response.status_code == 404
    assert "ENTITY_NOT_FOUND" in text_of(response)


def test_the_html_flow_acknowledges_an_item(actions, crew, aurora):
    item = HandoverItemFactory(vessel=aurora)
    as_crew = actions.as_user(crew)

    preview = as_crew.html_preview("acknowledge_handover_item", {"item_id": str(item.pk)})
    done = as_crew.html_execute("acknowledge_handover_item", preview)

    assert done.status_code == 200
    item.refresh_from_db()
    assert item.acknowledged_by == crew


# --- where people start: the detail pages and the dashboard ---------------------------------


def test_detail_pages_offer_add_to_handover(client, crew, aurora):
    equipment = EquipmentFactory(vessel=aurora)
    fault = FaultFactory(equipment=equipment)
    work_order = WorkOrderFactory(vessel=aurora)
    part = PartFactory(vessel=aurora)
    section = ManualSectionFactory(document__vessel=aurora)
    client.force_login(crew)

    for url, entity_type, entity in [
        (f"/equipment/faults/{fault.pk}/", "fault", fault),
        (f"/equipment/{equipment.pk}/", "equipment", equipment),
        (f"/work-orders/{work_order.pk}/", "work_order", work_order),
        (f"/parts/{part.pk}/", "part", part),
        (f"/manuals/sections/{section.pk}/", "document_section", section),
    ]:
        html = text_of(client.get(url))
        assert f"/actions/add_to_handover/?entity_type={entity_type}&amp;entity_id={entity.pk}" in html, url


def test_the_dashboard_shows_todays_handover(client, crew, aurora):
    HandoverItemFactory(vessel=aurora, summary_text="Anchor windlass brake adjusted.", priority="high")
    client.force_login(crew)

    html = text_of(client.get("/"))

    assert "Today&#x27;s handover" in html or "Today's handover" in html
    assert "Anchor windlass brake adjusted." in html
