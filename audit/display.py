"""The audit log in words, for the pages' trails and the admin's list.

An entry stores what changed as it is in the database: `assignee_id` → a user's UUID,
`status` → `work_order_raised`, `actor_label` → a username. Shown to a person, a user is
their printed name, a foreign key the related record's name, a choice its label, a field
its verbose name and a record its model's verbose name. The names behind the ids of a
whole page of entries are read in one query per related model.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.apps import apps
from django.db import models
from django.utils.text import capfirst

from pms.formatting import day, humane, moment

GONE = "(no longer on record)"


@dataclass
class ChangeLine:
    label: str
    old: str | None
    new: str | None


@dataclass
class TrailEntry:
    """One audit entry as a person reads it; `entry` is the row itself."""

    entry: object
    who: str
    kind: str
    what: str
    action: str
    changes: list[ChangeLine] = field(default_factory=list)

    @property
    def summary(self) -> str:
        """'Status: Open → In progress; Assignee: — → Marco Bianchi'."""
        return "; ".join(f"{c.label}: {c.old or '—'} → {c.new or '—'}" for c in self.changes)


def model_of(object_type: str):
    try:
        return apps.get_model(object_type)
    except (LookupError, ValueError):
        return None


def kind_of(object_type: str) -> str:
    """'Work order note' for 'workorders.workordernote'."""
    model = model_of(object_type)
    return capfirst(str(model._meta.verbose_name)) if model else object_type


def _fields_by_attname(model) -> dict:
    return {f.attname: f for f in model._meta.concrete_fields} if model else {}


def _name(obj) -> str:
    return getattr(obj, "printed_name", None) or str(obj)


def _names(wanted: dict, known) -> dict:
    """(model, id as text) → name, for every id wanted; `known` rows are not read again."""
    names = {(obj._meta.concrete_model, str(obj.pk)): _name(obj) for obj in known}
    for model, ids in wanted.items():
        missing = [pk for pk in ids if (model, pk) not in names]
        if missing:
            for obj in model._base_manager.filter(pk__in=missing):
                names[(model, str(obj.pk))] = _name(obj)
    return names


def _value(field, value, names):
    if value is None or value == "":
        return None
    if field is None:
        return str(value)
    if field.is_relation and field.many_to_one:
        return names.get((field.related_model._meta.concrete_model, str(value)), GONE)
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.DateTimeField):
        return moment(value) or str(value)
    if isinstance(field, models.DateField) and not isinstance(value, datetime.datetime):
        return day(value) or str(value)
    return str(value)


def _who(entry) -> str:
    if entry.actor_id and entry.actor is not None:
        return entry.actor.printed_name
    label = entry.actor_label
    return f"System ({label.removeprefix('system:')})" if label.startswith("system:") else label


def present(entries, *, known=()) -> list[TrailEntry]:
    """The entries in words. `known` rows (the page's record, the user's vessels) need no query."""
    entries = list(entries)
    wanted = defaultdict(set)
    for entry in entries:
        fields = _fields_by_attname(model_of(entry.object_type))
        for attname, values in (entry.changes or {}).items():
            model_field = fields.get(attname)
            if model_field is not None and model_field.is_relation and model_field.many_to_one:
                related = model_field.related_model._meta.concrete_model
                wanted[related].update(str(v) for v in values if v)
    names = _names(wanted, known)
    shown = []
    for entry in entries:
        model = model_of(entry.object_type)
        fields = _fields_by_attname(model)
        lines = []
        # In the model's field order: the same on every database (PostgreSQL's jsonb reorders keys).
        order = {name: i for i, name in enumerate(fields)}
        changes = sorted((entry.changes or {}).items(), key=lambda item: (order.get(item[0], len(order)), item[0]))
        for attname, values in changes:
            model_field = fields.get(attname)
            label = capfirst(str(model_field.verbose_name)) if model_field is not None else humane(attname)
            old, new = (list(values) + [None, None])[:2] if isinstance(values, list | tuple) else (None, values)
            lines.append(ChangeLine(label, _value(model_field, old, names), _value(model_field, new, names)))
        shown.append(
            TrailEntry(
                entry=entry,
                who=_who(entry),
                kind=kind_of(entry.object_type),
                what=entry.object_repr,
                action=humane(entry.action_name) if entry.action_name else "",
                changes=lines,
            )
        )
    return shown
