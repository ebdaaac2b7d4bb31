"""The JSON schema of each action's payload, read from its form, and the examples' ids.

A payload field's schema follows the form field that validates it (type, required, lengths,
bounds, choices, help text); a field taking JSON (a list of lines) follows the shape of the
action's `example_payload`. Used by pms.openapi.
"""

import uuid

from django import forms

from pms.actions.base import Ref, fill_refs
from pms.actions.forms import QuantityField, UploadField


def example_id(model: str) -> str:
    """A stable example UUID for an id of `model` (the same in every build of the document)."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"pms:{model}"))


class _ExampleRow:
    """Stands for a row in the document's examples: its id is the model's example UUID."""

    def __init__(self, model: str):
        self.pk = example_id(model)


def example_payload(action) -> dict:
    """The action's example payload with example ids; a value computed from a row (a counter's next
    reading) is replaced by a plain example of its field's type."""
    fields = action.form_class.base_fields
    return {
        key: _field_example(fields[key]) if callable(value) else fill_refs(value, _ExampleRow)
        for key, value in action.example_payload.items()
    }


def _field_example(field):
    if isinstance(field, UploadField):  # a file staged for the example (import_plan's)
        return example_id("pms.upload")
    if isinstance(field, forms.DateTimeField):
        return "2026-01-05T08:00:00+00:00"
    if isinstance(field, forms.DateField):
        return "2026-01-05"
    if isinstance(field, forms.IntegerField):
        return max(field.min_value or 0, 1) if field.min_value is not None else 1
    return "example"


def _nullable(schema: dict, extra_values=()) -> dict:
    """The schema, also accepting null (and `extra_values`, e.g. an empty string) for "none"."""
    types = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
    schema = {**schema, "type": [*types, "null"]}
    if "enum" in schema:
        schema["enum"] = [*schema["enum"], *extra_values, None]
    return schema


def _inferred(value) -> dict:
    """A schema for a JSON field, from the shape of its example (lists of objects of scalars)."""
    if isinstance(value, Ref):
        return {"type": "string", "format": "uuid"}
    if isinstance(value, bool):
        return {"type": "boolean"}
    if isinstance(value, int):
        return {"type": "integer"}
    if isinstance(value, list):
        return {"type": "array", "items": _inferred(value[0]) if value else {}}
    if isinstance(value, dict):
        return {
            "type": "object",
            "properties": {k: _inferred(v) for k, v in value.items()},
            "required": sorted(value),
            "additionalProperties": False,
        }
    return {"type": "string"}


def field_schema(name: str, field: forms.Field, example=None) -> dict:
    """The JSON schema of one payload field, from the form field that validates it."""
    if name.endswith("_id"):
        schema = {"type": "string", "format": "uuid"}
    elif isinstance(field, forms.NullBooleanField):
        schema = {"type": ["boolean", "null"]}  # true, false, or not given
    elif isinstance(field, forms.BooleanField):
        schema = {"type": "boolean", "default": False}
    elif isinstance(field, forms.DecimalField):
        # A number as JSON gives it, or as a string to keep its decimals exactly ("3.40").
        schema = {"type": ["number", "string"]}
    elif isinstance(field, forms.IntegerField):
        schema = {"type": "integer"}
        if field.min_value is not None:
            schema["minimum"] = field.min_value
        if field.max_value is not None:
            schema["maximum"] = field.max_value
    elif isinstance(field, forms.ChoiceField):
        schema = {"type": "string", "enum": [str(v) for v, _ in field.choices if v != ""]}
    elif isinstance(field, forms.DateField):
        schema = {"type": "string", "format": "date"}
    elif isinstance(field, forms.CharField):
        schema = {"type": "string"}
        if field.min_length:
            schema["minLength"] = field.min_length
        if field.max_length:
            schema["maxLength"] = field.max_length
    else:  # a field taking JSON (a list of lines…): its shape as the example shows it
        schema = _inferred(example)
    label = str(field.label or name.replace("_", " ").capitalize())
    schema["description"] = f"{label}. {field.help_text}" if field.help_text else f"{label}."
    if isinstance(field, QuantityField):
        schema["description"] += " A whole number; any other value is INVALID_QUANTITY."
    nullable = not isinstance(field, forms.BooleanField) or isinstance(field, forms.NullBooleanField)
    if not field.required and nullable and "type" in schema and "null" not in schema["type"]:
        schema = _nullable(schema, extra_values=("",) if "enum" in schema else ())
        if field.initial not in (None, "") and not callable(field.initial):
            schema["default"] = str(field.initial)
    return schema


def payload_schema(action) -> dict:
    fields = action.form_class.base_fields
    return {
        "type": "object",
        "description": f"The input of {action.name} (validated by its form, the same for the HTML flow).",
        "properties": {
            name: field_schema(name, field, action.example_payload.get(name)) for name, field in fields.items()
        },
        "required": [name for name, field in fields.items() if field.required],
        "additionalProperties": False,
        "examples": [example_payload(action)],
    }
