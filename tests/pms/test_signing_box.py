"""The signing box warns before signing locks: how many wrong secrets are left, then until when."""

import re

import pytest

from audit.models import Signature
from tests.factories import PASSWORD, EquipmentFactory, FaultFactory
from workorders.models import WorkOrder

pytestmark = pytest.mark.django_db

NAME = "create_work_order_from_fault"


def words(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", response.content.decode()))


@pytest.fixture
def form(aurora):
    fault = FaultFactory(equipment=EquipmentFactory(vessel=aurora), fault_code="E047")
    return {"fault_id": fault.pk, "title": "Coolant temperature high", "priority": "high"}


def test_the_box_counts_down_the_attempts_left_then_says_until_when_it_is_locked(actions, chief, form):
    tablet = actions.as_user(chief)
    preview = tablet.html_preview(NAME, form)
    assert "attempt" not in words(preview)  # no warning before a wrong secret

    for wrong in range(1, 5):
        preview = tablet.html_execute(NAME, preview, secret="not-my-password")
        assert preview.status_code == 403 and preview.context["error"].code == "INVALID_SIGNATURE"
        left = 5 - wrong
        expected = f"{left} attempt{'s' if left > 1 else ''} left before signing locks for 15 minutes."
        assert expected in words(preview), words(preview)[:3000]
    assert "1 attempt left before signing locks for 15 minutes." in words(preview)

    locked = tablet.html_execute(NAME, preview, secret="not-my-password")
    assert "Signing is locked after too many wrong attempts, until " in words(locked)
    assert locked.context["signing"].attempts_left == 0

    refused = tablet.html_execute(NAME, locked, secret=PASSWORD)
    assert refused.context["error"].code == "SIGNATURE_LOCKED"
    assert not WorkOrder.objects.exists() and not Signature.objects.exists()


def test_a_right_secret_after_a_wrong_one_signs(actions, chief, form):
    tablet = actions.as_user(chief)
    preview = tablet.html_preview(NAME, form)
    again = tablet.html_execute(NAME, preview, secret="typo")
    assert "4 attempts left before signing locks for 15 minutes." in words(again)

    done = tablet.html_execute(NAME, again, secret=PASSWORD)

    assert done.context["step"] == "result" and WorkOrder.objects.count() == 1
