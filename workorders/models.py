from django.conf import settings
from django.db import models

from pms.models import VesselOwned
from pms.reversing import record_url


class Priority(models.TextChoices):
    LOW = "low", "Low"
    NORMAL = "normal", "Normal"
    HIGH = "high", "High"
    URGENT = "urgent", "Urgent"


class WorkOrderStatus(models.TextChoices):
    CANDIDATE = "candidate", "Candidate"
    OPEN = "open", "Open"
    IN_PROGRESS = "in_progress", "In progress"
    PENDING_PARTS = "pending_parts", "Pending parts"
    COMPLETED = "completed", "Completed"
    CLOSED = "closed", "Closed"
    CANCELLED = "cancelled", "Cancelled"


OPEN_STATUSES = frozenset(
    {WorkOrderStatus.CANDIDATE, WorkOrderStatus.OPEN, WorkOrderStatus.IN_PROGRESS, WorkOrderStatus.PENDING_PARTS}
)


_S = WorkOrderStatus
# Every status change a work order may make, (from, to). Actions change status only
# through workorders.services.set_status, which refuses any pair not listed here.
WORK_ORDER_TRANSITIONS = frozenset(
    {
        (_S.CANDIDATE, _S.OPEN),
        (_S.CANDIDATE, _S.CANCELLED),
        (_S.OPEN, _S.IN_PROGRESS),
        (_S.OPEN, _S.PENDING_PARTS),
        (_S.OPEN, _S.COMPLETED),
        (_S.OPEN, _S.CANCELLED),
        (_S.IN_PROGRESS, _S.PENDING_PARTS),
        (_S.IN_PROGRESS, _S.COMPLETED),
        (_S.IN_PROGRESS, _S.CANCELLED),
        (_S.PENDING_PARTS, _S.IN_PROGRESS),
        (_S.PENDING_PARTS, _S.COMPLETED),
        (_S.PENDING_PARTS, _S.CANCELLED),
        (_S.COMPLETED, _S.CLOSED),
    }
)


def can_transition(status: str, to: str) -> bool:
    return (status, to) in WORK_ORDER_TRANSITIONS


# What each signature on a work order covers (DESIGN §4): its authorisation at creation, and
# its completion. `parts_used` is derived: the usage logged against it up to its completion.
CREATION_SIGNED_FIELDS = ("title", "fault", "priority")
COMPLETION_SIGNED_FIELDS = ("completion_notes", "completed_at", "completed_by", "parts_used")
# Past these statuses the completion is signed and final: a correction is a new note.
SIGNED_FINAL_STATUSES = frozenset({WorkOrderStatus.COMPLETED, WorkOrderStatus.CLOSED})


class SignedFieldFrozen(Exception):
    """A change to a field a signature covers, outside a signed action (or after completion)."""


class WorkOrder(VesselOwned):
    audited = True
    number = models.CharField(max_length=20, help_text="WO-YYYY-NNNN, unique per vessel.")
    title = models.CharField(max_length=200)
    description = models.TextField(max_length=5000, blank=True)
    equipment = models.ForeignKey(
        "equipment.Equipment", null=True, blank=True, on_delete=models.PROTECT, related_name="work_orders"
    )
    fault = models.ForeignKey(
        "equipment.Fault", null=True, blank=True, on_delete=models.PROTECT, related_name="work_orders"
    )
    priority = models.CharField(max_length=10, choices=Priority.choices, default=Priority.NORMAL)
    status = models.CharField(max_length=20, choices=WorkOrderStatus.choices, default=WorkOrderStatus.OPEN)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="assigned_work_orders"
    )
    due_date = models.DateField(null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    completed_at = models.DateTimeField(null=True, blank=True)
    completion_notes = models.TextField(max_length=5000, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["vessel", "number"], name="work_order_number_per_vessel"),
            models.CheckConstraint(condition=models.Q(priority__in=Priority.values), name="work_order_priority_valid"),
            models.CheckConstraint(
                condition=models.Q(status__in=WorkOrderStatus.values), name="work_order_status_valid"
            ),
        ]
        indexes = [
            models.Index(fields=["vessel", "status"]),
            models.Index(fields=["vessel", "fault"]),
            models.Index(fields=["vessel", "assignee", "status"]),
            # The list: a vessel's work orders, newest first.
            models.Index(fields=["vessel", "-created_at"], name="work_order_vessel_newest"),
            # The open list and the dashboard's counts: the few open ones among years of closed ones.
            models.Index(
                fields=["vessel", "-created_at"],
                condition=models.Q(status__in=sorted(OPEN_STATUSES)),
                name="work_order_open_newest",
            ),
        ]

    def __str__(self):
        return f"{self.number} {self.title}"

    def get_absolute_url(self):
        return record_url("workorders:detail", self.pk)

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def signed_value(self, name: str):
        """A signed value that is not a column: `parts_used`, [[part id, units], …] by part id."""
        if name != "parts_used":
            raise KeyError(name)
        from workorders.selectors import logged_usage  # selectors import the models

        used = logged_usage(self, until=self.completed_at)
        return sorted([str(part_id), quantity] for part_id, quantity in used.items())

    def save(self, *args, **kwargs):
        if not self._state.adding:
            refuse_frozen_changes(self)
        super().save(*args, **kwargs)


def refuse_frozen_changes(work_order: WorkOrder) -> None:
    """Raise SignedFieldFrozen when a save would change what a signature on the work order covers.

    Covered fields change only inside a signed action (the audit context carries its
    signature), and never once the work order is completed. Costs a query only when one of
    the signable fields changed.
    """
    from audit.context import current
    from audit.models import Signature
    from audit.signals import loaded_values

    old = loaded_values(work_order)
    names = [n for n in (*CREATION_SIGNED_FIELDS, *COMPLETION_SIGNED_FIELDS) if n != "parts_used"]
    attnames = {n: work_order._meta.get_field(n).attname for n in names}
    changed = {n for n, a in attnames.items() if a in old and old[a] != getattr(work_order, a)}
    if not changed:
        return
    signed = Signature.objects.filter(object_type="workorders.workorder", object_id=str(work_order.pk))
    covered = {name for fields in signed.values_list("signed_fields", flat=True) for name in fields}
    final = old.get("status") in SIGNED_FINAL_STATUSES
    frozen = changed & covered if final or current().signature is None else set()
    if final:
        frozen |= changed & set(COMPLETION_SIGNED_FIELDS)
    if frozen:
        raise SignedFieldFrozen(f"{work_order.number}: {', '.join(sorted(frozen))} signed; they do not change.")


class WorkOrderNumberSequence(models.Model):
    """The last work order number issued per vessel and year; locked to issue the next."""

    audit_exempt = "a counter derived from the numbers already issued"

    vessel = models.ForeignKey("pms.Vessel", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    last_number = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["vessel", "year"], name="wo_sequence_per_vessel_year")]

    def __str__(self):
        return f"{self.vessel_id} {self.year}: {self.last_number}"


class NoteType(models.TextChoices):
    GENERAL = "general", "General"
    PROGRESS = "progress", "Progress"
    ISSUE = "issue", "Issue"
    RESOLUTION = "resolution", "Resolution"


class WorkOrderNote(VesselOwned):
    """Append-only: a note is never edited or deleted once written."""

    audited = True

    work_order = models.ForeignKey(WorkOrder, on_delete=models.PROTECT, related_name="notes")
    note_text = models.TextField(max_length=5000)
    note_type = models.CharField(max_length=12, choices=NoteType.choices, default=NoteType.GENERAL)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.CheckConstraint(condition=models.Q(note_type__in=NoteType.values), name="note_type_valid"),
        ]

    def __str__(self):
        return f"{self.get_note_type_display()} note on {self.work_order.number}"


class WorkOrderPart(VesselOwned):
    """A line of the work order's shopping list. Stock moves only at completion."""

    audited = True

    work_order = models.ForeignKey(WorkOrder, on_delete=models.PROTECT, related_name="parts")
    part = models.ForeignKey("inventory.Part", on_delete=models.PROTECT, related_name="work_order_lines")
    quantity = models.PositiveIntegerField()
    notes = models.CharField(max_length=500, blank=True)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(fields=["work_order", "part"], name="work_order_part_once"),
            models.CheckConstraint(condition=models.Q(quantity__gt=0), name="work_order_part_quantity_positive"),
        ]

    def __str__(self):
        return f"{self.quantity} × {self.part} for {self.work_order.number}"
