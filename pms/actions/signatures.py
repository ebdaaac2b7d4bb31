"""Electronic signatures at execute: the secret check, the lockout, the stored signature."""

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from audit.models import AuditEntry, Operation, Signature, SignatureMethod
from pms.actions.base import ActionError


class SignatureRefused(ActionError):
    """Raised inside execute; audited by the runner after the transaction rolled back."""

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


def sign(*, user, secret: str, vessel, role: str, action, preview_hash: str) -> Signature:
    until = locked_until(user)
    if until is not None:
        raise SignatureRefused(
            "SIGNATURE_LOCKED",
            f"Signing is locked after too many wrong attempts. Try again after {until:%H:%M} UTC.",
            operation=Operation.SIGNATURE_LOCKED,
        )
    if user.check_password(secret):
        method = SignatureMethod.PASSWORD
    elif user.check_signing_pin(secret):
        method = SignatureMethod.PIN
    else:
        raise SignatureRefused(
            "INVALID_SIGNATURE",
            "That password or signing PIN is not correct. Nothing was changed.",
            operation=Operation.SIGNATURE_FAILED,
        )
    # Saved by the runner once the signed record exists, in one INSERT: the row is append-only.
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
    )


def signatures_for(obj):
    """The signatures on a record, oldest first (e.g. a work order's authorisation, then its completion)."""
    return Signature.objects.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk)).order_by("signed_at")
