from pms.generic import ScopedDetailView, ScopedListView
from workorders.models import WorkOrder


class WorkOrderList(ScopedListView):
    queryset = WorkOrder.objects.select_related("assignee", "equipment")
    template_name = "workorders/workorder_list.html"

    def get_queryset(self):
        qs = super().get_queryset()
        status = self.request.GET.get("status")
        return qs.filter(status=status) if status else qs


class WorkOrderDetail(ScopedDetailView):
    queryset = WorkOrder.objects.select_related("equipment", "fault", "assignee", "created_by", "completed_by")
    template_name = "workorders/workorder_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        work_order = ctx["object"]
        ctx["notes"] = work_order.notes.select_related("created_by")
        ctx["parts"] = work_order.parts.select_related("part")
        return ctx
