"""Signatures at execute: password or PIN, what was signed, refusals, lockout — all audited.

The signing rules are proven on a signed variant of `record_stock_count` registered only for
these tests, so they do not depend on any one business action.
"""

from datetime import timedelta
from unittest import mock

import pytest
from django.utils import timezone

from audit.models import AuditEntry, Signature
from pms.actions.base import registry
from pms.roles import ENGINEER_GRADE_ROLES
from tests.actions import error_code
from tests.factories import PASSWORD, PartFactory

pytestmark = pytest.mark.django_db


# A subclass of the registered record_stock_count, wherever its module lives.
class SignedStockCount(type(registry.get("record_stock_count"))):
    name = "signed_stock_count"
    requires_signature = True
    signature_meaning = "I confirm this count is correct"
    signed_object_type = "inventory.part"
    signed_fields = ("quantity_on_hand", "last_counted_at", "last_counted_by")
    roles = ENGINEER_GRADE_ROLES


@pytest.fixture(autouse=True)
def signed_action():
    registry.register(SignedStockCount)
    yield registry.get("signed_stock_count")
    registry.unregister("signed_stock_count")


@pytest.fixture
def as_chief(actions, chief):
    return actions.as_user(chief)


@pytest.fixture
def part(aurora):
    return PartFactory(vessel=aurora, stock=10)


def payload(part, counted=8):
    return {"part_id": str(part.pk), "counted_quantity": counted}


def test_signed_with_password_stores_who_what_and_the_signed_hash(as_chief, chief, part):
    seen = as_chief.preview_hash("signed_stock_count", payload(part))
    response = as_chief.execute("signed_stock_count", payload(part), preview_hash=seen, secret=PASSWORD)
    assert response.status_code == 200, response.json()
    signature = Signature.objects.get()
    assert signature.signer == chief
    assert (signature.printed_name, signature.role, signature.method) == (
        chief.printed_name,
        "chief_engineer",
        "password",
    )
    assert signature.meaning == "I confirm this count is correct"
    assert signature.preview_hash == seen
    assert (signature.object_type, signature.object_id) == ("inventory.part", str(part.pk))
    assert response.json()["result"]["signature"]["printed_name"] == chief.printed_name
    # Every row the signed execute wrote names the signature, the signature's own row included.
    written = AuditEntry.objects.filter(action_name="signed_stock_count")
    assert sorted(e.object_type for e in written) == ["audit.signature", "inventory.part", "inventory.stockmovement"]
    assert all(e.signature_id == signature.pk for e in written)
    part.refresh_from_db()
    assert part.quantity_on_hand == 8


def test_signed_with_personal_pin(actions, chief, part):
    chief.set_signing_pin("482913")
    chief.save()
    response = actions.as_user(chief).execute("signed_stock_count", payload(part), secret="482913")
    assert response.status_code == 200
    assert Signature.objects.get().method == "pin"


def test_preview_announces_the_signature(as_chief, part):
    preview = as_chief.preview("signed_stock_count", payload(part)).json()["preview"]
    assert preview["requires_signature"] is True
    assert preview["signature_meaning"] == "I confirm this count is correct"


def test_missing_secret_is_signature_required_and_costs_no_attempt(as_chief, part):
    response = as_chief.execute("signed_stock_count", payload(part))
    assert (response.status_code, error_code(response)) == (400, "SIGNATURE_REQUIRED")
    assert not AuditEntry.objects.filter(operation="signature_failed").exists()
    part.refresh_from_db()
    assert part.quantity_on_hand == 10


def test_a_typo_in_the_payload_never_costs_a_signing_attempt(as_chief, part):
    response = as_chief.execute("signed_stock_count", payload(part, counted=-3), secret="wrong")
    assert error_code(response) == "INVALID_QUANTITY"
    assert not AuditEntry.objects.filter(operation="signature_failed").exists()


def test_wrong_secret_is_refused_audited_and_changes_nothing(as_chief, chief, part):
    response = as_chief.execute("signed_stock_count", payload(part), secret="not-my-password")
    assert (response.status_code, error_code(response)) == (403, "INVALID_SIGNATURE")
    part.refresh_from_db()
    assert part.quantity_on_hand == 10 and not Signature.objects.exists()
    failure = AuditEntry.objects.get(operation="signature_failed")
    assert (failure.actor, failure.action_name, failure.vessel_id) == (chief, "signed_stock_count", part.vessel_id)


def test_five_wrong_secrets_lock_signing_for_fifteen_minutes(as_chief, chief, part):
    for _ in range(5):
        assert error_code(as_chief.execute("signed_stock_count", payload(part), secret="nope")) == "INVALID_SIGNATURE"
    locked = as_chief.execute("signed_stock_count", payload(part), secret=PASSWORD)
    assert (locked.status_code, error_code(locked)) == (403, "SIGNATURE_LOCKED")
    assert AuditEntry.objects.filter(operation="signature_locked", actor=chief).count() == 1
    part.refresh_from_db()
    assert part.quantity_on_hand == 10

    later = timezone.now() + timedelta(minutes=15, seconds=5)
    with mock.patch("django.utils.timezone.now", return_value=later):
        response = as_chief.execute("signed_stock_count", payload(part), secret=PASSWORD)
    assert response.status_code == 200


def test_failures_spread_over_more_than_fifteen_minutes_do_not_lock(as_chief, part):
    start = timezone.now()
    for i in range(5):
        with mock.patch("django.utils.timezone.now", return_value=start + timedelta(minutes=4 * i)):
            as_chief.execute("signed_stock_count", payload(part), secret="nope")
    with mock.patch("django.utils.timezone.now", return_value=start + timedelta(minutes=17)):
        response = as_chief.execute("signed_stock_count", payload(part), secret=PASSWORD)
    assert response.status_code == 200


def test_signature_binds_to_the_plan_it_saw(as_chief, part):
    seen = as_chief.preview_hash("signed_stock_count", payload(part))
    as_chief.execute("record_stock_count", payload(part, counted=9))
    response = as_chief.execute("signed_stock_count", payload(part), preview_hash=seen, secret=PASSWORD)
    assert error_code(response) == "STALE_PREVIEW"
    assert not Signature.objects.exists()


def test_signature_is_shown_in_the_html_flow_and_on_the_record(as_chief, chief, part):
    page = as_chief.html_preview("signed_stock_count", payload(part))
    html = page.content.decode()
    assert "I confirm this count is correct" in html and chief.printed_name in html
    assert 'name="signature_secret"' in html
    response = as_chief.html_execute("signed_stock_count", page, secret=PASSWORD)
    assert response.status_code == 200
    assert "Signed by" in response.content.decode()
    detail = as_chief.client.get(part.get_absolute_url()).content.decode()
    assert "I confirm this count is correct" in detail and chief.printed_name in detail


def test_wrong_secret_in_the_html_flow_keeps_the_preview(as_chief, part):
    page = as_chief.html_preview("signed_stock_count", payload(part))
    response = as_chief.html_execute("signed_stock_count", page, secret="wrong")
    assert response.status_code == 403
    assert response.context["step"] == "preview"
    assert "INVALID_SIGNATURE" in response.content.decode()


def test_profile_page_sets_a_signing_pin(client, chief):
    client.force_login(chief)
    response = client.post("/profile/", {"current_password": PASSWORD, "pin": "12345", "pin_again": "12345"})
    assert response.status_code == 400
    response = client.post("/profile/", {"current_password": "wrong", "pin": "123456", "pin_again": "123456"})
    assert response.status_code == 400
    response = client.post("/profile/", {"current_password": PASSWORD, "pin": "123456", "pin_again": "123456"})
    assert response.status_code == 302
    chief.refresh_from_db()
    assert chief.check_signing_pin("123456") and "123456" not in chief.signing_pin
