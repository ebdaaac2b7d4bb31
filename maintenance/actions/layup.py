"""set_vessel_layup: calendar-only jobs pause and move by the lay-up's length; hour-counted jobs stay live."""

from django import forms
from django.utils import timezone

from maintenance.models import Layup
from maintenance.services import end_layup, layup_days_between, start_layup
from pms.actions.base import Action, ActionError, Plan, Target, register
from pms.actions.forms import ActionForm, DayField
from pms.roles import Role


class LayupForm(ActionForm):
    start = DayField()
    end = DayField(help_text="Or, during a lay-up, the day it ends.")
    reason = forms.CharField(min_length=10, max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["end"] < data["start"]:
            self.add_error("end", forms.ValidationError("The lay-up ends on or after its start.", code="invalid"))
        return data


@register
class SetVesselLayup(Action):
    name = "set_vessel_layup"
    roles = frozenset({Role.CAPTAIN, Role.MANAGER})
    example_payload = {"start": "2026-01-05", "end": "2026-02-05", "reason": "Winter yard period in Palma."}
    label = "Set lay-up"
    form_class = LayupForm
    template_name = "maintenance/actions/set_vessel_layup.html"
    requires_signature = True
    signature_meaning = "I confirm the vessel's lay-up period"
    signed_object_type = "maintenance.layup"
    signed_fields = ("start", "end", "ended_on", "reason")

    def resolve(self, *, user, data, vessel):
        if vessel is None:
            raise ActionError("FORBIDDEN", "Choose a vessel first.")
        return Target(vessel=vessel, objects={"layup": self._open(vessel)})

    @staticmethod
    def _open(vessel):
        return Layup.objects.filter(vessel=vessel, ended_on__isnull=True).order_by("-start").first()

    def lock(self, *, user, data, target):
        layup = target.layup
        if layup is not None:
            layup = Layup.objects.select_for_update().get(pk=layup.pk)
        return Target(vessel=target.vessel, objects={"layup": layup})

    def prefill(self, *, user, target, params):
        layup = target.layup
        if layup is None:
            return {"layup": None}
        return {
            "start": str(layup.start),
            "end": str(layup.end),
            "layup": {"start": str(layup.start), "end": str(layup.end)},
        }

    @staticmethod
    def _running(layup, data, today) -> bool:
        """The input is about the lay-up running now (same start): it ends it, or moves its end."""
        return layup is not None and layup.active_on(today) and data["start"] == layup.start

    def plan(self, *, user, data, target):
        layup, today = target.layup, timezone.localdate()
        if self._running(layup, data, today):
            plan = Plan(rows=[layup])
            if data["end"] <= today:
                days = layup_days_between(layup.start, data["end"])
                plan.change("lay-up", "ended_on", None, str(data["end"]))
                plan.side_effects.append(f"Calendar-only jobs move {days} days later; hour-counted jobs are unchanged.")
            else:
                plan.change("lay-up", "end", str(layup.end), str(data["end"]))
            return plan
        plan = Plan(rows=[])
        plan.change(f"vessel {target.vessel.code}", "lay-up", None, f"{data['start']} – {data['end']}")
        plan.side_effects.append(
            "During the lay-up calendar-only jobs generate no work orders; when it ends their due dates move by its "
            "length. Jobs counted in running hours stay live."
        )
        return plan

    def apply(self, *, user, data, target, plan):
        layup, today = target.layup, timezone.localdate()
        if self._running(layup, data, today):
            if data["end"] <= today:
                end_layup(layup=layup, on=data["end"])
            else:
                layup.end = data["end"]
                layup.save(update_fields=["end"])
        else:
            layup = start_layup(
                vessel=target.vessel, start=data["start"], end=data["end"], reason=data["reason"], by=user
            )
        return {
            "id": str(layup.pk),
            "layup": {
                "id": str(layup.pk),
                "start": str(layup.start),
                "end": str(layup.end),
                "ended_on": str(layup.ended_on or ""),
            },
        }

    def message(self, result):
        layup = result["layup"]
        return (
            f"Lay-up ended on {layup['ended_on']}."
            if layup["ended_on"]
            else f"Lay-up {layup['start']} – {layup['end']} set."
        )
