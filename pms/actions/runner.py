"""Drives every action through its steps, in the order of checks the contract fixes:
authentication (the views), the action exists (the views), the payload is valid, the
objects exist for this user, the role, the business rules, then the signature.

Each step runs within `pms.prepared.prepared_reads` (`prepared_step`): an action's steps read
and write the same shapes on every call (a work order by id, its parts list, the parts, under
lock again at execute), so their SQL is written once per connection and shape, and on
PostgreSQL each statement is prepared once per connection.
"""

import functools
import hashlib
import json
from dataclasses import dataclass

from django.db import IntegrityError, transaction

from audit import context as audit
from audit.services import batched_entries, canonical_json
from pms.actions import signatures
from pms.actions.base import ERROR_STATUS, Action, ActionError, Kind, Plan, Target
from pms.models import IdempotencyRecord
from pms.prepared import prepared_reads

SCALARS = (str, int, float, bool, type(None))


@dataclass
class Outcome:
    http_status: int
    body: dict
    replayed: bool = False


def prepared_step(step):
    """The step's statements within `prepared_reads` on the default connection."""

    @functools.wraps(step)
    def wrapped(*args, **kwargs):
        with prepared_reads():
            return step(*args, **kwargs)

    return wrapped


def validate(action: Action, payload, form=None) -> dict:
    """Clean the payload with the action's form; wrong types and bad values → 4xx errors.

    The HTML flow passes the bound form it shows, so a step validates its input once.
    """
    if not isinstance(payload, dict):
        raise ActionError("VALIDATION_ERROR", "The payload must be a JSON object.", field="payload")
    form_class = action.form_class
    json_fields = getattr(form_class, "json_fields", ())
    unknown = set(payload) - set(form_class.base_fields)
    if unknown:
        name = sorted(unknown)[0]
        raise ActionError("VALIDATION_ERROR", f"Unknown field {name!r}.", field=name)
    for name, value in payload.items():
        if name not in json_fields and not isinstance(value, SCALARS):
            raise ActionError("VALIDATION_ERROR", f"{name} must be a single value.", field=name)
    form = form_class(data=payload) if form is None else form
    if not form.is_valid():
        raise form_error(form)
    return form.cleaned_data


def form_error(form) -> ActionError:
    """The first error of an invalid form as an ActionError; all of them in `details`."""
    errors = form.errors.as_data()
    name, field_errors = next(iter(errors.items()))
    first = field_errors[0]
    # A field may refuse with a contract code of its own (INVALID_QUANTITY…); any other error is VALIDATION_ERROR.
    code = first.code if first.code in ERROR_STATUS else "VALIDATION_ERROR"
    message = " ".join(first.messages)
    label = name if name != "__all__" else None
    details = {"errors": {k: [m for e in v for m in e.messages] for k, v in errors.items()}}
    return ActionError(code, f"{label}: {message}" if label else message, field=label, details=details)


def authorise(action: Action, *, user, target: Target) -> str:
    """The user's role on the target's vessel, or FORBIDDEN."""
    role = user.role_on(target.vessel) if target.vessel is not None else None
    if role is None:
        raise ActionError("FORBIDDEN", "You are not a member of this vessel.")
    if not action.is_permitted(user=user, role=role, target=target):
        raise ActionError("FORBIDDEN", f"Your role may not {action.label.lower()}.")
    return role


def prefill(action: Action, *, user, params: dict, vessel) -> dict:
    return prefill_with_target(action, user=user, params=params, vessel=vessel)[0]


@prepared_step
def prefill_with_target(action: Action, *, user, params: dict, vessel) -> tuple[dict, Target]:
    """The prefill and the target it was made for (whose vessel the HTML form's pickers list)."""
    target = action.resolve(user=user, data=params, vessel=vessel)
    authorise(action, user=user, target=target)
    return action.prefill(user=user, target=target, params=params), target


@prepared_step
def preview(action: Action, *, user, payload, vessel, form=None) -> tuple[dict, Plan, dict]:
    data = validate(action, payload, form)
    target = action.resolve(user=user, data=data, vessel=vessel)
    authorise(action, user=user, target=target)
    plan = action.plan(user=user, data=data, target=target)
    return data, plan, preview_body(action, plan)


def preview_body(action: Action, plan: Plan) -> dict:
    body = {
        "changes": plan.changes,
        "side_effects": plan.side_effects,
        "warnings": plan.warnings,
        "requires_signature": action.requires_signature,
        "signature_meaning": action.signature_meaning if action.requires_signature else "",
        "preview_hash": plan.hash(action.name),
    }
    if plan.report is not None:
        body["report"] = plan.report
    return body


def request_hash(action: Action, payload, preview_hash) -> str:
    content = canonical_json({"action": action.name, "payload": payload, "preview_hash": preview_hash or ""})
    return hashlib.sha256(content.encode()).hexdigest()


def check_idempotency_key(key: str) -> None:
    """Every change carries a key of 1–200 printable characters (DESIGN §4), so a retry lands once."""
    field = "Idempotency-Key"
    if not key:
        raise ActionError(
            "VALIDATION_ERROR", "A change needs an Idempotency-Key header (1–200 characters).", field=field
        )
    if len(key) > 200:
        raise ActionError("VALIDATION_ERROR", "Idempotency-Key is longer than 200 characters.", field=field)
    if not key.isprintable():
        raise ActionError("VALIDATION_ERROR", "Idempotency-Key holds characters that cannot be printed.", field=field)


def _replay(record: IdempotencyRecord, digest: str) -> Outcome:
    if record.request_hash != digest:
        raise ActionError(
            "IDEMPOTENCY_KEY_REUSED",
            "This Idempotency-Key was already used for a different request.",
            details={"action": record.action_name},
        )
    return Outcome(record.http_status, record.response, replayed=True)


@prepared_step
def execute(
    action: Action,
    *,
    user,
    payload,
    vessel,
    preview_hash: str | None = None,
    secret: str = "",
    idempotency_key: str = "",
    form=None,
) -> Outcome:
    """Run an action's execute step. Raises ActionError; returns the success envelope."""
    if action.kind == Kind.MUTATE or idempotency_key:
        check_idempotency_key(idempotency_key)
    digest = request_hash(action, payload, preview_hash)
    if idempotency_key:
        record = IdempotencyRecord.objects.filter(user=user, key=idempotency_key).first()
        if record is not None:
            return _replay(record, digest)

    data = validate(action, payload, form)
    target = action.resolve(user=user, data=data, vessel=vessel)
    authorise(action, user=user, target=target)

    if action.kind == Kind.READ:
        result = action.read(user=user, data=data, target=target)
        return Outcome(200, envelope(action, result))

    method = None
    if action.requires_signature and secret:
        # The business rules and the preview binding first, on the rows as they are, so a
        # typo or a stale preview never costs a signing attempt; execute checks them again under lock.
        _planned(action, user=user, data=data, target=target, preview_hash=preview_hash)
        method = signatures.judge_secret(user=user, secret=secret, vessel=target.vessel, action=action)
    try:
        body = _execute_mutation(
            action,
            user=user,
            data=data,
            target=target,
            preview_hash=preview_hash,
            method=method,
            idempotency=(idempotency_key, digest),
        )
    except IntegrityError:
        # A concurrent request with the same key committed first: answer as it did.
        record = idempotency_key and IdempotencyRecord.objects.filter(user=user, key=idempotency_key).first()
        if not record:
            raise
        return _replay(record, digest)
    return Outcome(200, body)


def _planned(action, *, user, data, target, preview_hash) -> tuple[Plan, str]:
    """The plan and its hash; STALE_PREVIEW when a given preview_hash no longer matches."""
    plan = action.plan(user=user, data=data, target=target)
    computed = plan.hash(action.name)
    if preview_hash and preview_hash != computed:
        raise ActionError(
            "STALE_PREVIEW",
            "Something changed since the preview. Check the new preview and confirm again.",
            details={"preview": preview_body(action, plan)},
        )
    return plan, computed


def _execute_mutation(action, *, user, data, target, preview_hash, method, idempotency) -> dict:
    key, digest = idempotency
    with (
        transaction.atomic(durable=True),
        audit.audit_context(actor=user, actor_label="", action_name=action.name),
        audit.collect_entries() as entry_ids,
    ):
        if key:
            # Claimed first: a concurrent request with the same key waits here on the
            # unique index, then fails and replays this one's response.
            record = IdempotencyRecord.objects.create(
                user=user, key=key, action_name=action.name, request_hash=digest, http_status=0, response={}
            )
        target = action.lock(user=user, data=data, target=target)
        # The role and the rules beyond it (the assignee…) again, on the locked rows.
        role = authorise(action, user=user, target=target)
        plan, computed = _planned(action, user=user, data=data, target=target, preview_hash=preview_hash)
        signature = None
        if action.requires_signature:
            if method is None:
                raise ActionError(
                    "SIGNATURE_REQUIRED", "This step must be signed with your password or PIN.", field="signature"
                )
            signature = signatures.new_signature(
                user=user, method=method, vessel=target.vessel, role=role, action=action, preview_hash=computed
            )
            audit.set_signature(signature)
        # The change's audit entries are appended together when it is applied: the chain's head is
        # locked and moved once, not once per row (apply reads no audit entry).
        with batched_entries():
            result = action.apply(user=user, data=data, target=target, plan=plan)
            if signature is not None:
                signature.object_id = action.signed_object_id(result)
                signatures.seal(signature)
                signature.save(force_insert=True)
                result["signature"] = signature_dict(signature)
        result["audit_log_id"] = entry_ids[0] if entry_ids else None
        body = envelope(action, result)
        body = json.loads(canonical_json(body))
        if key:
            record.http_status, record.response = 200, body
            record.save(update_fields=["http_status", "response"])
    return body


def signature_dict(signature) -> dict:
    return {
        "id": str(signature.id),
        "printed_name": signature.printed_name,
        "role": signature.role,
        "meaning": signature.meaning,
        "signed_at": signature.signed_at.isoformat(),
        "method": signature.method,
        "preview_hash": signature.preview_hash,
        "content_hash": signature.content_hash,
    }


def envelope(action: Action, result: dict) -> dict:
    return {
        "status": "success",
        "action": action.name,
        "step": "execute",
        "result": result,
        "message": action.message(result),
    }
