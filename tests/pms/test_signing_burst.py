"""The signing lockout holds under fire (DESIGN §4): a burst of attempts sent at once, each on a
different fault, gets at most five "wrong" verdicts; the rest are SIGNATURE_LOCKED.

Each thread is its own request and connection (PostgreSQL). Passwords are hashed with a
PBKDF2 of a few milliseconds, so the verdicts take long enough to overlap.
"""

import pytest
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.test import Client

from audit.models import AuditEntry, Signature
from pms.roles import Role
from tests.factories import PASSWORD, FaultFactory, api_token, member
from tests.inventory.test_concurrency import run_in_parallel, warm
from workorders.models import WorkOrder

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
NAME = "create_work_order_from_fault"
BURST = 12


class QuickPBKDF2(PBKDF2PasswordHasher):
    iterations = 20_000


@pytest.fixture
def signer(settings, aurora):
    settings.PASSWORD_HASHERS = ["tests.pms.test_signing_burst.QuickPBKDF2"]
    chief = member(aurora, Role.CHIEF_ENGINEER, username="burst_chief")
    token = api_token(chief)
    warm(token)
    return chief, token


def signed_execute(token, payload, secret, key):
    def call():
        response = Client().post(
            f"/api/v1/actions/{NAME}/execute",
            {"payload": payload, "signature": {"secret": secret}},
            content_type="application/json",
            headers={"Authorization": f"Bearer {token}", "Idempotency-Key": key},
        )
        return response.status_code, response.json()

    return call


def burst(token, aurora, secrets: list[str]) -> list[tuple[int, dict]]:
    """All at once, each attempt on a fault of its own (so no business rule serialises them)."""
    calls = []
    for i, secret in enumerate(secrets):
        fault = FaultFactory(vessel=aurora, equipment__vessel=aurora)
        payload = {"fault_id": str(fault.pk), "title": f"Fix fault {i}", "priority": "high"}
        calls.append(signed_execute(token, payload, secret, f"burst-{i}"))
    return run_in_parallel(calls)


def codes(results) -> list[str]:
    return [body["error"]["code"] if status != 200 else "SIGNED" for status, body in results]


def test_a_burst_of_wrong_secrets_gets_five_wrong_verdicts_and_the_rest_locked(signer, aurora):
    chief, token = signer

    results = burst(token, aurora, ["not-my-password"] * BURST)

    assert sorted(codes(results)) == ["INVALID_SIGNATURE"] * 5 + ["SIGNATURE_LOCKED"] * (BURST - 5)
    assert {status for status, _ in results} == {403}
    # Every verdict was audited, under the lock that counted it.
    assert AuditEntry.objects.filter(actor=chief, operation="signature_failed").count() == 5
    assert AuditEntry.objects.filter(actor=chief, operation="signature_locked").count() == BURST - 5
    assert not WorkOrder.objects.exists() and not Signature.objects.exists()


def test_a_right_secret_in_a_burst_of_wrong_ones_cannot_outrun_the_lockout(signer, aurora):
    chief, token = signer

    results = burst(token, aurora, ["not-my-password"] * (BURST - 1) + [PASSWORD])

    found = codes(results)
    right = found[-1]
    assert right in ("SIGNED", "SIGNATURE_LOCKED")
    assert found[:-1].count("INVALID_SIGNATURE") == 5
    assert sorted(found[:-1]) == ["INVALID_SIGNATURE"] * 5 + ["SIGNATURE_LOCKED"] * (BURST - 6)
    signed = right == "SIGNED"
    assert WorkOrder.objects.count() == Signature.objects.count() == int(signed)
    assert AuditEntry.objects.filter(actor=chief, operation="signature_failed").count() == 5
