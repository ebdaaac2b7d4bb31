"""Electronic signatures at execute: the secret check under the signer's lock, the lockout,
the stored signature and the hash of what it signed."""

import hashlib
from datetime import timedelta

from django.apps import apps
from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db import transaction
from django.utils import timezone

from audit import context as audit
from audit.models import AuditEntry, Operation, Signature, SignatureMethod, SignerLock
from audit.services import canonical_json, to_jsonable, write_entry
from pms.actions.base import ActionError, registry


class SignatureRefused(ActionError):
    """A wrong secret or a locked signer; already audited (and committed) when it is raised."""

    def __init__(self, code: str, message: str, *, operation: str):
        super().__init__(code, message, field="signature")
        self.operation = operation


def locked_until(user):
    """When signing unlocks for this user, or None when it is not locked.

    Locked for SIGNATURE_LOCK_SECONDS from any failure that was the Nth within the window.
    """
    window = timedelta(seconds=settings.SIGNATURE_FAILURE_WINDOW_SECONDS)
    lock = timedelta(seconds=settings.SIGNATURE_LOCK_SECONDS)
    now = timezone.now()
    failures = list(
        AuditEntry.objects.filter(actor=user, operation=Operation.SIGNATURE_FAILED, timestamp__gte=now - window - lock)
        .order_by("timestamp")
        .values_list("timestamp", flat=True)
    )
    n = settings.SIGNATURE_MAX_FAILURES
    until = None
    for i in range(n - 1, len(failures)):
        if failures[i] - failures[i - n + 1] <= window:
            until = failures[i] + lock
    return until if until and until > now else None


def judge_secret(*, user, secret: str, vessel, action) -> str:
    """The signing method the secret proves, or SignatureRefused (INVALID_SIGNATURE, SIGNATURE_LOCKED).

    One signer's attempts are judged one at a time: the signer's lock row is held from the
    lockout count to the recorded verdict, and a refusal is committed in this transaction of
    its own (before the execute's), so a burst sent at once gets at most
    SIGNATURE_MAX_FAILURES "wrong" verdicts in the window; the rest are SIGNATURE_LOCKED.
    """
    refusal = None
    with transaction.atomic(durable=True):
        # Found and locked in one query; a concurrent first creator waits on the key, then finds it.
        SignerLock.objects.select_for_update().get_or_create(user=user)
        until = locked_until(user)
        if until is not None:
            refusal = SignatureRefused(
                "SIGNATURE_LOCKED",
                f"Signing is locked after too many wrong attempts. Try again after {until:%H:%M} UTC.",
                operation=Operation.SIGNATURE_LOCKED,
            )
        elif user.check_password(secret):
            method = SignatureMethod.PASSWORD
        elif user.check_signing_pin(secret):
            method = SignatureMethod.PIN
        else:
            refusal = SignatureRefused(
                "INVALID_SIGNATURE",
                "That password or signing PIN is not correct. Nothing was changed.",
                operation=Operation.SIGNATURE_FAILED,
            )
        if refusal is not None:
            with audit.audit_context(actor=user, actor_label="", action_name=action.name):
                write_entry(
                    vessel_id=vessel.pk,
                    operation=refusal.operation,
                    object_type="pms.user",
                    object_id=user.pk,
                    object_repr=user.get_username(),
                    changes={"action": [None, action.name]},
                )
    if refusal is not None:
        raise refusal
    return method


def new_signature(*, user, method: str, vessel, role: str, action, preview_hash: str) -> Signature:
    """The signature of a judged secret; saved by the runner once the signed record exists."""
    return Signature(
        vessel=vessel,
        signer=user,
        printed_name=user.printed_name,
        role=role,
        meaning=action.signature_meaning,
        method=method,
        preview_hash=preview_hash,
        action_name=action.name,
        object_type=action.signed_object_type,
        signed_fields=list(action.signed_fields),
    )


def signed_content(obj, fields) -> dict:
    """The signed fields of a record as JSON values: model fields by name, derived ones
    (a work order's parts used) from the model's `signed_value(name)`."""
    content = {}
    for name in fields:
        try:
            field = obj._meta.get_field(name)
        except FieldDoesNotExist:
            field = None
        if field is not None and field.concrete:
            content[name] = to_jsonable(getattr(obj, field.attname))
        else:
            content[name] = to_jsonable(obj.signed_value(name))
    return content


def content_hash(obj, fields) -> str:
    return hashlib.sha256(canonical_json(signed_content(obj, fields)).encode()).hexdigest()


def seal(signature: Signature) -> None:
    """Record the hash of the signed record as it stands now (right after the signed change)."""
    model = apps.get_model(signature.object_type)
    record = model._default_manager.get(pk=signature.object_id)
    signature.content_hash = content_hash(record, signature.signed_fields)


def signatures_for(obj) -> list[Signature]:
    """The signatures on a record, oldest first, each `verified` (True, False, or None when no
    content hash was recorded) against the record's current signed fields. A kind of record no
    action signs has none to read (a part's page asks nothing)."""
    if obj._meta.label_lower not in registry.signed_object_types():
        return []
    rows = list(
        Signature.objects.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk)).order_by("signed_at")
    )
    for signature in rows:
        signature.verified = (
            content_hash(obj, signature.signed_fields) == signature.content_hash if signature.content_hash else None
        )
    return rows
