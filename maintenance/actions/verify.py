"""verify_work_order: a HOD other than the one who did the work signs that it was done as recorded."""

from django import forms

from maintenance.models import MaintenanceRecord, RecordStatus
from maintenance.serializers import record_dict
from maintenance.services import verify_record
from pms.actions.base import Action, ActionError, Plan, Ref, register
from pms.actions.forms import ActionForm, id_field
from pms.roles import HOD_ROLES
from workorders.actions.common import WorkOrderTarget, work_order_summary
from workorders.models import WorkOrderStatus


class VerifyForm(ActionForm):
    work_order_id = id_field("Work order", widget=forms.HiddenInput)


@register
class VerifyWorkOrder(WorkOrderTarget, Action):
    name = "verify_work_order"
    roles = HOD_ROLES
    example_payload = {"work_order_id": Ref("workorders.workorder")}
    label = "Verify the work"
    form_class = VerifyForm
    template_name = "maintenance/actions/verify_work_order.html"
    requires_signature = True
    signature_meaning = "I verify this work was done as recorded"
    signed_object_type = "workorders.workorder"
    signed_fields = ("status", "completed_by", "completed_at", "completion_notes")

    def is_permitted(self, *, user, role, target):
        # IACS UR Z20: the one who did the work does not verify it.
        return (
            super().is_permitted(user=user, role=role, target=target) and target.work_order.completed_by_id != user.pk
        )

    def _record(self, work_order) -> MaintenanceRecord:
        record = MaintenanceRecord.objects.filter(work_order=work_order).select_related("job").first()
        if record is None or record.status != RecordStatus.AWAITING_VERIFICATION:
            raise ActionError(
                "INVALID_TRANSITION",
                f"{work_order.number} is not awaiting verification.",
                field="work_order_id",
                details={"status": work_order.status},
            )
        return record

    def prefill(self, *, user, target, params):
        work_order = target.work_order
        record = MaintenanceRecord.objects.filter(work_order=work_order).first()
        return {
            "work_order_id": str(work_order.pk),
            "work_order": work_order_summary(work_order),
            "record": record_dict(record) if record else None,
        }

    def plan(self, *, user, data, target):
        work_order = target.work_order
        record = self._record(work_order)
        plan = Plan(rows=[work_order, record])
        plan.change(f"work order {work_order.number}", "status", work_order.status, WorkOrderStatus.CLOSED)
        plan.change(f"cycle of {record.job.code}", "verified_by", None, user.printed_name)
        plan.side_effects.append(f"The cycle of {record.job.code} is closed; its record shows your signature.")
        return plan

    def apply(self, *, user, data, target, plan):
        work_order = target.work_order
        record = self._record(work_order)
        verify_record(record=record, work_order=work_order, verified_by=user)
        return {"id": str(work_order.pk), "work_order": work_order_summary(work_order), "record": record_dict(record)}

    def message(self, result):
        return f"{result['work_order']['number']} verified and closed."
