import hashlib
import secrets
import uuid

from django.conf import settings
from django.contrib.auth.hashers import check_password, make_password
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone

from pms.roles import HOD_ROLES, Role


class User(AbstractUser):
    """A person on board or ashore. Signs with their password or a personal signing PIN."""

    audited = True

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    signing_pin = models.CharField(max_length=128, blank=True, help_text="Hashed signing PIN.")
    current_vessel = models.ForeignKey("pms.Vessel", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    @property
    def printed_name(self) -> str:
        return self.get_full_name() or self.username

    def set_signing_pin(self, pin: str) -> None:
        self.signing_pin = make_password(pin)

    def check_signing_pin(self, pin: str) -> bool:
        """Whether `pin` is the signing PIN; a hash made with older parameters is redone on success."""

        def rehash(raw):
            self.set_signing_pin(raw)
            self.save(update_fields=["signing_pin"])

        return bool(self.signing_pin) and check_password(pin, self.signing_pin, setter=rehash)

    def active_memberships(self) -> list:
        """The user's active memberships with their vessels, by vessel name; read once per instance
        (one request), since every page, permission check and scoped query needs them."""
        if not hasattr(self, "_memberships_cache"):
            self._memberships_cache = list(
                self.memberships.filter(active=True, vessel__active=True)
                .select_related("vessel")
                .order_by("vessel__name")
            )
        return self._memberships_cache

    def vessel_ids(self, *, roles=None) -> set:
        """Ids of the vessels this user is an active member of (with one of `roles`)."""
        return {m.vessel_id for m in self.active_memberships() if roles is None or m.role in roles}

    def role_on(self, vessel) -> str | None:
        vessel_id = getattr(vessel, "pk", vessel)
        return next((m.role for m in self.active_memberships() if m.vessel_id == vessel_id), None)

    def hod_vessel_ids(self) -> set:
        return self.vessel_ids(roles=HOD_ROLES)


class Vessel(models.Model):
    audited = True
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    name = models.CharField(max_length=100)
    code = models.SlugField(max_length=20, unique=True, help_text="Short upper-case code.")
    imo_number = models.CharField("IMO number", max_length=7, blank=True)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return f"{self.name} ({self.code})"


class Membership(models.Model):
    audited = True
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    vessel = models.ForeignKey(Vessel, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=20, choices=Role.choices)
    active = models.BooleanField(default=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "vessel"], name="membership_one_per_vessel"),
            models.CheckConstraint(condition=models.Q(role__in=Role.values), name="membership_role_valid"),
        ]

    def __str__(self):
        return f"{self.user} — {self.get_role_display()} on {self.vessel.code}"

    @property
    def is_hod(self) -> bool:
        return self.role in HOD_ROLES


class VesselOwned(models.Model):
    """Base of every operational row: a UUID key, its vessel and a row version.

    `version` goes up on every save; previews hash it so that a change made between
    preview and execute is noticed (STALE_PREVIEW).
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    vessel = models.ForeignKey(Vessel, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            self.version += 1
            update_fields = kwargs.get("update_fields")
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "version", "updated_at"}
        super().save(*args, **kwargs)


class ApiToken(models.Model):
    """A bearer token for the JSON API. Only a SHA-256 of the token is stored."""

    audited = True

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100, blank=True)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    prefix = models.CharField(max_length=8, editable=False, help_text="First characters, to recognise it.")
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"{self.prefix}… ({self.user})"

    @staticmethod
    def hash(raw: str) -> str:
        return hashlib.sha256(raw.encode()).hexdigest()

    @classmethod
    def issue(cls, *, user, name: str = "") -> tuple["ApiToken", str]:
        raw = "pms_" + secrets.token_urlsafe(32)
        token = cls.objects.create(user=user, name=name, token_hash=cls.hash(raw), prefix=raw[:8])
        return token, raw


class IdempotencyRecord(models.Model):
    """The first response to an execute, replayed when the same key comes again."""

    audit_exempt = "per-server replay record of a request, not a change to the vessel"

    id = models.BigAutoField(primary_key=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=200)
    action_name = models.CharField(max_length=100)
    request_hash = models.CharField(max_length=64)
    http_status = models.PositiveSmallIntegerField()
    response = models.JSONField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="idempotency_key_per_user")]

    def __str__(self):
        return f"{self.action_name} {self.key}"


def upload_to(upload, filename: str) -> str:
    return f"uploads/{upload.vessel_id}/{upload.pk}"


class Upload(models.Model):
    """A file staged for an action (pms.uploads): checked for its purpose, then named by id."""

    audit_exempt = "a staged file; the action that takes it records the change on the vessel's chain"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    vessel = models.ForeignKey(Vessel, on_delete=models.CASCADE, related_name="+")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    purpose = models.CharField(max_length=40)
    file = models.FileField(upload_to=upload_to, max_length=300)
    name = models.CharField(max_length=200, help_text="The file's name on the sender's device.")
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    content_type = models.CharField(max_length=100, blank=True, help_text="As sent; the purpose's check reads content.")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        indexes = [models.Index(fields=["created_at"])]

    def __str__(self):
        return f"{self.name} ({self.purpose})"
