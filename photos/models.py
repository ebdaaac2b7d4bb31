from django.conf import settings
from django.db import models
from django.db.models import Q

from pms.models import VesselOwned


def photo_upload_to(instance, filename):
    return f"photos/{instance.vessel_id}/{instance.id}.{filename.rsplit('.', 1)[-1]}"


def thumbnail_upload_to(instance, filename):
    return f"photos/{instance.vessel_id}/{instance.id}-thumb.{filename.rsplit('.', 1)[-1]}"


# Exactly one of the targets is set.
ONE_TARGET = (
    Q(fault__isnull=False, work_order__isnull=True, step_result__isnull=True)
    | Q(fault__isnull=True, work_order__isnull=False, step_result__isnull=True)
    | Q(fault__isnull=True, work_order__isnull=True, step_result__isnull=False)
)


class Photo(VesselOwned):
    """A photo taken as evidence on a fault, a work order or a step result (photos.images checks and re-encodes it)."""

    audited = True
    fault = models.ForeignKey("equipment.Fault", null=True, blank=True, on_delete=models.PROTECT, related_name="photos")
    work_order = models.ForeignKey(
        "workorders.WorkOrder", null=True, blank=True, on_delete=models.PROTECT, related_name="photos"
    )
    step_result = models.ForeignKey(
        "maintenance.StepResult", null=True, blank=True, on_delete=models.PROTECT, related_name="photos"
    )
    image = models.FileField(upload_to=photo_upload_to, max_length=300)
    thumbnail = models.FileField(upload_to=thumbnail_upload_to, max_length=300, blank=True)
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    size = models.PositiveBigIntegerField(help_text="Bytes of the stored (re-encoded) image.")
    sha256 = models.CharField(max_length=64, help_text="Of the stored (re-encoded) image.")
    content_type = models.CharField(max_length=40)
    original_name = models.CharField(max_length=200, blank=True, help_text="The file's name on the sender's device.")
    caption = models.CharField(max_length=200, blank=True)
    taken_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["created_at"]
        constraints = [models.CheckConstraint(condition=ONE_TARGET, name="photo_exactly_one_target")]
        indexes = [models.Index(fields=["vessel", "created_at"])]

    def __str__(self):
        return self.caption or self.original_name or f"Photo {self.pk}"

    @property
    def target(self):
        return self.fault or self.work_order or self.step_result

    @property
    def target_kind(self) -> str:
        return "fault" if self.fault_id else "work_order" if self.work_order_id else "step_result"
