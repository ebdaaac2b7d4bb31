from django import forms

from pms.actions.base import Action, ActionError, Plan, Target, find, register
from pms.actions.forms import ActionForm, id_field
from workorders.models import NoteType, WorkOrder, WorkOrderNote, WorkOrderStatus
from workorders.selectors import work_order_for_update

CLOSED_STATUSES = (WorkOrderStatus.CLOSED, WorkOrderStatus.CANCELLED)


def find_work_order(*, user, pk) -> WorkOrder:
    return find(
        WorkOrder.objects.select_related("vessel", "equipment", "assignee"),
        user=user,
        pk=pk,
        code="WO_NOT_FOUND",
        field="work_order_id",
        label="Work order",
    )


def refuse_if_closed(work_order: WorkOrder) -> None:
    if work_order.status in CLOSED_STATUSES:
        raise ActionError(
            "WO_CLOSED",
            f"{work_order.number} is {work_order.get_status_display().lower()}; it cannot be changed.",
            field="work_order_id",
            details={"status": work_order.status},
        )


class WorkOrderTarget:
    """Resolve and lock the work order named by `work_order_id`."""

    def resolve(self, *, user, data, vessel):
        if not data.get("work_order_id"):
            raise ActionError("WO_NOT_FOUND", "Work order not found.", field="work_order_id")
        work_order = find_work_order(user=user, pk=data["work_order_id"])
        return Target(vessel=work_order.vessel, objects={"work_order": work_order})

    def lock(self, *, user, data, target):
        return Target(vessel=target.vessel, objects={"work_order": work_order_for_update(target.work_order.pk)})


def work_order_summary(work_order: WorkOrder) -> dict:
    return {
        "id": str(work_order.pk),
        "number": work_order.number,
        "title": work_order.title,
        "status": work_order.status,
        "priority": work_order.priority,
        "assignee": work_order.assignee.printed_name if work_order.assignee else None,
    }


class AddNoteForm(ActionForm):
    work_order_id = id_field("Work order", widget=forms.HiddenInput)
    note_text = forms.CharField(label="Note", min_length=1, max_length=5000, widget=forms.Textarea(attrs={"rows": 5}))
    note_type = forms.ChoiceField(choices=NoteType.choices, required=False, initial=NoteType.GENERAL)

    def clean_note_type(self):
        return self.cleaned_data["note_type"] or NoteType.GENERAL


@register
class AddNoteToWorkOrder(WorkOrderTarget, Action):
    name = "add_note_to_work_order"
    label = "Add a note"
    form_class = AddNoteForm
    template_name = "workorders/actions/add_note_to_work_order.html"

    def prefill(self, *, user, target, params):
        work_order = target.work_order
        recent = work_order.notes.select_related("created_by").order_by("-created_at")[:5]
        return {
            "work_order_id": str(work_order.pk),
            "note_type": NoteType.GENERAL,
            "work_order": work_order_summary(work_order),
            "recent_notes": [
                {
                    "note_type": n.note_type,
                    "note_text": n.note_text,
                    "created_by": n.created_by.printed_name if n.created_by else None,
                    "created_at": n.created_at.isoformat(),
                }
                for n in recent
            ],
        }

    def plan(self, *, user, data, target):
        work_order = target.work_order
        refuse_if_closed(work_order)
        plan = Plan(rows=[work_order])
        plan.change("note", "work_order", None, work_order.number)
        plan.change("note", "note_type", None, data["note_type"])
        plan.change("note", "note_text", None, data["note_text"])
        plan.side_effects.append("Notes cannot be edited or deleted once added.")
        return plan

    def apply(self, *, user, data, target, plan):
        note = WorkOrderNote.objects.create(
            vessel=target.vessel,
            work_order=target.work_order,
            note_text=data["note_text"],
            note_type=data["note_type"],
            created_by=user,
        )
        return {
            "id": str(note.pk),
            "note": {
                "id": str(note.pk),
                "work_order_id": str(note.work_order_id),
                "note_type": note.note_type,
                "note_text": note.note_text,
                "created_by": user.printed_name,
                "created_at": note.created_at.isoformat(),
            },
            "work_order": work_order_summary(target.work_order),
        }

    def message(self, result):
        return f"Note added to {result['work_order']['number']}."
