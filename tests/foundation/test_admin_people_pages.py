"""Every user's and vessel's admin page renders, whichever rows their inlines hold (no lazy loads per row)."""

import io

import pytest
from django.core.management import call_command

from pms.models import User, Vessel

pytestmark = pytest.mark.django_db


def test_every_user_and_vessel_change_page_renders(client):
    call_command("seed_demo", stdout=io.StringIO())
    superuser = User.objects.create_superuser("root", "root@example.org", "x-pass-1234")
    client.force_login(superuser)
    for user in User.objects.all():  # the manager holds memberships on two vessels
        assert client.get(f"/admin/pms/user/{user.pk}/change/").status_code == 200, user.username
    for vessel in Vessel.objects.all():
        assert client.get(f"/admin/pms/vessel/{vessel.pk}/change/").status_code == 200, vessel.code


def test_every_work_order_and_manual_change_page_renders(client):
    from manuals.models import ManualDocument
    from workorders.models import WorkOrder

    call_command("seed_demo", stdout=io.StringIO())
    superuser = User.objects.create_superuser("root", "root@example.org", "x-pass-1234")
    client.force_login(superuser)
    for model, url in ((WorkOrder, "workorders/workorder"), (ManualDocument, "manuals/manualdocument")):
        for obj in model.objects.all():  # each with its notes, part lines or sections inline
            assert client.get(f"/admin/{url}/{obj.pk}/change/").status_code == 200, obj
