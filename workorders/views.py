from audit.models import Signature
from pms.generic import ScopedDetailView, ScopedListView
from workorders.actions import available_actions, parts_list
from workorders.models import WorkOrder


class WorkOrderList(ScopedListView):
    queryset = WorkOrder.objects.select_related("assignee", "equipment")
    template_name = "workorders/workorder_list.html"

    def get_queryset(self):
        qs = super().get_queryset()
        status = self.request.GET.get("status")
        return qs.filter(status=status) if status else qs


class WorkOrderDetail(ScopedDetailView):
    queryset = WorkOrder.objects.select_related(
        "vessel", "equipment", "fault", "assignee", "created_by", "completed_by"
    )
    template_name = "workorders/workorder_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        work_order = ctx["object"]
        ctx["notes"] = work_order.notes.select_related("created_by")
        ctx["parts"] = parts_list(work_order)
        ctx["parts_used"] = work_order.stock_movements.select_related("part", "performed_by").order_by("performed_at")
        ctx["signatures"] = Signature.objects.filter(
            object_type=WorkOrder._meta.label_lower, object_id=str(work_order.pk)
        ).order_by("signed_at")
        ctx["available_actions"] = available_actions(user=self.request.user, work_order=work_order)
        return ctx
