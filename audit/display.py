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
from functools import lru_cache

from django.apps import apps
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import get_language

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


@dataclass(frozen=True)
class _Shape:
    """What a trail needs to know of a kind of record, worked out once per kind and language:
    its name, its fields by column, their order, their labels and their choices' labels."""

    kind: str
    fields: dict
    order: dict
    labels: dict
    choices: dict


@lru_cache(maxsize=256)
def _shape_in(object_type: str, language: str | None) -> _Shape:
    model = model_of(object_type)
    if model is None:
        return _Shape(object_type, {}, {}, {}, {})
    fields = {f.attname: f for f in model._meta.concrete_fields}
    return _Shape(
        kind=capfirst(str(model._meta.verbose_name)),
        fields=fields,
        order={name: i for i, name in enumerate(fields)},
        labels={name: capfirst(str(f.verbose_name)) for name, f in fields.items()},
        choices={name: {k: str(v) for k, v in f.flatchoices} for name, f in fields.items() if f.choices},
    )


def _shape(object_type: str) -> _Shape:
    return _shape_in(object_type, get_language())


def kind_of(object_type: str) -> str:
    """'Work order note' for 'workorders.workordernote'."""
    return _shape(object_type).kind


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


def _value(field, value, names, choices=None):
    if value is None or value == "":
        return None
    if field is None:
        return str(value)
    if field.is_relation and field.many_to_one:
        return names.get((field.related_model._meta.concrete_model, str(value)), GONE)
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if choices is not None:
        return choices.get(value, str(value))
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
        fields = _shape(entry.object_type).fields
        for attname, values in (entry.changes or {}).items():
            model_field = fields.get(attname)
            if model_field is not None and model_field.is_relation and model_field.many_to_one:
                related = model_field.related_model._meta.concrete_model
                wanted[related].update(str(v) for v in values if v)
    names = _names(wanted, known)
    shown = []
    for entry in entries:
        shape = _shape(entry.object_type)
        lines = []
        # In the model's field order: the same on every database (PostgreSQL's jsonb reorders keys).
        order, last = shape.order, len(shape.order)
        changes = sorted((entry.changes or {}).items(), key=lambda item: (order.get(item[0], last), item[0]))
        for attname, values in changes:
            model_field = shape.fields.get(attname)
            label = shape.labels[attname] if model_field is not None else humane(attname)
            old, new = (list(values) + [None, None])[:2] if isinstance(values, list | tuple) else (None, values)
            choices = shape.choices.get(attname)
            lines.append(
                ChangeLine(label, _value(model_field, old, names, choices), _value(model_field, new, names, choices))
            )
        shown.append(
            TrailEntry(
                entry=entry,
                who=_who(entry),
                kind=shape.kind,
                what=entry.object_repr,
                action=humane(entry.action_name) if entry.action_name else "",
                changes=lines,
            )
        )
    return shown
