"""acknowledge_handover_item: one item, or every open item of the vessel, taken over by the reader."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from handover.actions.common import (
    item_dict,
)
from handover.models import HandoverItem
from handover.selectors import open_items
from pms.actions.base import Action, ActionError, Plan, Ref, Target, find, register
from pms.actions.forms import ActionForm, id_field
from pms.roles import ANY_MEMBER


def _truthy(value) -> bool:
    """A boolean from validated data or from a raw prefill parameter."""
    return value is True or str(value).lower() in ("true", "1", "on", "yes")


class AcknowledgeHandoverForm(ActionForm):
    item_id = id_field("Handover item", required=False, widget=forms.HiddenInput)
    all = forms.BooleanField(label="All open items of this vessel", required=False)

    def clean(self):
        cleaned = super().clean()
        if bool(cleaned.get("item_id")) == bool(cleaned.get("all")):
            raise ValidationError("Give either item_id or all: true.", code="invalid")
        return cleaned


@register
class AcknowledgeHandoverItem(Action):
    name = "acknowledge_handover_item"
    roles = ANY_MEMBER
    example_payload = {"item_id": Ref("handover.handoveritem"), "all": False}
    label = "Acknowledge handover"
    description = "Confirm that you have read a handover item (or all open items) and taken it over."
    form_class = AcknowledgeHandoverForm
    template_name = "handover/actions/acknowledge_handover_item.html"

    def resolve(self, *, user, data, vessel):
        if _truthy(data.get("all")) and not data.get("item_id"):
            if vessel is None:
                return Target(vessel=None)
            return Target(vessel=vessel, objects={"items": list(open_items(vessel=vessel).select_related("vessel"))})
        item = find(
            HandoverItem.objects.select_related("vessel", "added_by", "acknowledged_by"),
            user=user,
            pk=data.get("item_id"),
            code="HANDOVER_ITEM_NOT_FOUND",
            field="item_id",
            label="Handover item",
        )
        return Target(vessel=item.vessel, objects={"items": [item]})

    def prefill(self, *, user, target, params):
        items = target.items
        return {
            "item_id": str(items[0].pk) if len(items) == 1 and not _truthy(params.get("all")) else "",
            "all": _truthy(params.get("all")),
            "items": [item_dict(item) for item in items],
        }

    def lock(self, *, user, data, target):
        locked = HandoverItem.objects.select_for_update(of=("self",)).select_related(
            "vessel", "added_by", "acknowledged_by"
        )
        if data["all"]:
            locked = locked.filter(vessel=target.vessel, acknowledged_at__isnull=True)
        else:
            locked = locked.filter(pk=target.items[0].pk)
        return Target(vessel=target.vessel, objects={"items": list(locked.order_by("pk"))})

    def plan(self, *, user, data, target):
        items = sorted(target.items, key=lambda item: str(item.pk))
        if not items:
            raise ActionError("ALREADY_ACKNOWLEDGED", "There are no open handover items to acknowledge.")
        done = next((item for item in items if item.acknowledged_at), None)
        if done is not None:
            by = done.acknowledged_by.printed_name if done.acknowledged_by else "someone"
            raise ActionError(
                "ALREADY_ACKNOWLEDGED",
                f"{by} already acknowledged this item ({done.acknowledged_at:%Y-%m-%d %H:%M} UTC).",
                field="item_id",
                details={"item": item_dict(done)},
            )
        plan = Plan(rows=items)
        for item in items:
            plan.change(f"handover item “{item.summary_text[:50]}”", "acknowledged_by", None, user.printed_name)
        plan.side_effects.append(
            f"{len(items)} item(s) leave the board for the handover history, acknowledged by you now."
        )
        return plan

    def apply(self, *, user, data, target, plan):
        now = timezone.now()
        items = sorted(target.items, key=lambda item: str(item.pk))
        for item in items:
            item.acknowledged_by = user
            item.acknowledged_at = now
            item.save(update_fields=["acknowledged_by", "acknowledged_at"])
        return {
            "id": str(items[0].pk) if len(items) == 1 else "",
            "acknowledged_count": len(items),
            "items": [item_dict(item) for item in items],
        }

    def message(self, result):
        count = result["acknowledged_count"]
        return "Handover item acknowledged." if count == 1 else f"{count} handover items acknowledged."
