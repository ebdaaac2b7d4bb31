"""add_note_to_work_order: an append-only note on an open work order."""

from django import forms

from pms.actions.base import Action, Plan, Ref, register
from pms.actions.forms import ActionForm, id_field
from pms.roles import ANY_MEMBER
from workorders.actions.common import WorkOrderTarget, refuse_if_closed, work_order_summary
from workorders.models import (
    NoteType,
    WorkOrderNote,
)
from workorders.serializers import note_dict


class AddNoteForm(ActionForm):
    work_order_id = id_field("Work order", widget=forms.HiddenInput)
    note_text = forms.CharField(label="Note", min_length=1, max_length=5000, widget=forms.Textarea(attrs={"rows": 5}))
    note_type = forms.ChoiceField(choices=NoteType.choices, required=False, initial=NoteType.GENERAL)

    def clean_note_type(self):
        return self.cleaned_data["note_type"] or NoteType.GENERAL


@register
class AddNoteToWorkOrder(WorkOrderTarget, Action):
    name = "add_note_to_work_order"
    roles = ANY_MEMBER
    example_payload = {
        "work_order_id": Ref("workorders.workorder"),
        "note_text": "Seal checked.",
        "note_type": "general",
    }
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
            "recent_notes": [note_dict(n) for n in recent],
        }

    def plan(self, *, user, data, target):
        work_order = target.work_order
        refuse_if_closed(work_order)
        plan = Plan(rows=[work_order])
        plan.change("note", "work_order", None, work_order.number, model=WorkOrderNote)
        plan.change("note", "note_type", None, data["note_type"], model=WorkOrderNote)
        plan.change("note", "note_text", None, data["note_text"], model=WorkOrderNote)
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
            "note": note_dict(note),
            "work_order": work_order_summary(target.work_order),
        }

    def message(self, result):
        return f"Note added to {result['work_order']['number']}."
