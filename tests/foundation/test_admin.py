"""The officers' admin: every model registered and rendering, scoped to the vessels a
user heads, with the ledger, the audit log and signatures read-only."""

import pytest
from django.contrib import admin
from django.urls import reverse

from audit.models import AuditChainHead, AuditEntry, Signature, SignerLock
from equipment.models import Equipment, Fault
from inventory.models import Part, StockMovement
from modules import MODULES, TOP_TIER
from pms.models import ApiToken, IdempotencyRecord, Upload, User, Vessel
from pms.roles import Role
from tests.factories import EquipmentFactory, PartFactory, SignatureFactory, WorkOrderFactory, api_token, member
from workorders.models import WorkOrder

READ_ONLY_MODELS = [StockMovement, AuditEntry, Signature, AuditChainHead, IdempotencyRecord, SignerLock]
SUPERUSER_ONLY_MODELS = {User, ApiToken, IdempotencyRecord, AuditChainHead, SignerLock, Upload}
OUR_APPS = {"pms", "audit", *MODULES, *TOP_TIER}


def is_ours(model) -> bool:
    return model._meta.app_label in OUR_APPS


def admin_url(model, view="changelist", *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def registered_models():
    return sorted(admin.site._registry, key=lambda model: model._meta.label)


@pytest.fixture
def seeded_extras(seeded):
    """Rows the demo seed does not make, so every changelist has something to render."""
    chief = User.objects.get(username="chief")
    api_token(chief)
    SignerLock.objects.create(user=chief)
    SignatureFactory(vessel=Vessel.objects.get(code="AURORA"), signer=chief)
    IdempotencyRecord.objects.create(
        user=chief, key="k-1", action_name="report_fault", request_hash="0" * 64, http_status=200, response={}
    )
    Upload.objects.create(
        vessel=Vessel.objects.get(code="AURORA"),
        uploaded_by=chief,
        purpose="manual",
        file="uploads/x.pdf",
        name="x.pdf",
        size=1,
        sha256="0" * 64,
    )


def test_every_domain_model_is_registered():
    from django.apps import apps

    assert {m for m in apps.get_models() if is_ours(m)} <= set(admin.site._registry)


def test_changelist_and_change_page_render_for_a_superuser(client, superuser, seeded_extras):
    client.force_login(superuser)
    for model in registered_models():
        assert client.get(admin_url(model)).status_code == 200, model
        assert client.get(admin_url(model), {"q": "a"}).status_code == 200, model
        obj = model._default_manager.first()
        assert obj is not None or not is_ours(model), model
        if obj is not None:
            assert client.get(admin_url(model, "change", obj.pk)).status_code == 200, model


def test_changelist_and_change_page_render_for_an_aurora_hod(client, seeded_extras):
    client.force_login(User.objects.get(username="chief"))
    aurora = Vessel.objects.get(code="AURORA")
    for model in registered_models():
        response = client.get(admin_url(model))
        if model in SUPERUSER_ONLY_MODELS or not is_ours(model):
            assert response.status_code == 403, model
            continue
        assert response.status_code == 200, model
        shown = response.context["cl"].result_list
        assert shown, model
        assert all(getattr(row, "vessel_id", row.pk) == aurora.pk for row in shown), model
        assert client.get(admin_url(model, "change", shown[0].pk)).status_code == 200, model


def test_a_hod_sees_no_other_vessels_rows_and_cannot_open_them(client, seeded):
    client.force_login(User.objects.get(username="chief"))
    borealis = Vessel.objects.get(code="BOREALIS")
    for model in (Equipment, Fault, WorkOrder, Part, StockMovement, AuditEntry):
        response = client.get(admin_url(model))
        assert all(row.vessel_id != borealis.pk for row in response.context["cl"].result_list), model
        theirs = model.objects.filter(vessel=borealis).first()
        response = client.get(admin_url(model, "change", theirs.pk))
        # A row outside the queryset does not exist for this officer: 404, as for a missing id.
        assert response.status_code == 404
        assert str(theirs).encode() not in response.content
        assert client.post(admin_url(model, "change", theirs.pk), {}).status_code == 404


def test_a_hod_changelist_hides_other_vessels_in_filters(client, seeded):
    client.force_login(User.objects.get(username="chief"))
    content = client.get(admin_url(Equipment)).content.decode()
    assert "Aurora" in content
    assert "Borealis" not in content


@pytest.mark.parametrize("role", [Role.CREW, Role.ENGINEER, Role.ETO])
def test_staff_who_are_not_hod_cannot_use_the_admin(client, aurora, role):
    user = member(aurora, role, is_staff=True)
    EquipmentFactory(vessel=aurora)
    client.force_login(user)
    index = client.get(reverse("admin:index"))
    assert index.status_code == 200
    assert not index.context["app_list"]
    for model in (Equipment, WorkOrder, Part, Fault):
        assert client.get(admin_url(model)).status_code == 403
        assert client.get(admin_url(model, "add")).status_code == 403


def test_a_hod_without_staff_status_is_sent_to_the_login(client, chief):
    client.force_login(chief)
    assert client.get(admin_url(Equipment)).status_code == 302


def test_a_hod_edits_a_part_but_never_its_stock_and_the_change_is_audited(client, staff_chief, aurora):
    part = PartFactory(vessel=aurora, name="Impeller", stock=5)
    client.force_login(staff_chief)
    form = client.get(admin_url(Part, "change", part.pk)).context["adminform"].form
    assert "quantity_on_hand" not in form.fields

    response = client.post(
        admin_url(Part, "change", part.pk),
        {
            "part_number": part.part_number,
            "name": "Impeller kit",
            "unit": "pcs",
            "minimum_quantity": 1,
            "quantity_on_hand": 999,
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    part.refresh_from_db()
    assert part.name == "Impeller kit"
    assert part.quantity_on_hand == 5
    entry = AuditEntry.objects.get(object_type="inventory.part", object_id=str(part.pk), actor=staff_chief)
    assert entry.operation == "update"
    assert entry.changes["name"] == [part.name.replace(" kit", ""), "Impeller kit"]


def test_a_hod_adds_a_fault_as_its_reporter_on_their_own_vessel(client, staff_chief, aurora, borealis):
    mine = EquipmentFactory(vessel=aurora)
    theirs = EquipmentFactory(vessel=borealis)
    client.force_login(staff_chief)
    form = client.get(admin_url(Fault, "add")).context["adminform"].form
    assert list(form.fields["vessel"].queryset) == [aurora]
    assert set(form.fields["equipment"].queryset) == {mine}
    assert form.initial["vessel"] == aurora.pk

    data = {"vessel": aurora.pk, "equipment": theirs.pk, "title": "Leak", "severity": "low", "status": "open"}
    data |= {"detected_at_0": "2026-01-05", "detected_at_1": "10:00:00"}
    assert client.post(admin_url(Fault, "add"), data).status_code == 200
    assert not Fault.objects.exists()

    response = client.post(admin_url(Fault, "add"), {**data, "equipment": mine.pk})
    assert response.status_code == 302
    fault = Fault.objects.get()
    assert (fault.vessel, fault.equipment, fault.reported_by) == (aurora, mine, staff_chief)


def test_a_manager_of_two_vessels_cannot_mix_their_records(client, fleet_manager, aurora, borealis):
    theirs = EquipmentFactory(vessel=borealis)
    client.force_login(fleet_manager)
    data = {"vessel": aurora.pk, "equipment": theirs.pk, "title": "Leak", "severity": "low", "status": "open"}
    data |= {"detected_at_0": "2026-01-05", "detected_at_1": "10:00:00"}
    response = client.post(admin_url(Fault, "add"), data)
    assert response.status_code == 200
    assert "Choose one of this vessel" in str(response.context["adminform"].form.errors)
    assert not Fault.objects.exists()


def test_a_hod_cannot_delete_records(client, staff_chief, aurora):
    equipment = EquipmentFactory(vessel=aurora)
    client.force_login(staff_chief)
    assert client.get(admin_url(Equipment, "delete", equipment.pk)).status_code == 403
    assert client.post(admin_url(Equipment, "delete", equipment.pk), {"post": "yes"}).status_code == 403
    assert Equipment.objects.filter(pk=equipment.pk).exists()


def test_work_order_state_is_read_only_in_the_admin(client, staff_chief, aurora):
    work_order = WorkOrderFactory(vessel=aurora)
    client.force_login(staff_chief)
    assert client.get(admin_url(WorkOrder, "add")).status_code == 403
    form = client.get(admin_url(WorkOrder, "change", work_order.pk)).context["adminform"].form
    assert {"status", "number", "fault", "completed_by"}.isdisjoint(form.fields)
    assert {"title", "priority", "assignee", "due_date"} <= set(form.fields)


@pytest.fixture
def ledger_rows(aurora, chief):
    PartFactory(vessel=aurora, stock=3)  # a ledger row, its audit entries and the chain head
    SignatureFactory(vessel=aurora, signer=chief)
    SignerLock.objects.create(user=chief)
    IdempotencyRecord.objects.create(
        user=chief, key="k-1", action_name="report_fault", request_hash="0" * 64, http_status=200, response={}
    )


@pytest.mark.parametrize("model", READ_ONLY_MODELS, ids=lambda m: m._meta.label)
def test_ledger_audit_and_signatures_are_read_only_even_for_a_superuser(client, superuser, ledger_rows, model):
    client.force_login(superuser)
    obj = model._default_manager.first()
    before = model._default_manager.count()
    changelist = client.get(admin_url(model))
    assert changelist.context["has_add_permission"] is False
    assert client.get(admin_url(model, "add")).status_code == 403
    page = client.get(admin_url(model, "change", obj.pk))
    assert page.status_code == 200
    assert page.context["has_change_permission"] is False
    assert client.post(admin_url(model, "change", obj.pk), {}).status_code == 403
    assert client.post(admin_url(model, "delete", obj.pk), {"post": "yes"}).status_code == 403
    assert model._default_manager.count() == before


def test_api_tokens_list_without_the_hash_and_revoke_through_an_audited_save(client, superuser, chief):
    token = ApiToken.issue(user=chief, name="integration")[0]
    client.force_login(superuser)
    page = client.get(admin_url(ApiToken)).content.decode()
    assert token.prefix in page
    assert token.token_hash not in page
    assert token.token_hash not in client.get(admin_url(ApiToken, "change", token.pk)).content.decode()
    assert client.get(admin_url(ApiToken, "add")).status_code == 403

    response = client.post(admin_url(ApiToken), {"action": "revoke_tokens", "_selected_action": [token.pk]})
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    entry = AuditEntry.objects.get(object_type="pms.apitoken", object_id=str(token.pk), operation="update")
    assert entry.actor == superuser
    assert list(entry.changes) == ["revoked_at"]


def test_users_are_managed_by_superusers_only_with_their_memberships(client, superuser, staff_chief):
    client.force_login(staff_chief)
    assert client.get(admin_url(User)).status_code == 403
    assert client.get(admin_url(User, "change", staff_chief.pk)).status_code == 404  # no row exists for them
    client.force_login(superuser)
    page = client.get(admin_url(User, "change", staff_chief.pk))
    assert page.status_code == 200
    assert "AURORA" in page.content.decode()
    assert "signing_pin" not in page.context["adminform"].form.fields
