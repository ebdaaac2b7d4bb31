"""assign_work_order: who does it and by when, set from the work order's page (heads of department)."""

from django import forms
from django.utils import timezone

from pms.actions.base import Action, Plan, Ref, register
from pms.actions.forms import ActionForm, DayField, id_field
from pms.formatting import day
from pms.roles import HOD_ROLES
from pms.serializers import iso, name_of
from workorders.actions.common import WorkOrderTarget, refuse_if_closed, work_order_summary
from workorders.selectors import find_member, member_picker


class AssignWorkOrderForm(ActionForm):
    work_order_id = id_field("Work order", widget=forms.HiddenInput)
    assignee_id = id_field("Assignee", required=False, help_text="A member of the vessel; leave empty to unassign.")
    due_date = DayField(required=False, help_text="Leave empty for no due date.")

    pickers = {"assignee_id": member_picker(blank="Nobody (unassigned)")}

    def clean(self):
        cleaned = super().clean()
        # A field left out of a JSON payload stays as it is; given empty, it is cleared.
        cleaned["keep_assignee"] = "assignee_id" not in self.data
        cleaned["keep_due_date"] = "due_date" not in self.data
        return cleaned


@register
class AssignWorkOrder(WorkOrderTarget, Action):
    name = "assign_work_order"
    roles = HOD_ROLES
    example_payload = {
        "work_order_id": Ref("workorders.workorder"),
        "assignee_id": Ref("pms.user"),
        "due_date": "2030-06-30",
    }
    label = "Assign or set due date"
    description = "Choose who does a work order (or nobody) and by when."
    form_class = AssignWorkOrderForm
    template_name = "workorders/actions/assign_work_order.html"

    def resolve(self, *, user, data, vessel):
        target = super().resolve(user=user, data=data, vessel=vessel)
        if data.get("assignee_id"):
            target.objects["assignee"] = find_member(vessel=target.vessel, pk=data["assignee_id"])
        return target

    def prefill(self, *, user, target, params):
        work_order = target.work_order
        return {
            "work_order_id": str(work_order.pk),
            "assignee_id": params.get("assignee_id", str(work_order.assignee_id or "")),
            "due_date": params.get("due_date", iso(work_order.due_date) or ""),
            "work_order": {**work_order_summary(work_order), "due_date": iso(work_order.due_date)},
        }

    def _after(self, data, target):
        work_order = target.work_order
        assignee = work_order.assignee if data["keep_assignee"] else target.objects.get("assignee")
        due_date = work_order.due_date if data["keep_due_date"] else data["due_date"]
        return assignee, due_date

    def plan(self, *, user, data, target):
        work_order = target.work_order
        refuse_if_closed(work_order)
        assignee, due_date = self._after(data, target)
        plan = Plan(rows=[work_order])
        entity = f"work order {work_order.number}"
        if assignee != work_order.assignee:
            plan.change(entity, "assignee", name_of(work_order.assignee), name_of(assignee))
        if due_date != work_order.due_date:
            plan.change(entity, "due_date", iso(work_order.due_date), iso(due_date))
        if not plan.changes:
            plan.warn("NO_CHANGE", f"{work_order.number} already has this assignee and due date: nothing changes.")
        elif due_date and due_date < timezone.localdate() and due_date != work_order.due_date:
            plan.warn("DUE_DATE_PASSED", f"{day(due_date)} has passed: {work_order.number} will show as overdue.")
        if assignee is not None and assignee != work_order.assignee:
            plan.side_effects.append(f"{work_order.number} shows under {assignee.printed_name}'s assigned work.")
        return plan

    def apply(self, *, user, data, target, plan):
        work_order = target.work_order
        assignee, due_date = self._after(data, target)
        changed = [
            name for name, new in (("assignee", assignee), ("due_date", due_date)) if getattr(work_order, name) != new
        ]
        if changed:
            work_order.assignee, work_order.due_date = assignee, due_date
            work_order.save(update_fields=changed)
        return {
            "id": str(work_order.pk),
            "work_order": {
                **work_order_summary(work_order),
                "assignee_id": str(work_order.assignee_id) if work_order.assignee_id else None,
                "due_date": iso(work_order.due_date),
            },
        }

    def message(self, result):
        work_order = result["work_order"]
        who = work_order["assignee"] or "nobody"
        due = f", due {day(work_order['due_date'])}" if work_order["due_date"] else ", no due date"
        return f"{work_order['number']}: assigned to {who}{due}."
