from django.http import HttpResponse
from django.utils import timezone

from pms.actions.base import Target, registry
from pms.exports import Column, choice, person
from pms.generic import ScopedDetailView, ScopedListView
from pms.related import attach_people
from workorders.card import card_details, job_card_pdf
from workorders.models import OPEN_STATUSES, WorkOrder, WorkOrderStatus
from workorders.rules import due_filters
from workorders.serializers import part_line_dict


class WorkOrderList(ScopedListView):
    queryset = WorkOrder.objects.select_related("assignee", "equipment")
    template_name = "workorders/workorder_list.html"
    export_name = "work-orders"
    export_columns = (
        Column("Number", "number"),
        Column("Title", "title"),
        Column("Equipment", "equipment.code"),
        Column("Fault", "fault.fault_code"),
        Column("Priority", choice("priority")),
        Column("Status", choice("status")),
        Column("Assignee", person("assignee")),
        Column("Due date", "due_date"),
        Column("Created at (UTC)", "created_at"),
        Column("Created by", person("created_by")),
        Column("Completed at (UTC)", "completed_at"),
        Column("Completed by", person("completed_by")),
        Column("Completion notes", "completion_notes"),
    )

    def export_rows(self):
        return self.get_queryset().select_related("fault", "created_by", "completed_by")

    def get_queryset(self):
        qs = super().get_queryset()
        params = self.request.GET
        status = params.get("status")
        if status == "active":
            qs = qs.filter(status__in=OPEN_STATUSES)
        elif status in WorkOrderStatus.values:
            qs = qs.filter(status=status)
        due = due_filters(timezone.localdate()).get(params.get("due"))
        if due is not None:
            qs = qs.filter(due)
        if params.get("assignee") == "me":
            qs = qs.filter(assignee=self.request.user)
        return qs

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "statuses": WorkOrderStatus.choices}


class WorkOrderDetail(ScopedDetailView):
    queryset = WorkOrder.objects.select_related("equipment", "fault")
    template_name = "workorders/workorder_detail.html"

    def trail_rows(self, work_order):
        """The work order's trail holds its notes, its parts-list lines and the ledger rows naming it.
        The people on the page (the work order's and its rows') are read in one query, none when the
        reader is the only one named."""
        self.notes = list(work_order.notes.all())
        self.lines = list(work_order.parts.select_related("part").order_by("created_at"))
        # The page names no movement's equipment; the trail names it from the work order's, read with it.
        self.parts_used = list(work_order.stock_movements.select_related("part").order_by("performed_at"))
        attach_people(
            ([work_order], ("assignee", "created_by", "completed_by")),
            (self.notes, ("created_by",)),
            (self.lines, ("added_by",)),
            (self.parts_used, ("performed_by",)),
            known=[self.request.user],
        )
        return [self.notes, self.lines, self.parts_used]

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["notes"] = self.notes
        ctx["parts"] = [part_line_dict(line) for line in self.lines]
        ctx["parts_used"] = self.parts_used
        # One tap per parts-list line logs its usage, prefilled, for whoever may log usage.
        work_order = ctx["object"]
        log_usage = registry.get("log_part_usage")
        role = self.request.user.role_on(work_order.vessel_id)
        ctx["can_log_usage"] = work_order.is_open and log_usage.is_permitted(
            user=self.request.user,
            role=role,
            target=Target(vessel=work_order.vessel, objects={"work_order": work_order}),
        )
        return ctx


class WorkOrderCard(ScopedDetailView):
    """The work order's printable A4 job card, a PDF opened in the browser (`workorders.card`)."""

    queryset = WorkOrder.objects.select_related("vessel", "equipment")

    def get(self, request, *args, **kwargs):
        work_order = self.get_object()
        pdf = job_card_pdf(
            work_order=work_order,
            parts=list(work_order.parts.select_related("part").order_by("created_at")),
            details=card_details(work_order),
            url=request.build_absolute_uri(work_order.get_absolute_url()),
        )
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = f'inline; filename="{work_order.number}-card.pdf"'
        return response
