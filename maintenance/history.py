"""The maintenance history: one row per closed cycle of the vessel's jobs, for a class surveyor.

Each cycle with its job, equipment, due, when and at what hours it was done, by whom, on time
or late, and the signatures on its work order (completion, verification) with their meaning
and time. `?job=<id>` narrows it to one job; it downloads like every list (`?export=csv|xlsx`).
"""

from collections import defaultdict

from audit.models import Signature
from maintenance.models import MaintenanceJob, MaintenanceRecord, RecordStatus
from pms.exports import Column, choice, person
from pms.generic import ScopedListView
from pms.tenancy import get_scoped_or_404


def signatures_text(record) -> str:
    return " | ".join(
        f"{s.printed_name} ({s.role}): {s.meaning}, {s.signed_at:%Y-%m-%dT%H:%M:%SZ}" for s in record.signatures
    )


def with_signatures(records: list) -> list:
    """The records, each with `.signatures`: those on its work order, oldest first (one query)."""
    ids = [str(r.work_order_id) for r in records if r.work_order_id]
    found = defaultdict(list)
    if ids:
        signed = Signature.objects.filter(object_type="workorders.workorder", object_id__in=ids).order_by("signed_at")
        for signature in signed:
            found[signature.object_id].append(signature)
    for record in records:
        record.signatures = found.get(str(record.work_order_id), []) if record.work_order_id else []
    return records


class MaintenanceHistory(ScopedListView):
    queryset = MaintenanceRecord.objects.select_related("job", "job__equipment", "work_order", "done_by", "verified_by")
    template_name = "maintenance/history.html"
    export_name = "maintenance-history"
    export_columns = (
        Column("Job", "job.code"),
        Column("Title", "job.title"),
        Column("Equipment", "job.equipment.code"),
        Column("Equipment name", "job.equipment.name"),
        Column("Critical", "job.critical"),
        Column("Class item", "job.class_item"),
        Column("Due date", "due_date"),
        Column("Due hours", "due_hours"),
        Column("Due by", "trigger"),
        Column("Postponed", "postponed"),
        Column("Done at (UTC)", "done_at"),
        Column("Done at hours", "done_hours"),
        Column("Done by", person("done_by")),
        Column("On time", lambda r: "on time" if r.on_time else "late"),
        Column("Work order", "work_order.number"),
        Column("Status", choice("status")),
        Column("Verified by", person("verified_by")),
        Column("Verified at (UTC)", "verified_at"),
        Column("Signatures", signatures_text),
    )

    def job(self):
        if not hasattr(self, "_job"):
            pk = self.request.GET.get("job")
            self._job = (
                get_scoped_or_404(MaintenanceJob.objects.filter(vessel=self.request.vessel), self.request.user, pk=pk)
                if pk
                else None
            )
        return self._job

    def get_queryset(self):
        qs = super().get_queryset().order_by("-done_at", "-created_at")
        params = self.request.GET
        if self.job() is not None:
            qs = qs.filter(job=self.job())
        if params.get("critical") == "1":
            qs = qs.filter(job__critical=True)
        if params.get("class") == "1":
            qs = qs.filter(job__class_item=True)
        status = params.get("status")
        return qs.filter(status=status) if status in RecordStatus.values else qs

    def get_export_name(self):
        return f"maintenance-history-{self.job().code}" if self.job() is not None else "maintenance-history"

    def export_prepare(self, chunk):
        return with_signatures(chunk)

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["objects"] = with_signatures(list(ctx["objects"]))
        return {**ctx, "job": self.job(), "statuses": RecordStatus.choices}
