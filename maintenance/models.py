"""The maintenance plan: jobs by calendar and running hours, their cycles and what moved them.

Every row belongs to one vessel and is audited. A job's *current cycle* is described by its
baseline (last done, previous due) and an optional postponement; `maintenance.rules`
computes when it is due. A completed cycle is a `MaintenanceRecord`.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from counters.selectors import counter_for_equipment
from maintenance import rules
from pms.models import VesselOwned
from pms.reversing import record_url

PLAN_FIELDS = tuple(rules.JobPlan.__dataclass_fields__)


def counter_state(counter, *, now) -> rules.CounterState | None:
    """What the due computation needs of a counter (None without one)."""
    if counter is None:
        return None
    return rules.CounterState(
        value=counter.value or 0, daily_rate=float(counter.daily_rate), stale=counter.is_stale(now)
    )


class Schedule(models.TextChoices):
    FLOATING = rules.FLOATING, "Floating (from the last completion)"
    FIXED = rules.FIXED, "Fixed (from the previous due)"


class MaintenanceJob(VesselOwned):
    """A job of the plan on one equipment: what to do and how often (days and/or running hours)."""

    audited = True
    equipment = models.ForeignKey("equipment.Equipment", on_delete=models.PROTECT, related_name="maintenance_jobs")
    code = models.CharField(max_length=40, help_text="Unique per vessel, e.g. ME-PS-500H.")
    title = models.CharField(max_length=200)
    instructions = models.TextField(max_length=10000, blank=True)
    interval_days = models.PositiveIntegerField(null=True, blank=True)
    interval_hours = models.PositiveIntegerField(null=True, blank=True)
    schedule = models.CharField(max_length=10, choices=Schedule.choices, default=Schedule.FLOATING)
    alarm_days = models.PositiveIntegerField(default=rules.DEFAULT_ALARM_DAYS)
    alarm_hours = models.PositiveIntegerField(null=True, blank=True, help_text="Empty: 10 % of the interval.")
    tolerance_days = models.PositiveIntegerField(null=True, blank=True, help_text="Empty: 10 % of the interval.")
    tolerance_hours = models.PositiveIntegerField(null=True, blank=True, help_text="Empty: 10 % of the interval.")
    postpone_limit_percent = models.PositiveIntegerField(default=rules.DEFAULT_PERCENT)
    critical = models.BooleanField(default=False)
    class_item = models.BooleanField(default=False, help_text="Surveyed by class: postponed only within tolerance.")
    requires_verification = models.BooleanField(default=False, help_text="A HOD verifies each completion.")
    manual_section = models.ForeignKey(
        "manuals.ManualSection", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    estimated_hours = models.DecimalField(max_digits=6, decimal_places=1, null=True, blank=True)
    active = models.BooleanField(default=True)
    # The baseline of the current cycle.
    last_done_at = models.DateField(null=True, blank=True)
    last_done_hours = models.PositiveIntegerField(null=True, blank=True)
    previous_due_date = models.DateField(null=True, blank=True, editable=False)
    previous_due_hours = models.PositiveIntegerField(null=True, blank=True, editable=False)
    # A postponement of the current cycle (the original due stays computable from the baseline).
    postponed_due_date = models.DateField(null=True, blank=True, editable=False)
    postponed_due_hours = models.PositiveIntegerField(null=True, blank=True, editable=False)
    layup_days = models.PositiveIntegerField(default=0, editable=False, help_text="Lay-up days in this cycle.")
    # The current due as stored for the lists (`rules.stored_due`): kept by `save()` and by
    # `maintenance.services.refresh_stored_due` when a counter, the hierarchy or the day moves it.
    calendar_due = models.DateField(null=True, blank=True, editable=False)
    calendar_alarm_from = models.DateField(null=True, blank=True, editable=False)
    hours_state = models.CharField(max_length=10, default=rules.OK, db_default=rules.OK, editable=False)
    first_due = models.DateField(null=True, blank=True, editable=False, help_text="The earlier trigger's date.")

    audit_derived = rules.STORED_DUE_FIELDS

    class Meta:
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(fields=["vessel", "code"], name="maintenance_job_code_per_vessel"),
            models.CheckConstraint(
                condition=Q(interval_days__isnull=False) | Q(interval_hours__isnull=False),
                name="maintenance_job_has_an_interval",
            ),
            models.CheckConstraint(
                condition=Q(schedule__in=[rules.FIXED, rules.FLOATING]), name="maintenance_job_schedule_valid"
            ),
        ]
        indexes = [
            models.Index(fields=["vessel", "active"]),
            models.Index(fields=["equipment"]),
            models.Index(fields=["vessel", "active", "first_due"], name="maintenance_job_first_due"),
        ]

    def __str__(self):
        return f"{self.code} – {self.title}"

    def get_absolute_url(self):
        return record_url("maintenance:job_detail", self.pk)

    def plan(self) -> rules.JobPlan:
        return rules.JobPlan(**{name: getattr(self, name) for name in PLAN_FIELDS})

    def save(self, *args, **kwargs):
        """Every save stores the due it leads to (its counter read afresh), with the fields it writes."""
        self.equipment.__dict__.pop("_counters_counter", None)
        state = counter_state(counter_for_equipment(self.equipment), now=timezone.now())
        plan = self.plan()
        for name, value in rules.stored_due(plan, rules.compute_due(plan, state, timezone.localdate())).items():
            setattr(self, name, value)
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], *rules.STORED_DUE_FIELDS}
        super().save(*args, **kwargs)


class JobPart(VesselOwned):
    """A line of a job's parts kit: it becomes the planned work order's parts list."""

    audited = True
    job = models.ForeignKey(MaintenanceJob, on_delete=models.CASCADE, related_name="kit")
    part = models.ForeignKey("inventory.Part", on_delete=models.PROTECT, related_name="+")
    quantity = models.PositiveIntegerField(default=1)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["job", "part"], name="job_part_once_per_kit")]

    def __str__(self):
        return f"{self.quantity} × {self.part} for {self.job.code}"


class PlannedWorkOrder(VesselOwned):
    """The work order of one cycle of a job. At most one is open per job (a partial unique index)."""

    audited = True
    job = models.ForeignKey(MaintenanceJob, on_delete=models.PROTECT, related_name="planned_work_orders")
    work_order = models.OneToOneField("workorders.WorkOrder", on_delete=models.PROTECT, related_name="planned")
    due_date = models.DateField(null=True, blank=True)
    due_hours = models.PositiveIntegerField(null=True, blank=True)
    trigger = models.CharField(max_length=10, default=rules.CALENDAR)
    open = models.BooleanField(default=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["job"], condition=Q(open=True), name="one_open_work_order_per_job")
        ]

    def __str__(self):
        return f"{self.job.code} → {self.work_order_id}"


class RecordStatus(models.TextChoices):
    AWAITING_VERIFICATION = "awaiting_verification", "Awaiting verification"
    CLOSED = "closed", "Closed"


class MaintenanceRecord(VesselOwned):
    """One completed cycle of a job: who did it when, at what hours, on time or not, verified by whom."""

    audited = True
    job = models.ForeignKey(MaintenanceJob, on_delete=models.PROTECT, related_name="records")
    work_order = models.OneToOneField(
        "workorders.WorkOrder", null=True, blank=True, on_delete=models.PROTECT, related_name="maintenance_record"
    )
    done_at = models.DateTimeField()
    done_hours = models.PositiveIntegerField(null=True, blank=True)
    done_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    due_date = models.DateField(null=True, blank=True, help_text="The original due, before any postponement.")
    due_hours = models.PositiveIntegerField(null=True, blank=True)
    trigger = models.CharField(max_length=10, default=rules.CALENDAR)
    on_time = models.BooleanField()
    postponed = models.BooleanField(default=False)
    status = models.CharField(max_length=30, choices=RecordStatus.choices, default=RecordStatus.CLOSED)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    verified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-done_at"]
        indexes = [models.Index(fields=["vessel", "done_at"]), models.Index(fields=["job", "-done_at"])]

    def __str__(self):
        return f"{self.job.code} done {self.done_at:%Y-%m-%d}"


class Postponement(VesselOwned):
    """A cycle moved, with its reason: the original due stays on record and counts for compliance."""

    audited = True
    job = models.ForeignKey(MaintenanceJob, on_delete=models.PROTECT, related_name="postponements")
    original_due_date = models.DateField(null=True, blank=True)
    original_due_hours = models.PositiveIntegerField(null=True, blank=True)
    new_due_date = models.DateField(null=True, blank=True)
    new_due_hours = models.PositiveIntegerField(null=True, blank=True)
    reason = models.TextField(max_length=2000)
    postponed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.job.code} postponed"


class Layup(VesselOwned):
    """A lay-up of the vessel: calendar-only jobs pause, and move by its length when it ends."""

    audited = True
    start = models.DateField()
    end = models.DateField()
    reason = models.TextField(max_length=2000)
    ended_on = models.DateField(null=True, blank=True, help_text="Set when the lay-up ended (early or on time).")
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-start"]
        constraints = [models.CheckConstraint(condition=Q(end__gte=models.F("start")), name="layup_ends_after_start")]

    def __str__(self):
        return f"Lay-up {self.start} – {self.ended_on or self.end}"

    def active_on(self, day) -> bool:
        return self.start <= day <= (self.ended_on or self.end)


class StepKind(models.TextChoices):
    CHECK = "check", "Check (pass / fail)"
    MEASUREMENT = "measurement", "Measurement"
    TEXT = "text", "Text"


class StepFields(VesselOwned):
    """What a step asks: the job's own steps and the copies a planned work order carries."""

    # What a planned work order copies of its job's steps.
    copied_fields = ("position", "kind", "title", "unit", "min_value", "max_value", "mandatory", "fault_severity")

    position = models.PositiveIntegerField()
    kind = models.CharField(max_length=12, choices=StepKind.choices, default=StepKind.CHECK)
    title = models.CharField(max_length=200)
    unit = models.CharField(max_length=20, blank=True, help_text="Measurements: bar, °C, ppm, mm …")
    min_value = models.DecimalField(max_digits=12, decimal_places=3, null=True, blank=True)
    max_value = models.DecimalField(max_digits=12, decimal_places=3, null=True, blank=True)
    mandatory = models.BooleanField(default=True)
    fault_severity = models.CharField(
        max_length=10, blank=True, help_text="The fault a failed result reports. Empty: medium, high when critical."
    )

    class Meta:
        abstract = True

    def __str__(self):
        return f"{self.position}. {self.title}"

    def step(self) -> rules.Step:
        return rules.Step(
            kind=self.kind, unit=self.unit, min_value=self.min_value, max_value=self.max_value, mandatory=self.mandatory
        )


def _step_constraints(prefix: str) -> list:
    return [
        models.CheckConstraint(condition=Q(kind__in=StepKind.values), name=f"{prefix}_kind_valid"),
        models.CheckConstraint(
            condition=Q(min_value__isnull=True) | Q(max_value__isnull=True) | Q(max_value__gte=models.F("min_value")),
            name=f"{prefix}_limits_ordered",
        ),
    ]


class JobStep(StepFields):
    """One step of a job's card, in order."""

    audited = True
    job = models.ForeignKey(MaintenanceJob, on_delete=models.CASCADE, related_name="steps")

    class Meta:
        ordering = ["job", "position"]
        constraints = [
            models.UniqueConstraint(fields=["job", "position"], name="job_step_position_once"),
            *_step_constraints("job_step"),
        ]


class WorkOrderStep(StepFields):
    """A step of a planned work order's card: copied from the job when the work order was made,
    so a later change to the plan does not rewrite an open card."""

    audited = True
    work_order = models.ForeignKey("workorders.WorkOrder", on_delete=models.PROTECT, related_name="steps")
    job_step = models.ForeignKey(JobStep, null=True, blank=True, on_delete=models.SET_NULL, related_name="copies")

    class Meta:
        ordering = ["work_order", "position"]
        constraints = [
            models.UniqueConstraint(fields=["work_order", "position"], name="work_order_step_position_once"),
            *_step_constraints("work_order_step"),
        ]


class StepResult(VesselOwned):
    """A result recorded against a work order's step. Append-only: a correction is a new result,
    the newest is the step's current one and the older ones stay on the card."""

    audited = True
    step = models.ForeignKey(WorkOrderStep, on_delete=models.PROTECT, related_name="results")
    work_order = models.ForeignKey("workorders.WorkOrder", on_delete=models.PROTECT, related_name="step_results")
    passed = models.BooleanField(null=True, blank=True, help_text="Checks: passed or failed.")
    value = models.DecimalField(max_digits=12, decimal_places=3, null=True, blank=True)
    text = models.TextField(max_length=2000, blank=True)
    notes = models.TextField(max_length=2000, blank=True)
    failed = models.BooleanField(default=False, help_text="A failed check or a measurement outside its limits.")
    fault = models.ForeignKey(
        "equipment.Fault", null=True, blank=True, on_delete=models.PROTECT, related_name="step_results"
    )
    corrects = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="+", help_text="The result it replaces."
    )
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["created_at"]
        indexes = [models.Index(fields=["step", "-created_at"]), models.Index(fields=["work_order"])]

    def __str__(self):
        return f"{self.step} → {self.display_value()}"

    def display_value(self) -> str:
        return rules.result_text(
            self.step.kind, passed=self.passed, value=self.value, text=self.text, unit=self.step.unit
        )
