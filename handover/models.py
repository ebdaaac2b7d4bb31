from django.conf import settings
from django.db import models

from pms.models import VesselOwned
from workorders.models import Priority


class EntityType(models.TextChoices):
    FAULT = "fault", "Fault"
    WORK_ORDER = "work_order", "Work order"
    EQUIPMENT = "equipment", "Equipment"
    DOCUMENT_SECTION = "document_section", "Manual section"
    PART = "part", "Part"


class HandoverCategory(models.TextChoices):
    ONGOING_FAULT = "ongoing_fault", "Ongoing faults"
    WORK_IN_PROGRESS = "work_in_progress", "Work in progress"
    IMPORTANT_INFO = "important_info", "Important information"
    EQUIPMENT_STATUS = "equipment_status", "Equipment status"
    GENERAL = "general", "General"


class HandoverItem(VesselOwned):
    """An item for the next watch. `entity_type`/`entity_id` are empty for a free-text note."""

    audited = True

    entity_type = models.CharField(max_length=20, choices=EntityType.choices, blank=True)
    entity_id = models.UUIDField(null=True, blank=True)
    summary_text = models.TextField(max_length=2000)
    category = models.CharField(max_length=20, choices=HandoverCategory.choices, default=HandoverCategory.GENERAL)
    priority = models.CharField(max_length=10, choices=Priority.choices, default=Priority.NORMAL)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    acknowledged_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(entity_type__in=[*EntityType.values, ""]), name="handover_entity_type_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(category__in=HandoverCategory.values), name="handover_category_valid"
            ),
            models.CheckConstraint(condition=models.Q(priority__in=Priority.values), name="handover_priority_valid"),
            models.CheckConstraint(
                condition=(models.Q(entity_type="") & models.Q(entity_id__isnull=True))
                | (~models.Q(entity_type="") & models.Q(entity_id__isnull=False)),
                name="handover_entity_complete",
            ),
        ]
        indexes = [
            models.Index(fields=["vessel", "acknowledged_at"]),
            models.Index(fields=["vessel", "entity_type", "entity_id"]),
        ]

    def __str__(self):
        return self.summary_text[:60]

    @property
    def is_open(self) -> bool:
        return self.acknowledged_at is None
