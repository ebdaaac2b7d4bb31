"""record_counter_reading: what a counter's meter shows now (or showed at a time), checked by the counter rules.

The `reading` of the payload is the meter's own number; the ledger stores it with the total
(meter + the counter's offset, which `replace_counter` sets), and the rules compare totals.
"""

from django import forms
from django.utils import timezone

from counters import rules
from counters.actions.common import CounterForm, CounterTarget, HoursField, MomentField, clean_moment, hours, when
from counters.hooks import due_consequences_of
from counters.selectors import assess_reading, effective_rate
from counters.serializers import counter_dict, reading_dict
from counters.services import record_reading
from pms.actions.base import Action, Plan, Ref, register
from pms.roles import ENGINEER_GRADE_ROLES
from pms.serializers import name_of


class RecordCounterReadingForm(CounterForm):
    reading = HoursField(
        label="Meter reading (h)",
        help_text="The number the meter shows, in whole hours. After a meter replacement, the new meter's "
        "number: the counter adds its offset to make the total.",
    )
    read_at = MomentField(
        required=False,
        label="Read at (UTC)",
        help_text="Leave empty for now. An earlier time records a back-dated reading.",
    )
    notes = forms.CharField(max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def clean_read_at(self):
        return clean_moment(self, "read_at")


@register
class RecordCounterReading(CounterTarget, Action):
    name = "record_counter_reading"
    roles = ENGINEER_GRADE_ROLES
    example_payload = {
        "counter_id": Ref("counters.counter"),
        "reading": lambda row_of: (row_of("counters.counter").meter_value or 0) + 1,
        "read_at": "",
        "notes": "",
    }
    label = "Record hours"
    description = "Record the running hours a counter's meter shows."
    form_class = RecordCounterReadingForm
    template_name = "counters/actions/record_counter_reading.html"

    def prefill(self, *, user, target, params):
        counter = target.objects.get("counter")
        if counter is None:
            return {}
        now = timezone.now()
        expected = rules.expected_total(
            value=counter.value, last_read_at=counter.last_read_at, daily_rate=counter.daily_rate, now=now
        )
        return {
            "counter_id": str(counter.pk),
            "counter": counter_dict(counter, now=now),
            # A hint against a mistyped number, never filled in for the person: they read the meter.
            "expected_meter_value": None if expected is None else expected - counter.offset,
        }

    def plan(self, *, user, data, target):
        counter = target.counter
        read_at = data["read_at"]
        assessment = assess_reading(counter=counter, meter_reading=data["reading"], read_at=read_at, now=timezone.now())
        total, unit = assessment.total, counter.unit
        # Without a given time the reading is taken at confirm: "now", so the preview's hash holds until then.
        moment = when(read_at) if read_at else "now"
        entity = f"counter {counter}"
        plan = Plan(rows=[counter])
        if assessment.becomes_latest:
            plan.change(entity, "value", counter.value, total)
            plan.change(entity, "meter_value", counter.meter_value, assessment.meter_reading)
            plan.change(entity, "last_read_at", when(counter.last_read_at), moment)
            plan.change(entity, "last_read_by", name_of(counter.last_read_by), user.printed_name)
        else:
            plan.change(f"{entity} reading at {moment}", "reading", None, total)
            plan.warn(
                "BACK_DATED",
                f"Back-dated: the latest reading is {hours(counter.value, unit)} at {when(counter.last_read_at)}, "
                "so the counter stays there and this one goes into its history.",
            )
        plan.change(
            entity, "daily_rate", float(counter.daily_rate), float(effective_rate(counter, assessment.rate_after))
        )
        offset = f" + offset {counter.offset:,} {unit}" if total != assessment.meter_reading else ""
        plan.side_effects.append(
            f"A reading of {hours(assessment.meter_reading, unit)} on the meter{offset} = "
            f"{hours(total, unit)} in total goes into the counter's ledger."
        )
        plan.side_effects.extend(due_consequences_of(counter=counter, hours=total, read_at=assessment.read_at))
        before = assessment.before
        if before is not None and total == before.reading and assessment.becomes_latest:
            plan.warn("NO_HOURS", f"Same as the last reading ({hours(total, unit)}): no running hours since.")
        return plan

    def apply(self, *, user, data, target, plan):
        counter = target.counter
        reading = record_reading(
            counter=counter,
            meter_reading=data["reading"],
            read_at=data["read_at"],
            recorded_by=user,
            notes=data["notes"],
        )
        return {"id": str(counter.pk), "counter": counter_dict(counter), "reading": reading_dict(reading)}

    def message(self, result):
        counter, reading = result["counter"], result["reading"]
        return (
            f"{counter['equipment']['code']} {counter['name']}: {reading['meter_reading']:,} {counter['unit']} "
            f"on the meter recorded ({reading['reading']:,} {counter['unit']} in total)."
        )
