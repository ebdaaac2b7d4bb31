"""The declarative action class, its errors and the plan a preview shows.

An action declares what it is (name, kind, form, signature) and implements small hooks;
`pms.actions.runner` drives every action through the same steps and checks.
"""

import hashlib
import uuid
from dataclasses import dataclass, field
from enum import StrEnum

from django import forms
from django.core.exceptions import ValidationError

from audit.services import canonical_json
from pms.actions.labels import change_labels


class Kind(StrEnum):
    READ = "READ"
    MUTATE = "MUTATE"


# The kernel's codes; each module adds its own with `register_error_codes` (in its actions package).
ERROR_STATUS = {
    "VALIDATION_ERROR": 400,
    "INVALID_QUANTITY": 400,
    "SIGNATURE_REQUIRED": 400,
    "UNAUTHENTICATED": 401,
    "FORBIDDEN": 403,
    "INVALID_SIGNATURE": 403,
    "SIGNATURE_LOCKED": 403,
    "UNKNOWN_ACTION": 404,
    "NOT_FOUND": 404,
    "METHOD_NOT_ALLOWED": 405,
    "STALE_PREVIEW": 409,
    "IDEMPOTENCY_KEY_REUSED": 409,
    "INTERNAL_ERROR": 500,
}


def register_error_codes(codes: dict[str, int]) -> None:
    """A module's error codes and their HTTP status (the contract's table)."""
    for code, status in codes.items():
        if ERROR_STATUS.get(code, status) != status:
            raise ValueError(f"error code {code!r} registered with two statuses")
        ERROR_STATUS[code] = status


class ActionError(Exception):
    """A refusal with a contract error code; becomes the JSON error envelope or a page message."""

    def __init__(self, code: str, message: str, *, field: str | None = None, details: dict | None = None):
        assert code in ERROR_STATUS, code
        super().__init__(message)
        self.code = code
        self.message = message
        self.field = field
        self.details = details or {}

    @property
    def http_status(self) -> int:
        return ERROR_STATUS[self.code]

    def as_dict(self) -> dict:
        return {"code": self.code, "message": self.message, "field": self.field, "details": self.details}


def field_error(code: str, message: str) -> ValidationError:
    """A form error that surfaces as its own contract code (e.g. INVALID_QUANTITY)."""
    return ValidationError(message, code=code)


@dataclass
class Plan:
    """What an execute would do, exactly: shown by preview, hashed, recomputed at execute."""

    changes: list[dict] = field(default_factory=list)
    side_effects: list[str] = field(default_factory=list)
    warnings: list[dict] = field(default_factory=list)
    rows: list = field(default_factory=list)
    # What the plan found that apply acts on (e.g. the fault a completion resolves); not hashed.
    found: dict = field(default_factory=dict)
    # A row-by-row report of a plan made of many rows (an import): shown and hashed when given.
    report: dict | None = None

    def change(self, entity: str, field_name: str, old, new, *, model=None) -> None:
        """One change; `model` when the entity's words do not start with its verbose name (pms.actions.labels)."""
        labels = change_labels(entity, field_name, old, new, model=model)
        self.changes.append({"entity": entity, "field": field_name, "from": old, "to": new, **labels})

    def warn(self, code: str, message: str) -> None:
        self.warnings.append({"code": code, "message": message})

    def hash(self, action_name: str) -> str:
        versions = sorted(f"{r._meta.label_lower}:{r.pk}:{r.version}" for r in self.rows)
        content = {
            "action": action_name,
            "changes": self.changes,
            "side_effects": self.side_effects,
            "warnings": self.warnings,
            "rows": versions,
        }
        if self.report is not None:
            content["report"] = self.report
        return hashlib.sha256(canonical_json(content).encode()).hexdigest()


@dataclass
class Target:
    """The vessel an action runs on and the objects it was given, found for this user."""

    vessel: object
    objects: dict = field(default_factory=dict)

    def __getattr__(self, name):
        try:
            return self.__dict__["objects"][name]
        except KeyError:
            raise AttributeError(name) from None


@dataclass(frozen=True)
class Ref:
    """In an example payload: the id of a row of `model` (app_label.modelname), filled in by whoever runs it."""

    model: str


def fill_refs(value, row_of):
    """`value` with every Ref replaced by the id of `row_of(model)`, and every callable by
    `callable(row_of)` (for a value that depends on a row, e.g. a counter's next reading)."""
    if isinstance(value, Ref):
        return str(row_of(value.model).pk)
    if callable(value):
        return value(row_of)
    if isinstance(value, dict):
        return {k: fill_refs(v, row_of) for k, v in value.items()}
    if isinstance(value, list):
        return [fill_refs(v, row_of) for v in value]
    return value


class Action:
    name: str = ""
    label: str = ""
    description: str = ""
    kind: Kind = Kind.MUTATE
    form_class: type[forms.Form] | None = None
    requires_signature: bool = False
    signature_meaning: str = ""
    # Partials `context` (beside the form) and `result`; see templates/actions/flow.html.
    template_name: str = ""
    # The entity a signature is about, as app_label.model, and the fields of it the signature
    # covers: hashed into the signature right after apply, frozen from then on (DESIGN §4).
    signed_object_type: str = ""
    signed_fields: tuple[str, ...] = ()
    # Who may run it (pms.roles); rules beyond the role (the assignee…) go in `is_permitted`.
    roles: frozenset[str] = frozenset()
    # A payload every step accepts for a permitted member, ids as `Ref`s (and a value that
    # depends on a row as a callable of `row_of`): the test sweeps (isolation, roles, bad
    # input, query bounds) and the API docs read it.
    example_payload: dict | None = None

    @property
    def steps(self) -> list[str]:
        return ["execute"] if self.kind == Kind.READ else ["prefill", "preview", "execute"]

    # Hooks. `resolve` finds the objects named in the input (raising *_NOT_FOUND) and
    # must work on raw prefill parameters as well as on cleaned data.
    def resolve(self, *, user, data: dict, vessel) -> Target:
        raise NotImplementedError

    def is_permitted(self, *, user, role: str | None, target: Target) -> bool:
        return role in self.roles

    def prefill(self, *, user, target: Target, params: dict) -> dict:
        return {}

    def plan(self, *, user, data: dict, target: Target) -> Plan:
        raise NotImplementedError

    def lock(self, *, user, data: dict, target: Target) -> Target:
        """Re-read the rows execute changes with `select_for_update`, in a fixed order."""
        return target

    def apply(self, *, user, data: dict, target: Target, plan: Plan) -> dict:
        raise NotImplementedError

    def read(self, *, user, data: dict, target: Target) -> dict:
        raise NotImplementedError

    def message(self, result: dict) -> str:
        return f"{self.label} done."

    def signed_object_id(self, result: dict) -> str:
        return str(result.get("id", ""))


class Registry:
    def __init__(self):
        self._actions: dict[str, Action] = {}
        self._signed_object_types: set[str] | None = None

    def register(self, action_class: type[Action]) -> type[Action]:
        action = action_class()
        if action.name in self._actions:
            raise ValueError(f"action {action.name!r} registered twice")
        self._actions[action.name] = action
        self._signed_object_types = None
        return action_class

    def unregister(self, name: str) -> None:
        """Take an action out (a test's own action, once the test is done)."""
        del self._actions[name]
        self._signed_object_types = None

    def get(self, name: str) -> Action | None:
        return self._actions.get(name)

    def all(self) -> list[Action]:
        return sorted(self._actions.values(), key=lambda a: a.name)

    def signed_object_types(self) -> set[str]:
        """The kinds of record ("app.model") some action signs: only these can carry signatures.
        Worked out once per set of actions (every record page asks)."""
        if self._signed_object_types is None:
            self._signed_object_types = {
                a.signed_object_type for a in self._actions.values() if a.requires_signature and a.signed_object_type
            }
        return self._signed_object_types


registry = Registry()
register = registry.register


def find(queryset, *, user, pk, code: str, field: str, label: str):
    """The object with this id in one of the user's vessels, else `code` (a *_NOT_FOUND)."""
    try:
        key = uuid.UUID(str(pk))
    except (TypeError, ValueError, AttributeError):
        raise ActionError(code, f"{label} not found.", field=field) from None
    obj = queryset.filter(pk=key, vessel_id__in=user.vessel_ids()).first()
    if obj is None:
        raise ActionError(code, f"{label} not found.", field=field)
    return obj
