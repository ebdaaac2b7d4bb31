"""API tokens, the action registry's startup check, and the project-wide Django checks."""

import io

import pytest
from django import forms
from django.core.management import CommandError, call_command
from django.utils import timezone

from pms.actions.base import Action, Kind
from pms.actions.checks import check_action, check_actions
from pms.models import ApiToken
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def issue(username) -> str:
    out = io.StringIO()
    call_command("issue_api_token", username, stdout=out)
    return out.getvalue().strip().splitlines()[-1]


def test_issue_api_token_prints_the_token_last_and_stores_only_its_hash(crew):
    raw = issue("deck")
    token = ApiToken.objects.get(user=crew)
    assert raw.startswith("pms_") and len(raw) > 40
    assert token.token_hash == ApiToken.hash(raw) and raw not in token.token_hash


def test_issue_api_token_for_unknown_user_fails():
    with pytest.raises(CommandError):
        call_command("issue_api_token", "nobody", stdout=io.StringIO())


def test_bearer_token_authenticates_and_revocation_ends_it(client, crew):
    raw = issue("deck")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    response = client.get("/api/v1/actions", **auth)
    assert response.status_code == 200
    token = ApiToken.objects.get()
    assert token.last_used_at is not None
    token.revoked_at = timezone.now()
    token.save()
    assert client.get("/api/v1/actions", **auth).status_code == 401
    assert client.get("/api/v1/actions", HTTP_AUTHORIZATION="Bearer pms_forged").status_code == 401


def test_inactive_users_tokens_do_not_work(client):
    user = UserFactory(username="gone")
    raw = issue("gone")
    user.is_active = False
    user.save()
    assert client.get("/api/v1/actions", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 401


def test_every_registered_action_passes_the_startup_check():
    assert check_actions() == []


def test_startup_check_names_what_an_incomplete_action_lacks():
    class HalfDone(Action):
        name = "half_done"
        label = "Half done"
        kind = Kind.MUTATE
        form_class = forms.Form
        requires_signature = True
        template_name = "nowhere/half_done.html"

    ids = {e.id for e in check_action(HalfDone())}
    assert ids == {"pms.E003", "pms.E004", "pms.E005", "pms.E006", "pms.E007", "pms.E008", "pms.E010"}


def test_startup_check_refuses_a_signature_over_fields_the_record_does_not_have():
    class SignsNothingReal(Action):
        name = "signs_nothing_real"
        label = "Signs nothing real"
        form_class = forms.Form
        roles = frozenset({"captain"})
        requires_signature = True
        signature_meaning = "I sign"
        signed_object_type = "inventory.part"
        signed_fields = ("quantity_on_hand", "colour")
        example_payload = {}
        template_name = "workorders/actions/start_work_order.html"

        def resolve(self, **kwargs): ...
        def plan(self, **kwargs): ...
        def apply(self, **kwargs): ...

    errors = check_action(SignsNothingReal())
    assert [(e.id, "'colour'" in e.msg) for e in errors] == [("pms.E012", True)]


def test_django_checks_and_migrations_are_clean():
    call_command("check", fail_level="WARNING", stdout=io.StringIO())
    call_command("makemigrations", "--check", "--dry-run", stdout=io.StringIO())


def test_startup_check_refuses_a_model_that_does_not_declare_its_audit():
    from django.apps import apps

    from audit.checks import check_models_declare_audit
    from inventory.models import Part

    assert not check_models_declare_audit()
    assert Part.audited is True
    try:
        del Part.audited
        errors = check_models_declare_audit()
    finally:
        Part.audited = True
    assert [(e.id, e.obj) for e in errors] == [("audit.E001", Part)]
    assert apps.get_model("audit", "Signature").audited  # signatures are audited too
