"""Running-hour counters and their readings ledger.

A `Counter` hangs on one equipment (at most one each); its value is the total of its latest
reading by `read_at`. `CounterReading` is the ledger: append-only, one row per reading, each
holding the meter's own number and the total (meter + the offset in force when it was read).
The counter keeps the latest reading's figures and the daily rate denormalised, written only
by `counters.services` under the counter's row lock.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

from pms.models import VesselOwned
from pms.reversing import record_url


class Counter(VesselOwned):
    audited = True

    equipment = models.ForeignKey("equipment.Equipment", on_delete=models.PROTECT, related_name="counters")
    name = models.CharField(max_length=100, default="Running hours")
    unit = models.CharField(max_length=10, default="h")
    default_daily_hours = models.DecimalField(
        max_digits=3,
        decimal_places=1,
        default=Decimal("0.0"),
        validators=[MinValueValidator(0), MaxValueValidator(24)],
        help_text="Hours a day assumed until there are readings to measure the rate from (0–24).",
    )
    # Set by the services only: total = meter + offset (replace_counter moves the offset).
    offset = models.IntegerField(default=0, editable=False)
    value = models.IntegerField(null=True, blank=True, editable=False, help_text="Total of the latest reading.")
    meter_value = models.IntegerField(null=True, blank=True, editable=False, help_text="The meter's own number.")
    last_read_at = models.DateTimeField(null=True, blank=True, editable=False)
    last_read_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+", editable=False
    )
    measured_daily_rate = models.DecimalField(
        max_digits=3,
        decimal_places=1,
        null=True,
        blank=True,
        editable=False,
        help_text="Hours a day over the last 30 days of readings; empty until two readings a day or more apart.",
    )
    meter_replaced_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["equipment__code"]
        constraints = [
            models.UniqueConstraint(fields=["equipment"], name="counter_one_per_equipment"),
            models.CheckConstraint(
                condition=models.Q(default_daily_hours__gte=0, default_daily_hours__lte=24),
                name="counter_default_daily_hours_0_to_24",
            ),
            models.CheckConstraint(
                condition=models.Q(value__isnull=True) | models.Q(value__gte=0), name="counter_value_not_negative"
            ),
        ]
        indexes = [models.Index(fields=["vessel", "last_read_at"])]

    def __str__(self):
        return f"{self.equipment.code} {self.name}"

    def get_absolute_url(self):
        return record_url("counters:detail", self.pk)

    @property
    def daily_rate(self) -> Decimal:
        """The measured rate, else the counter's default."""
        return self.measured_daily_rate if self.measured_daily_rate is not None else self.default_daily_hours

    def is_stale(self, now=None) -> bool:
        from counters.rules import is_stale  # rules import the models: resolved at call time

        return is_stale(self.last_read_at, now=now or timezone.now())


class ReadingKind(models.TextChoices):
    READING = "reading", "Reading"
    METER_FINAL = "meter_final", "Old meter's final reading"
    METER_START = "meter_start", "New meter fitted"


class CounterReading(VesselOwned):
    """One reading: what the meter showed and the total it stands for. Never changed or removed."""

    audited = True

    counter = models.ForeignKey(Counter, on_delete=models.PROTECT, related_name="readings")
    reading = models.IntegerField(help_text="Total hours: the meter's number plus the counter's offset.")
    meter_reading = models.IntegerField(help_text="The number the meter showed.")
    kind = models.CharField(max_length=20, choices=ReadingKind.choices, default=ReadingKind.READING)
    read_at = models.DateTimeField()
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    notes = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-read_at", "-created_at"]
        constraints = [
            models.CheckConstraint(condition=models.Q(reading__gte=0), name="counter_reading_not_negative"),
            models.CheckConstraint(condition=models.Q(meter_reading__gte=0), name="counter_meter_not_negative"),
            models.CheckConstraint(condition=models.Q(kind__in=ReadingKind.values), name="counter_reading_kind_valid"),
        ]
        indexes = [models.Index(fields=["counter", "read_at", "created_at"])]

    def __str__(self):
        return f"{self.reading:,} h at {self.read_at:%Y-%m-%d %H:%M}"

    @property
    def offset(self) -> int:
        """The offset this reading was taken under (total − meter)."""
        return self.reading - self.meter_reading

    def save(self, *args, **kwargs):
        # The ledger is append-only: a correction is a new reading, never an edit.
        if not self._state.adding:
            raise ValueError("A counter reading is never changed; record a new one.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("A counter reading is never removed.")
