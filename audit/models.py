import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone


class Operation(models.TextChoices):
    CREATE = "create", "Created"
    UPDATE = "update", "Updated"
    DELETE = "delete", "Deleted"
    SIGNATURE_FAILED = "signature_failed", "Signature refused"
    SIGNATURE_LOCKED = "signature_locked", "Signing locked"


class SignatureMethod(models.TextChoices):
    PASSWORD = "password", "Password"
    PIN = "pin", "Signing PIN"


class Signature(models.Model):
    """An electronic signature: who signed what they saw (the preview hash), and what it means."""

    audited = True

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    vessel = models.ForeignKey("pms.Vessel", on_delete=models.PROTECT, related_name="+")
    signer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="signatures")
    printed_name = models.CharField(max_length=150)
    role = models.CharField(max_length=20)
    meaning = models.CharField(max_length=300)
    signed_at = models.DateTimeField(default=timezone.now)
    method = models.CharField(max_length=10, choices=SignatureMethod.choices)
    preview_hash = models.CharField(max_length=64)
    action_name = models.CharField(max_length=100)
    object_type = models.CharField(max_length=100, help_text="app_label.model of the signed record.")
    object_id = models.CharField(max_length=64, blank=True)
    # What was signed, as it stood right after the signed change: the fields it covers and
    # the SHA-256 of their canonical JSON (pms.actions.signatures.content_hash).
    signed_fields = models.JSONField(default=list, blank=True)
    content_hash = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-signed_at"]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self):
        return f"{self.printed_name} — {self.meaning} ({self.signed_at:%Y-%m-%d %H:%M} UTC)"


class SignerLock(models.Model):
    """One row per signer, locked (select_for_update) while a signing secret is judged, so a
    burst of attempts is counted one at a time against the lockout (DESIGN §4)."""

    audit_exempt = "per-server lock that serialises a signer's attempts; it does not travel (DESIGN §12)"

    user = models.OneToOneField(settings.AUTH_USER_MODEL, primary_key=True, on_delete=models.CASCADE, related_name="+")

    def __str__(self):
        return f"signing lock of {self.user_id}"


class AuditChainHead(models.Model):
    """The newest hash of a vessel's audit chain; its row lock orders appends."""

    audit_exempt = "the log's own chain head"

    vessel = models.OneToOneField("pms.Vessel", null=True, on_delete=models.PROTECT, related_name="+")
    length = models.PositiveBigIntegerField(default=0)
    last_hash = models.CharField(max_length=64, default="")

    def __str__(self):
        return f"chain {self.vessel_id or 'fleet'} at {self.length}"


class AuditEntry(models.Model):
    """One change to one row. Append-only; on PostgreSQL a trigger refuses UPDATE and DELETE."""

    audit_exempt = "the log itself"

    id = models.BigAutoField(primary_key=True)
    vessel = models.ForeignKey("pms.Vessel", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    sequence = models.PositiveBigIntegerField(help_text="Position in the vessel's chain, from 1.")
    timestamp = models.DateTimeField(default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_label = models.CharField(max_length=150, help_text="Username, or system:<command>.")
    action_name = models.CharField(max_length=100, blank=True)
    request_id = models.CharField(max_length=64, blank=True)
    signature = models.ForeignKey(Signature, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    operation = models.CharField(max_length=20, choices=Operation.choices)
    object_type = models.CharField(max_length=100)
    object_id = models.CharField(max_length=64)
    object_repr = models.CharField(max_length=200)
    changes = models.JSONField(default=dict, help_text="field → [old, new]")
    previous_hash = models.CharField(max_length=64)
    entry_hash = models.CharField(max_length=64)

    class Meta:
        ordering = ["-id"]
        verbose_name_plural = "audit entries"
        constraints = [
            models.UniqueConstraint(fields=["vessel", "sequence"], name="audit_sequence_per_vessel"),
        ]
        indexes = [
            models.Index(fields=["object_type", "object_id"]),
            models.Index(fields=["actor", "operation", "timestamp"]),
        ]

    def __str__(self):
        return f"#{self.sequence} {self.actor_label} {self.operation} {self.object_type} {self.object_repr}"
