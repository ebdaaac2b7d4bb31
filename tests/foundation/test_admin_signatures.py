"""Officers see a work order's signatures (name, role, time, meaning) on its admin page."""

import pytest
from django.contrib.auth import get_user_model

from tests.factories import SignatureFactory, WorkOrderFactory

pytestmark = pytest.mark.django_db


def test_work_order_admin_page_shows_its_signatures(client, aurora, chief):
    order = WorkOrderFactory(vessel=aurora)
    SignatureFactory(
        vessel=aurora,
        signer=chief,
        printed_name="Marco Bianchi",
        meaning="I confirm this work order is complete",
        object_type="workorders.workorder",
        object_id=str(order.pk),
    )
    admin_user = get_user_model().objects.create_superuser("root", "root@example.org", "x-pass-1234")
    client.force_login(admin_user)
    html = client.get(f"/admin/workorders/workorder/{order.pk}/change/").content.decode()
    assert "Signed by <strong>Marco Bianchi</strong>" in html
    assert "I confirm this work order is complete" in html
