"""Signal handlers that log every create, update and delete of an audited model.

`post_init` keeps a snapshot of the loaded values, so an update logs old → new of the
fields that changed without another query.
"""

from django.db.models.signals import post_delete, post_init, post_save

from audit.services import MASKED, object_type_of, to_jsonable, write_entries, write_entry

# Fields that change on every save and say nothing a reader needs.
IGNORED_FIELDS = frozenset({"version", "updated_at", "last_login"})
SECRET_FIELDS = frozenset({"password", "signing_pin", "token_hash"})


def _audited_attnames(model) -> tuple[str, ...]:
    """Every concrete field but the id, the ignored ones and the model's own `audit_derived` (values
    it recomputes from other fields, such as a job's stored due, which are not anyone's change).

    Kept on the model class: every loaded row is snapshotted, so this runs for each row a page reads.
    """
    cached = model.__dict__.get("_audit_attnames")
    if cached is None:
        derived = getattr(model, "audit_derived", ())
        cached = tuple(
            f.attname
            for f in model._meta.concrete_fields
            if f.attname not in IGNORED_FIELDS and f.name != "id" and f.attname not in derived
        )
        model._audit_attnames = cached
    return cached


def _values(instance) -> dict:
    loaded = instance.__dict__
    return {name: loaded[name] for name in _audited_attnames(type(instance)) if name in loaded}


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
        changes = _created_changes(new)
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


def _created_changes(values: dict) -> dict:
    return {k: [None, _display(k, v)] for k, v in values.items() if v not in (None, "")}


def log_bulk_create(instances) -> None:
    """The `create` entries of rows inserted with `bulk_create` (which sends no post_save).

    Every instance must be of an audited model and already saved; the entries are the ones
    `log_save` would have written, appended per vessel chain in one go.
    """
    by_vessel: dict = {}
    for instance in instances:
        if not getattr(type(instance), "audited", False):
            raise TypeError(f"{type(instance).__name__} is not audited")
        values = _values(instance)
        by_vessel.setdefault(_vessel_id(instance), []).append(
            ("create", object_type_of(instance), instance.pk, str(instance), _created_changes(values))
        )
        instance._audit_snapshot = values
    for vessel_id, items in by_vessel.items():
        write_entries(vessel_id=vessel_id, items=items)


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
