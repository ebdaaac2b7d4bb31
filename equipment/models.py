from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from pms.models import VesselOwned
from pms.reversing import record_url


class Criticality(models.TextChoices):
    LOW = "low", "Low"
    MEDIUM = "medium", "Medium"
    HIGH = "high", "High"
    CRITICAL = "critical", "Critical"


class Equipment(VesselOwned):
    audited = True
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children")
    code = models.CharField(max_length=40)
    name = models.CharField(max_length=200)
    location = models.CharField(max_length=200, blank=True)
    manufacturer = models.CharField(max_length=100, blank=True)
    model = models.CharField(max_length=100, blank=True)
    serial_number = models.CharField(max_length=100, blank=True)
    criticality = models.CharField(max_length=10, choices=Criticality.choices, default=Criticality.MEDIUM)
    manual = models.ForeignKey(
        "manuals.ManualDocument", null=True, blank=True, on_delete=models.SET_NULL, related_name="equipment"
    )

    class Meta:
        ordering = ["code"]
        verbose_name_plural = "equipment"
        constraints = [
            models.UniqueConstraint(fields=["vessel", "code"], name="equipment_code_per_vessel"),
            models.CheckConstraint(
                condition=models.Q(criticality__in=Criticality.values), name="equipment_criticality_valid"
            ),
            models.CheckConstraint(condition=~models.Q(parent=models.F("id")), name="equipment_not_own_parent"),
        ]
        indexes = [models.Index(fields=["vessel", "manufacturer", "model"])]

    def __str__(self):
        return f"{self.code} {self.name}"

    def clean(self):
        """The hierarchy is a tree: the parent is on the same vessel and not this item or below it."""
        super().clean()
        if self.parent_id is None:
            return
        if self.parent.vessel_id != self.vessel_id:
            raise ValidationError({"parent": "The parent must be equipment of the same vessel."})
        ancestor, seen = self.parent, set()
        while ancestor is not None and ancestor.pk not in seen:
            if ancestor.pk == self.pk:
                raise ValidationError({"parent": "This would make the equipment part of itself."})
            seen.add(ancestor.pk)
            ancestor = ancestor.parent

    def get_absolute_url(self):
        return record_url("equipment:detail", self.pk)


class Severity(models.TextChoices):
    LOW = "low", "Low"
    MEDIUM = "medium", "Medium"
    HIGH = "high", "High"
    CRITICAL = "critical", "Critical"


class FaultStatus(models.TextChoices):
    OPEN = "open", "Open"
    WORK_ORDER_RAISED = "work_order_raised", "Work order raised"
    RESOLVED = "resolved", "Resolved"
    CLOSED = "closed", "Closed"


_F = FaultStatus
# Every status change a fault may make, (from, to); equipment.services refuses any other.
FAULT_TRANSITIONS = frozenset(
    {
        (_F.OPEN, _F.WORK_ORDER_RAISED),  # create_work_order_from_fault
        (_F.WORK_ORDER_RAISED, _F.OPEN),  # its only live work order cancelled
        (_F.OPEN, _F.RESOLVED),  # resolve_fault
        (_F.WORK_ORDER_RAISED, _F.RESOLVED),  # resolve_fault, or its last open work order completed
        (_F.RESOLVED, _F.CLOSED),  # close_fault, once reviewed
        (_F.OPEN, _F.CLOSED),  # close_fault with a reason: a false alarm, a duplicate report
    }
)


def can_transition_fault(status: str, to: str) -> bool:
    return (status, to) in FAULT_TRANSITIONS


class Fault(VesselOwned):
    audited = True
    equipment = models.ForeignKey(Equipment, on_delete=models.PROTECT, related_name="faults")
    fault_code = models.CharField(max_length=40, blank=True)
    title = models.CharField(max_length=200)
    description = models.TextField(max_length=5000, blank=True)
    severity = models.CharField(max_length=10, choices=Severity.choices, default=Severity.MEDIUM)
    status = models.CharField(max_length=20, choices=FaultStatus.choices, default=FaultStatus.OPEN)
    detected_at = models.DateTimeField(default=timezone.now)
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    reported_at = models.DateTimeField(default=timezone.now)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    # db_default too: bulk writers (the bench's seed_fleet) insert faults without these columns.
    resolution_notes = models.TextField(max_length=5000, blank=True, default="", db_default="")
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    closing_notes = models.TextField(max_length=2000, blank=True, default="", db_default="")

    class Meta:
        ordering = ["-reported_at"]
        constraints = [
            models.CheckConstraint(condition=models.Q(severity__in=Severity.values), name="fault_severity_valid"),
            models.CheckConstraint(condition=models.Q(status__in=FaultStatus.values), name="fault_status_valid"),
        ]
        indexes = [
            models.Index(fields=["vessel", "fault_code", "reported_at"]),
            models.Index(fields=["vessel", "status"]),
            # The list: a vessel's faults, newest report first.
            models.Index(fields=["vessel", "-reported_at"], name="fault_vessel_newest"),
        ]

    def __str__(self):
        return f"{self.fault_code or '—'} {self.title}"

    def get_absolute_url(self):
        return record_url("equipment:fault_detail", self.pk)
