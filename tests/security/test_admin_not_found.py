"""The admin answers another vessel's row with 404 (DESIGN §3), on every page that names a row,
for every registered model admin: never the redirect to the index that says "doesn't exist"."""

import uuid

import pytest
from django.contrib import admin
from django.urls import reverse

from pms.admin import VesselScopedAdmin

pytestmark = pytest.mark.django_db

ROW_PAGES = ("change", "delete", "history")


def registered():
    return sorted(admin.site._registry.items(), key=lambda item: item[0]._meta.label)


def url(model, page, pk) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{page}", args=[pk])


def missing_pk(model) -> str:
    return str(uuid.uuid4()) if model._meta.pk.get_internal_type() == "UUIDField" else "987654321"


def test_every_registered_model_admin_is_covered():
    assert len(registered()) >= 20
    assert all(hasattr(model_admin, "get_object") for _, model_admin in registered())


@pytest.mark.parametrize(("model", "model_admin"), registered(), ids=lambda v: getattr(v, "_meta", v).__str__())
def test_another_vessels_row_is_404_on_every_admin_page(
    client, aurora_hod, aurora_fleet, borealis_fleet, model, model_admin
):
    theirs = borealis_fleet.row_of(model)
    client.force_login(aurora_hod)
    for page in ROW_PAGES:
        for pk in (theirs.pk, missing_pk(model)):
            for method in (client.get, client.post):
                response = method(url(model, page, pk))
                where = f"{method.__name__.upper()} {page} of {model._meta.label} {pk}"
                assert response.status_code == 404, f"{where}: {response.status_code} {response.get('Location')}"
                assert str(theirs).encode() not in response.content, where
    # Nothing was changed or deleted by the posts, and no "doesn't exist" message waits on the next page.
    assert model._default_manager.filter(pk=theirs.pk).exists()
    assert "exist" not in client.get(reverse("admin:index")).content.decode()
    if isinstance(model_admin, VesselScopedAdmin):
        own = client.get(url(model, "change", aurora_fleet.row_of(model).pk))
        assert own.status_code == 200, f"own {model._meta.label}: {own.status_code} (the 404 means nothing)"


@pytest.mark.parametrize(("model", "model_admin"), registered(), ids=lambda v: getattr(v, "_meta", v).__str__())
def test_a_missing_id_is_404_for_a_superuser_too(client, model, model_admin):
    from pms.models import User

    client.force_login(User.objects.create_superuser("root", "root@example.com", "root-pass-1234"))
    for page in ROW_PAGES:
        assert client.get(url(model, page, missing_pk(model))).status_code == 404, (page, model._meta.label)
