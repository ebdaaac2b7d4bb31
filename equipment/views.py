from equipment.models import Equipment, Fault, FaultStatus, Severity
from equipment.rules import open_faults_q
from pms.exports import Column, choice, person
from pms.generic import ScopedDetailView, ScopedListView


class EquipmentList(ScopedListView):
    queryset = Equipment.objects.select_related("parent")
    template_name = "equipment/equipment_list.html"
    export_name = "equipment"
    export_columns = (
        Column("Code", "code"),
        Column("Name", "name"),
        Column("Part of", "parent.code"),
        Column("Location", "location"),
        Column("Manufacturer", "manufacturer"),
        Column("Model", "model"),
        Column("Serial number", "serial_number"),
        Column("Criticality", choice("criticality")),
    )


class EquipmentDetail(ScopedDetailView):
    queryset = Equipment.objects.select_related("parent", "manual")
    template_name = "equipment/equipment_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        equipment = ctx["object"]
        ctx["children"] = equipment.children.all()
        ctx["faults"] = equipment.faults.all()[:20]
        return ctx


# `?status=active`: every fault not yet resolved or closed, as the dashboard counts them.


class FaultList(ScopedListView):
    queryset = Fault.objects.select_related("equipment")
    template_name = "equipment/fault_list.html"
    export_name = "faults"
    export_columns = (
        Column("Fault code", "fault_code"),
        Column("Title", "title"),
        Column("Equipment", "equipment.code"),
        Column("Equipment name", "equipment.name"),
        Column("Severity", choice("severity")),
        Column("Status", choice("status")),
        Column("Reported at (UTC)", "reported_at"),
        Column("Reported by", person("reported_by")),
        Column("Description", "description"),
        Column("Resolved at (UTC)", "resolved_at"),
        Column("Resolved by", person("resolved_by")),
        Column("Closed at (UTC)", "closed_at"),
    )

    def export_rows(self):
        return self.get_queryset().select_related("reported_by", "resolved_by")

    def get_queryset(self):
        qs = super().get_queryset()
        status = self.request.GET.get("status")
        if status == "active":
            qs = qs.filter(open_faults_q())
        elif status in FaultStatus.values:
            qs = qs.filter(status=status)
        severity = self.request.GET.get("severity")
        return qs.filter(severity=severity) if severity in Severity.values else qs

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "statuses": FaultStatus.choices, "severities": Severity.choices}


class FaultDetail(ScopedDetailView):
    queryset = Fault.objects.select_related("equipment", "reported_by", "resolved_by", "closed_by")
    template_name = "equipment/fault_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["work_orders"] = list(ctx["object"].work_orders.all())
        # The work order already raised for this fault is offered instead of a duplicate.
        ctx["open_work_order"] = next((w for w in ctx["work_orders"] if w.is_open), None)
        return ctx
