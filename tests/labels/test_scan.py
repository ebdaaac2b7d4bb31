"""/scan/ and /scan/resolve: a scanned label (the item's URL) or a bare code opens the item of the
user's vessels with its quick actions; anything else is a 404, and nothing opens without a login."""

import pytest
from django.urls import reverse

from pms.roles import Role
from tests.factories import (
    CounterFactory,
    EquipmentFactory,
    MaintenanceJobFactory,
    PartFactory,
    WorkOrderFactory,
    member,
)

pytestmark = pytest.mark.django_db


def resolve(client, code):
    return client.get(reverse("labels:resolve"), {"code": code})


def test_the_scan_page_loads_its_scripts_from_the_server_only(client, crew):
    client.force_login(crew)
    response = client.get(reverse("labels:scan"))
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="scan-file"' in page and 'accept="image/*"' in page
    assert "/static/vendor/jsqr/jsQR.js" in page and "/static/labels/scan.js" in page
    assert "<script>" not in page and "style=" not in page  # strict CSP: nothing inline
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert f'href="{reverse("labels:scan")}" aria-current="page">Scan</a>' in page


def test_a_scanned_equipment_url_opens_it_with_its_quick_actions(client, engineer, aurora):
    engine = EquipmentFactory(vessel=aurora, code="ME-PS", name="Main engine port")
    alternator = EquipmentFactory(vessel=aurora, code="ME-PS-ALT", name="Alternator", parent=engine)
    CounterFactory(equipment=engine, readings=[])
    MaintenanceJobFactory(equipment=alternator, code="ALT-CHECK", title="Alternator brushes")
    client.force_login(engineer)
    response = resolve(client, f"https://pms.example.org{alternator.get_absolute_url()}")
    assert response.status_code == 200
    page = response.content.decode()
    assert "ME-PS-ALT" in page and "Alternator" in page
    assert f"{reverse('action', args=['report_fault'])}?equipment_id={alternator.pk}" in page
    assert "Record hours" in page  # on the engine's counter, the nearest ancestor's
    assert "(on ME-PS)" in page
    assert "ALT-CHECK" in page  # its jobs and when they are due


def test_a_bare_code_opens_the_equipment_or_the_part(client, engineer, aurora):
    pump = EquipmentFactory(vessel=aurora, code="BP-1", name="Bilge pump")
    part = PartFactory(vessel=aurora, part_number="IMP-123", name="Impeller", stock=4)
    client.force_login(engineer)
    page = resolve(client, "bp-1").content.decode()
    assert pump.name in page
    response = resolve(client, " IMP-123 ")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Impeller" in page and "4 pcs" in page
    assert f"{reverse('action', args=['log_part_usage'])}?part_id={part.pk}" in page
    assert f"{reverse('action', args=['check_stock_level'])}?part_id={part.pk}" in page


def test_a_part_label_url_opens_the_part(client, crew, aurora):
    part = PartFactory(vessel=aurora, part_number="IMP-123", stock=1)
    client.force_login(crew)
    response = resolve(client, f"http://testserver{part.get_absolute_url()}")
    assert response.status_code == 200
    page = response.content.decode()
    assert f"{reverse('action', args=['check_stock_level'])}?part_id={part.pk}" in page
    assert "log_part_usage" not in page  # crew may not log usage: the button is not offered


def test_a_job_cards_qr_code_opens_its_work_order(client, engineer, aurora, borealis):
    ours = WorkOrderFactory(vessel=aurora)
    theirs = WorkOrderFactory(vessel=borealis)
    client.force_login(engineer)
    response = resolve(client, f"http://testserver{ours.get_absolute_url()}")
    assert response.status_code == 302
    assert response["Location"] == ours.get_absolute_url()
    assert resolve(client, f"http://testserver{theirs.get_absolute_url()}").status_code == 404
    # Only the path of a scanned URL counts: it never leads off this server.
    assert resolve(client, f"//elsewhere.example{ours.get_absolute_url()}")["Location"] == ours.get_absolute_url()


def test_the_current_vessels_item_comes_first_for_a_shared_code(client, aurora, borealis):
    manager = member(aurora, Role.MANAGER, username="manager")
    manager.memberships.model(user=manager, vessel=borealis, role=Role.MANAGER).save()
    EquipmentFactory(vessel=borealis, code="GEN-1", name="Borealis generator")
    EquipmentFactory(vessel=aurora, code="GEN-1", name="Aurora generator")
    client.force_login(manager)
    assert "Aurora generator" in resolve(client, "GEN-1").content.decode()


def test_another_vessels_item_is_not_found(client, engineer, borealis):
    theirs = EquipmentFactory(vessel=borealis, code="BO-GEN")
    their_part = PartFactory(vessel=borealis, part_number="BO-P1")
    client.force_login(engineer)
    for code in (
        theirs.get_absolute_url(),
        f"http://testserver{theirs.get_absolute_url()}",
        f"http://testserver{their_part.get_absolute_url()}",
        "BO-GEN",
        "BO-P1",
        "NO-SUCH-CODE",
        "http://testserver/equipment/not-a-uuid/",
        "http://testserver/work-orders/",
        "javascript:alert(1)",
    ):
        assert resolve(client, code).status_code == 404, code


def test_a_missing_or_huge_code_is_a_400_with_the_error_envelope(client, engineer):
    client.force_login(engineer)
    for code in ("", "   ", "X" * 501):
        response = resolve(client, code)
        assert response.status_code == 400
        assert response.json()["error"] == {
            "code": "VALIDATION_ERROR",
            "message": "Give the scanned code (1–500 characters).",
            "field": "code",
            "details": {},
        }


def test_scanning_needs_a_login(client, aurora):
    pump = EquipmentFactory(vessel=aurora, code="BP-1")
    for url in (reverse("labels:scan"), f"{reverse('labels:resolve')}?code=BP-1", pump.get_absolute_url()):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
