"""Words for the changes a plan shows: the field's verbose name and the labels of its values.

A change names its entity in words ("part SR-650", "work order WO-2026-0007", "fault E047")
and its field by the model's field name (`quantity_on_hand`). The model is the one whose
verbose name the entity starts with (or the one the plan names); from it come the field's
verbose name ("Quantity on hand") and the labels of choice values ("Work order raised").
"""

import datetime
import re
from functools import cache

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.text import capfirst

from pms import formatting

IDENTIFIER = re.compile(r"^[a-z][a-z0-9_]*$")


@cache
def _model_names() -> tuple[tuple[str, type], ...]:
    """(verbose name, model) of every installed model, longest name first."""
    names = {(str(m._meta.verbose_name).lower(), m) for m in apps.get_models()}
    return tuple(sorted(names, key=lambda pair: (-len(pair[0]), pair[0])))


def model_named(entity: str):
    """The model whose verbose name the entity starts with ('work_order', 'part SR-1'), or None."""
    text = entity.replace("_", " ").lower()
    for name, model in _model_names():
        if text == name or text.startswith(name + " "):
            return model
    return None


def _field(model, name: str):
    if model is None:
        return None
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return None


def value_label(field, value):
    """How a value of `field` reads: its choice label, a formatted day or moment, Yes/No."""
    if value is None:
        return None
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if field is not None and field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.DateTimeField) or isinstance(value, datetime.datetime):
        return formatting.moment(value) or str(value)
    if isinstance(field, models.DateField) or isinstance(value, datetime.date):
        return formatting.day(value) or str(value)
    return str(value)


def change_labels(entity: str, field_name: str, old, new, *, model=None) -> dict:
    """`entity_label`, `field_label`, `from_label` and `to_label` of one change."""
    model = model or model_named(entity)
    field = _field(model, field_name)
    if field is not None:
        field_label = capfirst(str(field.verbose_name))
    else:
        field_label = formatting.humane(field_name) if IDENTIFIER.match(field_name) else field_name
    entity_label = entity  # written for reading already; only a model's code name becomes its words
    if model is not None and model is model_named(entity):
        name = str(model._meta.verbose_name)
        entity_label = name + entity[len(name) :]
    return {
        "entity_label": entity_label,
        "field_label": field_label,
        "from_label": value_label(field, old),
        "to_label": value_label(field, new),
    }
