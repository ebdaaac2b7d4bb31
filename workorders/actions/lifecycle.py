"""start_work_order and cancel_work_order: status changes through the transition table."""

from django import forms

from equipment.models import Fault, FaultStatus
from pms.actions.base import Action, Plan, Ref, register
from pms.actions.forms import ActionForm, id_field
from pms.roles import ENGINEER_GRADE_ROLES, HOD_ROLES
from workorders import hooks
from workorders.actions.common import WorkOrderTarget, work_order_summary
from workorders.models import (
    WorkOrderNote,
    WorkOrderStatus,
)
from workorders.services import check_transition, set_status


class WorkOrderOnlyForm(ActionForm):
    work_order_id = id_field("Work order", widget=forms.HiddenInput)


@register
class StartWorkOrder(WorkOrderTarget, Action):
    name = "start_work_order"
    roles = ENGINEER_GRADE_ROLES
    example_payload = {"work_order_id": Ref("workorders.workorder")}
    label = "Start work"
    form_class = WorkOrderOnlyForm
    template_name = "workorders/actions/start_work_order.html"

    def prefill(self, *, user, target, params):
        return {"work_order_id": str(target.work_order.pk), "work_order": work_order_summary(target.work_order)}

    def plan(self, *, user, data, target):
        work_order = target.work_order
        check_transition(work_order, WorkOrderStatus.IN_PROGRESS)
        plan = Plan(rows=[work_order])
        plan.change(f"work order {work_order.number}", "status", work_order.status, WorkOrderStatus.IN_PROGRESS)
        if work_order.assignee is None:
            plan.change(f"work order {work_order.number}", "assignee", None, user.printed_name)
        return plan

    def apply(self, *, user, data, target, plan):
        work_order = target.work_order
        fields = {} if work_order.assignee_id else {"assignee": user}
        set_status(work_order, WorkOrderStatus.IN_PROGRESS, **fields)
        return {"id": str(work_order.pk), "work_order": work_order_summary(work_order)}

    def message(self, result):
        return f"{result['work_order']['number']} is in progress."


class CancelWorkOrderForm(ActionForm):
    work_order_id = id_field("Work order", widget=forms.HiddenInput)
    reason = forms.CharField(min_length=3, max_length=1000, widget=forms.Textarea(attrs={"rows": 3}))


@register
class CancelWorkOrder(WorkOrderTarget, Action):
    name = "cancel_work_order"
    roles = HOD_ROLES
    example_payload = {"work_order_id": Ref("workorders.workorder"), "reason": "Raised twice."}
    label = "Cancel work order"
    form_class = CancelWorkOrderForm
    template_name = "workorders/actions/cancel_work_order.html"

    def lock(self, *, user, data, target):
        target = super().lock(user=user, data=data, target=target)
        if target.work_order.fault_id:
            target.objects["fault"] = Fault.objects.select_for_update().get(pk=target.work_order.fault_id)
        return target

    def prefill(self, *, user, target, params):
        return {"work_order_id": str(target.work_order.pk), "work_order": work_order_summary(target.work_order)}

    def _reopened_fault(self, work_order, target) -> Fault | None:
        """The fault goes back to open when this was its only live work order."""
        fault = target.objects.get("fault") or work_order.fault
        if fault is None or fault.status != FaultStatus.WORK_ORDER_RAISED:
            return None
        others = fault.work_orders.exclude(pk=work_order.pk).exclude(status=WorkOrderStatus.CANCELLED)
        return None if others.exists() else fault

    def plan(self, *, user, data, target):
        work_order = target.work_order
        check_transition(work_order, WorkOrderStatus.CANCELLED)
        fault = self._reopened_fault(work_order, target)
        plan = Plan(rows=[work_order, *([fault] if fault else [])])
        plan.change(f"work order {work_order.number}", "status", work_order.status, WorkOrderStatus.CANCELLED)
        plan.change("note", "note_text", None, f"Cancelled: {data['reason']}", model=WorkOrderNote)
        if fault is not None:
            plan.change(f"fault {fault.fault_code or fault.title}", "status", fault.status, FaultStatus.OPEN)
        plan.side_effects.append("A cancelled work order cannot be reopened; its parts list is kept.")
        return plan

    def apply(self, *, user, data, target, plan):
        work_order = target.work_order
        fault = self._reopened_fault(work_order, target)
        set_status(work_order, WorkOrderStatus.CANCELLED)
        hooks.call("cancelled", user=user, target=target)
        WorkOrderNote.objects.create(
            vessel=target.vessel, work_order=work_order, note_text=f"Cancelled: {data['reason']}", created_by=user
        )
        if fault is not None:
            fault.status = FaultStatus.OPEN
            fault.save(update_fields=["status"])
        return {"id": str(work_order.pk), "work_order": work_order_summary(work_order)}

    def message(self, result):
        return f"{result['work_order']['number']} cancelled."
