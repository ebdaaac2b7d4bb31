"""add_to_handover: a record, or a note, on the board for the next watch."""

from django import forms
from django.core.exceptions import ValidationError

from handover.actions.common import (
    ENTITY_QUERYSETS,
    SUMMARY_MAX,
    entity_dict,
    invalid_entity_type_message,
    item_dict,
    suggested_category,
    suggested_priority,
    suggested_summary,
)
from handover.models import EntityType, HandoverCategory, HandoverItem
from handover.selectors import open_duplicate
from pms.actions.base import Action, ActionError, Plan, Ref, Target, field_error, find, register
from pms.actions.forms import ActionForm
from pms.roles import ANY_MEMBER
from workorders.models import Priority


class AddToHandoverForm(ActionForm):
    entity_type = forms.CharField(max_length=30, required=False, widget=forms.HiddenInput)
    entity_id = forms.CharField(max_length=64, required=False, widget=forms.HiddenInput)
    summary_text = forms.CharField(
        label="Summary for the next watch",
        min_length=10,
        max_length=SUMMARY_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    category = forms.ChoiceField(
        choices=[("", "Suggested for the record")] + HandoverCategory.choices,
        required=False,
        help_text="Left empty: chosen from the kind of record.",
    )
    priority = forms.ChoiceField(
        choices=[("", "Suggested for the record")] + Priority.choices,
        required=False,
        help_text="Left empty: raised for a critical fault or a part short of stock.",
    )
    override_duplicate = forms.BooleanField(
        label="Add anyway, although an open item about this record is on the board", required=False
    )

    def clean_entity_type(self):
        entity_type = self.cleaned_data["entity_type"]
        if entity_type and entity_type not in EntityType.values:
            raise field_error("INVALID_ENTITY_TYPE", invalid_entity_type_message())
        return entity_type

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("entity_id") and not cleaned.get("entity_type") and "entity_type" not in self.errors:
            self.add_error("entity_type", field_error("INVALID_ENTITY_TYPE", invalid_entity_type_message()))
        elif cleaned.get("entity_type") and not cleaned.get("entity_id"):
            self.add_error("entity_id", ValidationError("Give the id of the record.", code="required"))
        return cleaned


@register
class AddToHandover(Action):
    name = "add_to_handover"
    roles = ANY_MEMBER
    example_payload = {
        "entity_type": "fault",
        "entity_id": Ref("equipment.fault"),
        "summary_text": "Keep an eye on the pump seal.",
        "category": "general",
        "priority": "normal",
        "override_duplicate": True,
    }
    label = "Add to handover"
    description = "Put a record, or a note, on the handover board for the next watch."
    form_class = AddToHandoverForm
    template_name = "handover/actions/add_to_handover.html"

    def resolve(self, *, user, data, vessel):
        entity_type = data.get("entity_type") or ""
        entity_id = data.get("entity_id") or ""
        if not entity_type and not entity_id:
            return Target(vessel=vessel)
        if entity_type not in EntityType.values:
            raise ActionError("INVALID_ENTITY_TYPE", invalid_entity_type_message(), field="entity_type")
        entity = find(
            ENTITY_QUERYSETS[entity_type],
            user=user,
            pk=entity_id,
            code="ENTITY_NOT_FOUND",
            field="entity_id",
            label=EntityType(entity_type).label,
        )
        return Target(vessel=entity.vessel, objects={"entity_type": entity_type, "entity": entity})

    def prefill(self, *, user, target, params):
        entity_type = target.objects.get("entity_type", "")
        entity = target.objects.get("entity")
        duplicate = entity and open_duplicate(vessel=target.vessel, entity_type=entity_type, entity_id=entity.pk)
        return {
            "entity_type": entity_type,
            "entity_id": str(entity.pk) if entity else "",
            "summary_text": suggested_summary(entity_type, entity),
            "category": suggested_category(entity_type),
            "priority": suggested_priority(entity_type, entity) if entity else Priority.NORMAL,
            "override_duplicate": False,
            "entity": entity_dict(entity_type, entity) if entity else None,
            "duplicate_check": {
                "has_duplicate": bool(duplicate),
                "existing_item": item_dict(duplicate) if duplicate else None,
            },
        }

    def lock(self, *, user, data, target):
        # Locking the record serialises concurrent adds about it, so the duplicate check holds.
        entity = target.objects.get("entity")
        if entity is not None:
            list(type(entity).objects.select_for_update().filter(pk=entity.pk).values_list("pk", flat=True))
        return target

    def plan(self, *, user, data, target):
        entity_type = target.objects.get("entity_type", "")
        entity = target.objects.get("entity")
        duplicate = entity and open_duplicate(vessel=target.vessel, entity_type=entity_type, entity_id=entity.pk)
        if duplicate and not data["override_duplicate"]:
            raise ActionError(
                "DUPLICATE_ENTRY",
                f"An open handover item about this {EntityType(entity_type).label.lower()} is already on the board.",
                field="entity_id",
                details={"existing_item": item_dict(duplicate)},
            )
        plan = Plan()
        if entity is not None:
            plan.change("handover item", "entity", None, f"{EntityType(entity_type).label}: {entity}")
        plan.change("handover item", "category", None, self.category(data, target))
        plan.change("handover item", "priority", None, self.priority(data, target))
        plan.change("handover item", "summary_text", None, data["summary_text"])
        plan.side_effects.append(f"Shown on the {target.vessel.name} handover board until someone acknowledges it.")
        if duplicate:
            added_by = duplicate.added_by.printed_name if duplicate.added_by else "someone"
            plan.warn(
                "DUPLICATE_OVERRIDDEN",
                f"{added_by} already put this on the board ({duplicate.created_at:%Y-%m-%d %H:%M} UTC); "
                "this adds a second item.",
            )
        return plan

    @staticmethod
    def category(data, target) -> str:
        return data["category"] or suggested_category(target.objects.get("entity_type", ""))

    @staticmethod
    def priority(data, target) -> str:
        entity = target.objects.get("entity")
        if data["priority"]:
            return data["priority"]
        return suggested_priority(target.objects["entity_type"], entity) if entity else Priority.NORMAL

    def apply(self, *, user, data, target, plan):
        entity = target.objects.get("entity")
        item = HandoverItem.objects.create(
            vessel=target.vessel,
            entity_type=target.objects.get("entity_type", ""),
            entity_id=entity.pk if entity else None,
            summary_text=data["summary_text"],
            category=self.category(data, target),
            priority=self.priority(data, target),
            added_by=user,
        )
        return {"id": str(item.pk), "item": item_dict(item)}

    def message(self, result):
        return f"Added to the handover: {result['item']['summary_text'][:80]}"
