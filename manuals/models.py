from django.conf import settings
from django.db import models

from pms.models import VesselOwned
from pms.reversing import record_url


class IngestionStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    PROCESSING = "processing", "Processing"
    READY = "ready", "Ready"
    FAILED = "failed", "Failed"


def manual_upload_to(instance, filename):
    return f"manuals/{instance.vessel_id}/{instance.id}.pdf"


class ManualDocument(VesselOwned):
    audited = True
    title = models.CharField(max_length=200)
    manufacturer = models.CharField(max_length=100, blank=True)
    model = models.CharField(max_length=100, blank=True)
    # The manual's own edition ("Rev. 3", "2024-06"); `version` is the row version of VesselOwned.
    revision = models.CharField("manual version", max_length=40, blank=True)
    file = models.FileField(upload_to=manual_upload_to, max_length=300)
    page_count = models.PositiveIntegerField(default=0)
    status = models.CharField(max_length=12, choices=IngestionStatus.choices, default=IngestionStatus.QUEUED)
    failure_reason = models.CharField(max_length=500, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["title"]
        constraints = [
            models.CheckConstraint(condition=models.Q(status__in=IngestionStatus.values), name="manual_status_valid"),
        ]
        indexes = [models.Index(fields=["vessel", "manufacturer", "model"])]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return record_url("manuals:detail", self.pk)


class ManualSection(VesselOwned):
    audit_exempt = "derived from the uploaded PDF by ingestion"
    document = models.ForeignKey(ManualDocument, on_delete=models.CASCADE, related_name="sections")
    title = models.CharField(max_length=300)
    page_number = models.PositiveIntegerField()
    end_page = models.PositiveIntegerField()
    # Order within the document, for sections that start on the same page.
    position = models.PositiveIntegerField(default=0)
    text = models.TextField(blank=True)

    class Meta:
        ordering = ["document", "page_number", "position"]
        constraints = [
            models.CheckConstraint(condition=models.Q(page_number__gte=1), name="section_page_positive"),
            models.CheckConstraint(
                condition=models.Q(end_page__gte=models.F("page_number")), name="section_end_after_start"
            ),
        ]
        indexes = [models.Index(fields=["document", "page_number"])]

    def __str__(self):
        return f"{self.document.title} — {self.title} (p. {self.page_number})"

    def get_absolute_url(self):
        return record_url("manuals:section", self.pk)


class ManualFaultCode(models.Model):
    """Index of fault codes per section, for the fault-code lookup."""

    audit_exempt = "derived from the section text by ingestion"

    vessel = models.ForeignKey("pms.Vessel", on_delete=models.CASCADE, related_name="+")
    section = models.ForeignKey(ManualSection, on_delete=models.CASCADE, related_name="fault_code_index")
    code = models.CharField(max_length=40, help_text="Normalised: upper case, single spaces.")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["section", "code"], name="fault_code_once_per_section")]
        indexes = [models.Index(fields=["vessel", "code"])]

    def __str__(self):
        return self.code
