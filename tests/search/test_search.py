"""Search: finds anything of the current vessel, ranked and grouped, highlighted — and never writes."""

import pytest
from django.db import connection

from tests.actions import NoWrites
from tests.factories import (
    EquipmentFactory,
    FaultFactory,
    ManualFaultCodeFactory,
    ManualSectionFactory,
    PartFactory,
    WorkOrderFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def board(aurora, borealis):
    engine = EquipmentFactory(
        vessel=aurora,
        code="ME-PS",
        name="Port main engine",
        manufacturer="MTU",
        model="16V4000",
        serial_number="SN-77812",
    )
    fault = FaultFactory(equipment=engine, fault_code="E047", title="Coolant temperature high")
    order = WorkOrderFactory(vessel=aurora, number="WO-2026-0042", title="Replace coolant pump seal", equipment=engine)
    part = PartFactory(vessel=aurora, part_number="FLT-3321", name="Fuel filter element", manufacturer="Racor")
    section = ManualSectionFactory(
        vessel=aurora,
        document__vessel=aurora,
        title="Cooling system troubleshooting",
        text="If the coolant pumps fail, the engine overheats. Check the impeller and thermostat.",
        page_number=12,
        end_page=13,
    )
    ManualFaultCodeFactory(section=section, code="E047")
    engine.manual = section.document
    engine.save()
    # The same words on the other vessel must never show.
    other = EquipmentFactory(
        vessel=borealis, code="ME-PS-B", name="Port main engine Borealis", serial_number="SN-77812"
    )
    foreign = [
        other,
        FaultFactory(equipment=other, fault_code="E047", title="Coolant temperature high on Borealis"),
        PartFactory(vessel=borealis, part_number="FLT-3321", name="Borealis fuel filter"),
        ManualSectionFactory(
            vessel=borealis, document__vessel=borealis, title="Borealis cooling", text="coolant pumps"
        ),
        WorkOrderFactory(vessel=borealis, number="WO-2026-0042", title="Borealis coolant pump"),
    ]
    return {"engine": engine, "fault": fault, "order": order, "part": part, "section": section, "foreign": foreign}


def search(client, q, **headers):
    return client.get("/search", {"q": q}, headers=headers)


def group(response, label):
    return dict(response.context["results"].groups).get(label, [])


def test_finds_each_kind_by_its_identifying_fields(client, crew, board):
    client.force_login(crew)
    assert [h.url for h in group(search(client, "ME-PS"), "Equipment")][0] == board["engine"].get_absolute_url()
    assert group(search(client, "sn-77812"), "Equipment")[0].url == board["engine"].get_absolute_url()
    assert group(search(client, "MTU 16V4000"), "Equipment")[0].url == board["engine"].get_absolute_url()
    assert group(search(client, "e047"), "Faults")[0].url == board["fault"].get_absolute_url()
    assert group(search(client, "WO-2026-0042"), "Work orders")[0].url == board["order"].get_absolute_url()
    assert group(search(client, "FLT-33"), "Parts")[0].url == board["part"].get_absolute_url()
    assert group(search(client, "racor"), "Parts")[0].url == board["part"].get_absolute_url()
    assert group(search(client, "thermostat"), "Manual sections")[0].url == board["section"].get_absolute_url()
    assert group(search(client, "E047"), "Manual sections")[0].url == board["section"].get_absolute_url()


def test_results_are_grouped_and_highlighted(client, crew, board):
    client.force_login(crew)
    response = search(client, "coolant")
    labels = [label for label, _ in response.context["results"].groups]
    assert labels == ["Faults", "Work orders", "Manual sections"]
    html = response.content.decode()
    assert "<mark>Coolant</mark> temperature high" in html
    assert "Borealis" not in html


def test_another_vessels_rows_never_appear(client, crew, board):
    client.force_login(crew)
    foreign_urls = {obj.get_absolute_url() for obj in board["foreign"]}
    for q in ("Borealis", "ME-PS-B", "SN-77812", "FLT-3321", "coolant pumps", "E047", "WO-2026-0042"):
        response = search(client, q, **{"HX-Request": "true"})
        urls = {hit.url for _, hits in response.context["results"].groups for hit in hits}
        assert not urls & foreign_urls
        html = response.content.decode()
        assert not any(url in html for url in foreign_urls) and str(board["foreign"][0].pk) not in html


def test_exact_matches_rank_first(client, crew, aurora, board):
    EquipmentFactory(vessel=aurora, code="ME-PS-AUX", name="Aux pump")
    client.force_login(crew)
    hits = group(search(client, "ME-PS"), "Equipment")
    assert hits[0].url == board["engine"].get_absolute_url() and len(hits) == 2


def test_queries_that_read_as_requests_suggest_a_prefill_link(client, crew, board):
    client.force_login(crew)
    chips = {s.label: s.url for s in search(client, "E047").context["results"].suggestions}
    assert chips == {
        "Show manual section for E047 on ME-PS": f"/actions/show_manual_section/?equipment_id={board['engine'].pk}&fault_code=E047"
    }
    chips = {s.label: s.url for s in search(client, "flt-3321").context["results"].suggestions}
    assert chips == {"Check stock of FLT-3321": f"/actions/check_stock_level/?part_id={board['part'].pk}"}
    chips = {s.label: s.url for s in search(client, "wo-2026-0042").context["results"].suggestions}
    assert chips == {"Add note to WO-2026-0042": f"/actions/add_note_to_work_order/?work_order_id={board['order'].pk}"}
    assert search(client, "coolant").context["results"].suggestions == []


def test_live_results_are_the_fragment_only(client, crew, board):
    client.force_login(crew)
    response = search(client, "coolant", **{"HX-Request": "true"})
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="search-results"') and "<html" not in html
    assert "HX-Request" in response["Vary"]


def test_header_of_every_page_has_the_search_box(client, crew, board):
    client.force_login(crew)
    for url in ("/", board["part"].get_absolute_url(), "/work-orders/"):
        assert 'id="header-q"' in client.get(url).content.decode()


def test_search_never_writes_anything(crew, engineer, board):
    from django.test import Client

    clients = []
    for user in (crew, engineer):
        clients.append(Client())
        clients[-1].force_login(user)
    queries = [
        "E047",
        "e0",
        "ME-PS",
        "WO-2026-0042",
        "FLT-3321",
        "coolant",
        "coolant pumps",
        "create work order",
        "delete everything",
        "'; DROP TABLE parts; --",
        "<script>alert(1)</script>",
        "x" * 500,
        "",
        "a",
        "SPN 110 FMI 0",
        "A-102",
        "thermostat impeller",
        "racor filter",
        "%",
        "_",
        "\\",
    ]
    with NoWrites():
        for client in clients:
            for q in queries:
                for headers in ({}, {"HX-Request": "true"}):
                    assert search(client, q, **headers).status_code == 200


def test_markup_in_queries_and_data_is_escaped(client, crew, aurora):
    EquipmentFactory(vessel=aurora, code="X-1", name="<b>Bold</b> pump")
    client.force_login(crew)
    html = search(client, "<b>").content.decode()
    assert "<b>Bold</b>" not in html and "&lt;" in html


def test_search_is_for_members_only(client):
    assert search(client, "E047").status_code == 302


@pytest.mark.postgres
def test_postgresql_full_text_search_stems_and_uses_its_indexes(client, crew, board):
    client.force_login(crew)
    assert group(search(client, "thermostats"), "Manual sections")[0].url == board["section"].get_absolute_url()
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname FROM pg_indexes WHERE indexname LIKE '%%_trgm' OR indexname LIKE '%%_fts'")
        names = {row[0] for row in cursor.fetchall()}
    assert {"inventory_part_part_number_trgm", "manuals_manualsection_fts", "equipment_fault_fault_code_trgm"} <= names


@pytest.mark.postgres
def test_every_trigram_index_holds_the_vessel_first():
    """Searches are of one vessel: the index reads only its entries (search/migrations/0004)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexname, indexdef FROM pg_indexes WHERE indexname LIKE '%%_trgm'")
        definitions = dict(cursor.fetchall())
    assert len(definitions) == 14
    assert all("USING gin (vessel_id, upper(" in definition for definition in definitions.values())
