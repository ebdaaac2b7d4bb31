"""What the signing box tells a signer before they type: how many wrong secrets are left
before signing locks, or until when it is locked. Reads only; the rule itself is
pms.actions.signatures (which audits every wrong secret)."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone

from audit.models import AuditEntry, Operation
from pms.actions.signatures import locked_until


@dataclass(frozen=True)
class SigningStatus:
    attempts_left: int
    locked_until: datetime | None
    lock_minutes: int

    @property
    def warned(self) -> bool:
        """A wrong secret was typed recently: say how many are left."""
        return self.attempts_left < settings.SIGNATURE_MAX_FAILURES


def signing_status(user) -> SigningStatus:
    since = timezone.now() - timedelta(seconds=settings.SIGNATURE_FAILURE_WINDOW_SECONDS)
    failures = AuditEntry.objects.filter(actor=user, operation=Operation.SIGNATURE_FAILED, timestamp__gte=since).count()
    return SigningStatus(
        attempts_left=max(0, settings.SIGNATURE_MAX_FAILURES - failures),
        locked_until=locked_until(user),
        lock_minutes=settings.SIGNATURE_LOCK_SECONDS // 60,
    )
