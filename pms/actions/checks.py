"""Startup check: every registered action is complete (like the admin's checks_class)."""

from django.apps import apps
from django.core import checks
from django.core.exceptions import FieldDoesNotExist
from django.template import TemplateDoesNotExist
from django.template.loader import get_template

from pms.actions.base import Action, Kind, registry
from pms.roles import Role


def _overrides(action: Action, hook: str) -> bool:
    return getattr(type(action), hook) is not getattr(Action, hook)


def check_action(action: Action) -> list[checks.CheckMessage]:
    errors = []

    def error(msg, n):
        errors.append(checks.Error(msg, obj=type(action), id=f"pms.E{n:03d}"))

    if not action.name or not action.label:
        error("an action needs a name and a label", 1)
    if action.form_class is None:
        error(f"{action.name}: form_class is not set", 2)
    if not action.roles or not set(action.roles) <= set(Role.values):
        error(f"{action.name}: declare who may run it, `roles = ...` of pms.roles.Role values", 3)
    if not _overrides(action, "resolve"):
        error(f"{action.name}: resolve() is not implemented", 4)
    needed = ["read"] if action.kind == Kind.READ else ["plan", "apply"]
    for hook in needed:
        if not _overrides(action, hook):
            error(f"{action.name}: {hook}() is not implemented", 5)
    if action.requires_signature and (not action.signature_meaning or not action.signed_object_type):
        error(f"{action.name}: a signing action needs signature_meaning and signed_object_type", 6)
    fields = set(action.form_class.base_fields) if action.form_class else set()
    if action.example_payload is None or set(action.example_payload) - fields:
        error(f"{action.name}: example_payload must name only the form's fields", 8)
    if action.requires_signature:
        errors.extend(_check_signed_fields(action))
    try:
        get_template(action.template_name)
    except TemplateDoesNotExist:
        error(f"{action.name}: template {action.template_name!r} does not exist", 7)
    return errors


def _check_signed_fields(action: Action) -> list[checks.CheckMessage]:
    """A signing action names the fields its signature covers: model fields, or values the model derives."""
    if not action.signed_fields:
        return [
            checks.Error(
                f"{action.name}: declare the fields its signature covers, `signed_fields = (...)`",
                obj=type(action),
                id="pms.E010",
            )
        ]
    try:
        model = apps.get_model(action.signed_object_type)
    except (LookupError, ValueError):
        return [
            checks.Error(
                f"{action.name}: signed_object_type {action.signed_object_type!r} is no model",
                obj=type(action),
                id="pms.E011",
            )
        ]
    errors = []
    for name in action.signed_fields:
        try:
            known = model._meta.get_field(name).concrete
        except FieldDoesNotExist:
            known = hasattr(model, "signed_value")
        if not known:
            errors.append(
                checks.Error(
                    f"{action.name}: {model._meta.label} has no field {name!r} to sign", obj=type(action), id="pms.E012"
                )
            )
    return errors


@checks.register()
def check_actions(app_configs=None, **kwargs):
    return [e for action in registry.all() for e in check_action(action)]
