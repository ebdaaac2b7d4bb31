from django.conf import settings
from django.db import models
from django.utils import timezone

from pms.models import VesselOwned
from pms.reversing import record_url


class StockStatus(models.TextChoices):
    OUT_OF_STOCK = "OUT_OF_STOCK", "Out of stock"
    LOW_STOCK = "LOW_STOCK", "Low stock"
    IN_STOCK = "IN_STOCK", "In stock"
    OVERSTOCKED = "OVERSTOCKED", "Overstocked"


class Part(VesselOwned):
    audited = True
    part_number = models.CharField(max_length=60)
    name = models.CharField(max_length=200)
    manufacturer = models.CharField(max_length=100, blank=True)
    category = models.CharField(max_length=60, blank=True)
    unit = models.CharField(max_length=20, default="pcs")
    location = models.CharField(max_length=100, blank=True)
    quantity_on_hand = models.IntegerField(default=0, editable=False, help_text="Moved only through the stock ledger.")
    minimum_quantity = models.PositiveIntegerField(default=0)
    maximum_quantity = models.PositiveIntegerField(null=True, blank=True)
    last_counted_at = models.DateTimeField(null=True, blank=True, editable=False)
    last_counted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+", editable=False
    )

    class Meta:
        ordering = ["part_number"]
        constraints = [
            models.UniqueConstraint(fields=["vessel", "part_number"], name="part_number_per_vessel"),
            models.CheckConstraint(condition=models.Q(quantity_on_hand__gte=0), name="part_stock_never_negative"),
            models.CheckConstraint(
                condition=models.Q(maximum_quantity__isnull=True)
                | models.Q(maximum_quantity__gte=models.F("minimum_quantity")),
                name="part_maximum_not_below_minimum",
            ),
        ]
        indexes = [
            models.Index(fields=["vessel", "category"]),
            # The dashboard's low-stock card: only the few parts at or under their minimum.
            models.Index(
                fields=["vessel", "quantity_on_hand"],
                condition=models.Q(quantity_on_hand__lte=models.F("minimum_quantity")),
                name="part_low_stock",
            ),
        ]

    def __str__(self):
        return f"{self.part_number} {self.name}"

    def get_absolute_url(self):
        return record_url("inventory:part_detail", self.pk)

    @property
    def stock_status(self) -> str:
        from inventory.rules import stock_status  # rules import the models: resolved at call time

        return stock_status(on_hand=self.quantity_on_hand, minimum=self.minimum_quantity, maximum=self.maximum_quantity)


class MovementReason(models.TextChoices):
    WORK_ORDER = "work_order", "Work order"
    PREVENTIVE_MAINTENANCE = "preventive_maintenance", "Preventive maintenance"
    EMERGENCY_REPAIR = "emergency_repair", "Emergency repair"
    TESTING = "testing", "Testing"
    OTHER = "other", "Other"
    RECEIVED = "received", "Received"
    STOCK_COUNT = "stock_count", "Stock count adjustment"


USAGE_REASONS = (
    MovementReason.WORK_ORDER,
    MovementReason.PREVENTIVE_MAINTENANCE,
    MovementReason.EMERGENCY_REPAIR,
    MovementReason.TESTING,
    MovementReason.OTHER,
)


class StockMovement(VesselOwned):
    """The stock ledger: one row per movement. A part's on hand is the sum of its rows."""

    audited = True

    part = models.ForeignKey(Part, on_delete=models.PROTECT, related_name="movements")
    quantity = models.IntegerField(help_text="Signed: negative out, positive in.")
    quantity_after = models.IntegerField(help_text="On hand after this movement.")
    reason = models.CharField(max_length=30, choices=MovementReason.choices)
    work_order = models.ForeignKey(
        "workorders.WorkOrder", null=True, blank=True, on_delete=models.PROTECT, related_name="stock_movements"
    )
    equipment = models.ForeignKey(
        "equipment.Equipment", null=True, blank=True, on_delete=models.PROTECT, related_name="stock_movements"
    )
    performed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    performed_at = models.DateTimeField(default=timezone.now)
    reference = models.CharField(max_length=200, blank=True)
    notes = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-performed_at"]
        constraints = [
            models.CheckConstraint(condition=models.Q(reason__in=MovementReason.values), name="movement_reason_valid"),
            models.CheckConstraint(condition=models.Q(quantity_after__gte=0), name="movement_after_never_negative"),
        ]
        indexes = [models.Index(fields=["part", "performed_at"]), models.Index(fields=["vessel", "reason"])]

    def __str__(self):
        return f"{self.quantity:+d} {self.part.part_number} ({self.get_reason_display()})"
