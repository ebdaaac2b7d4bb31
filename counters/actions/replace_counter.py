"""replace_counter: a worn meter swapped for a new one, signed by a head of department.

The old meter's final reading is recorded, then the new meter's start at the same time, and
the counter's offset moves so the total carries on: total = meter + offset. Readings after
it are entered as the new meter shows them, and the rules apply to the total.
"""

from datetime import timedelta

from django import forms
from django.utils import timezone

from counters import rules
from counters.actions.common import (
    CounterForm,
    CounterTarget,
    HoursField,
    MomentField,
    clean_moment,
    hours,
    minute,
    when,
)
from counters.selectors import effective_rate, latest_point, measured_rate
from counters.serializers import counter_dict, reading_dict
from counters.services import replace_meter
from pms.actions.base import Action, Plan, Ref, register
from pms.roles import HOD_ROLES


class ReplaceCounterForm(CounterForm):
    replaced_at = MomentField(label="Replaced at (UTC)")
    old_meter_final = HoursField(
        label="Old meter's final reading (h)",
        help_text="What the old meter showed as it came off: not below its last reading.",
    )
    new_meter_start = HoursField(
        label="New meter's start (h)",
        help_text="What the new meter shows as fitted, usually 0. Readings after this are entered as it shows them.",
    )
    notes = forms.CharField(
        max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2}), help_text="Why it was replaced."
    )

    def clean_replaced_at(self):
        return clean_moment(self, "replaced_at")


@register
class ReplaceCounter(CounterTarget, Action):
    name = "replace_counter"
    roles = HOD_ROLES
    example_payload = {
        "counter_id": Ref("counters.counter"),
        "replaced_at": lambda row_of: (timezone.now() - timedelta(minutes=1)).isoformat(),
        "old_meter_final": lambda row_of: row_of("counters.counter").meter_value or 0,
        "new_meter_start": 0,
        "notes": "",
    }
    label = "Replace meter"
    description = "Record a meter replacement; the counter's total carries on through an offset."
    form_class = ReplaceCounterForm
    template_name = "counters/actions/replace_counter.html"
    requires_signature = True
    signature_meaning = "I confirm the meter was replaced with these readings"
    signed_object_type = "counters.counter"
    signed_fields = ("offset", "meter_replaced_at")

    def prefill(self, *, user, target, params):
        counter = target.objects.get("counter")
        if counter is None:
            return {}
        return {
            "counter_id": str(counter.pk),
            "counter": counter_dict(counter),
            "replaced_at": minute(timezone.now()),
            "new_meter_start": 0,
        }

    def plan(self, *, user, data, target):
        counter = target.counter
        replaced_at, old_final, new_start = data["replaced_at"], data["old_meter_final"], data["new_meter_start"]
        latest = latest_point(counter)
        rules.check_replacement(
            replaced_at=replaced_at, old_meter_final=old_final, latest=latest, offset=counter.offset, now=timezone.now()
        )
        total = old_final + counter.offset
        new_offset = total - new_start
        rate = measured_rate(counter=counter, latest=rules.Point(replaced_at, total, new_start))
        unit, entity = counter.unit, f"counter {counter}"
        plan = Plan(rows=[counter])
        plan.change(entity, "meter_value", counter.meter_value, new_start)
        plan.change(entity, "value", counter.value, total)
        plan.change(entity, "offset", counter.offset, new_offset)
        plan.change(entity, "last_read_at", when(counter.last_read_at), when(replaced_at))
        plan.change(entity, "meter_replaced_at", when(counter.meter_replaced_at), when(replaced_at))
        plan.change(entity, "daily_rate", float(counter.daily_rate), float(effective_rate(counter, rate)))
        plan.side_effects.append(
            f"Two ledger rows at {when(replaced_at)}: the old meter's final reading, {hours(old_final, unit)} "
            f"({hours(total, unit)} in total), and the new meter's start, {hours(new_start, unit)}."
        )
        plan.side_effects.append(
            f"Readings from now on are entered as the new meter shows them; the total is the meter "
            f"{'+' if new_offset >= 0 else '−'} {hours(abs(new_offset), unit)}."
        )
        if new_offset < 0:
            plan.warn("NEW_METER_AHEAD", f"The new meter starts above the counter's total of {hours(total, unit)}.")
        return plan

    def apply(self, *, user, data, target, plan):
        counter = target.counter
        final, start = replace_meter(
            counter=counter,
            replaced_at=data["replaced_at"],
            old_meter_final=data["old_meter_final"],
            new_meter_start=data["new_meter_start"],
            recorded_by=user,
            notes=data["notes"],
        )
        return {
            "id": str(counter.pk),
            "counter": counter_dict(counter),
            "readings": [reading_dict(final), reading_dict(start)],
        }

    def message(self, result):
        counter, unit = result["counter"], result["counter"]["unit"]
        return (
            f"Meter of {counter['equipment']['code']} replaced: the total stays {counter['value']:,} {unit}, "
            f"the new meter starts at {counter['meter_value']:,} {unit}."
        )
