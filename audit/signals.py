"""Signal handlers that log every create, update and delete of an audited model.

`post_init` keeps a snapshot of the loaded values, so an update logs old → new of the
fields that changed without another query.
"""

from django.db.models.signals import post_delete, post_init, post_save

from audit.services import MASKED, object_type_of, to_jsonable, write_entry

# Fields that change on every save and say nothing a reader needs.
IGNORED_FIELDS = frozenset({"version", "updated_at", "last_login"})
SECRET_FIELDS = frozenset({"password", "signing_pin", "token_hash"})


def _audited_fields(instance):
    return [f for f in instance._meta.concrete_fields if f.attname not in IGNORED_FIELDS and f.name != "id"]


def _values(instance) -> dict:
    loaded = instance.__dict__
    return {f.attname: loaded.get(f.attname) for f in _audited_fields(instance) if f.attname in loaded}


def _display(attname, value):
    if attname in SECRET_FIELDS:
        return MASKED if value else ""
    return to_jsonable(value)


def _vessel_id(instance):
    if instance._meta.label_lower == "pms.vessel":
        return instance.pk
    return getattr(instance, "vessel_id", None)


def loaded_values(instance) -> dict:
    """The audited fields' values as last loaded or saved (attname → value); {} when unknown."""
    return getattr(instance, "_audit_snapshot", {})


def snapshot(sender, instance, **kwargs):
    instance._audit_snapshot = _values(instance)


def log_save(sender, instance, created, raw=False, **kwargs):
    if raw:
        return
    new = _values(instance)
    if created:
        changes = {k: [None, _display(k, v)] for k, v in new.items() if v not in (None, "")}
    else:
        old = getattr(instance, "_audit_snapshot", {})
        changes = {k: [_display(k, old.get(k)), _display(k, v)] for k, v in new.items() if k in old and old[k] != v}
        if not changes:
            return
    write_entry(
        vessel_id=_vessel_id(instance),
        operation="create" if created else "update",
        object_type=object_type_of(instance),
        object_id=instance.pk,
        object_repr=str(instance),
        changes=changes,
    )
    instance._audit_snapshot = new


def log_delete(sender, instance, **kwargs):
    old = getattr(instance, "_audit_snapshot", None) or _values(instance)
    write_entry(
        vessel_id=_vessel_id(instance),
        operation="delete",
        object_type=object_type_of(instance),
        object_id=instance.pk,
        object_repr=str(instance),
        changes={k: [_display(k, v), None] for k, v in old.items() if v not in (None, "")},
    )


def connect(models):
    for model in models:
        uid = f"audit:{model._meta.label_lower}"
        post_init.connect(snapshot, sender=model, dispatch_uid=uid)
        post_save.connect(log_save, sender=model, dispatch_uid=uid)
        post_delete.connect(log_delete, sender=model, dispatch_uid=uid)
