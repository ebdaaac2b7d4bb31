"""What the counter actions share: finding and locking the counter, its form fields, the preview's words."""

import datetime
from datetime import UTC

from django import forms
from django.utils import timezone

from counters import rules
from counters.selectors import counter_for_update, counter_picker, find_counter
from pms.actions.base import ActionError, Target
from pms.actions.forms import ActionForm, id_field


class CounterTarget:
    """Resolve and lock the counter named by `counter_id`.

    Without one (an empty form opened from a menu) the target is the current vessel; preview
    and execute always have one, the form requires it.
    """

    def resolve(self, *, user, data, vessel):
        if not data.get("counter_id"):
            return Target(vessel=vessel)
        counter = find_counter(user=user, pk=data["counter_id"])
        return Target(vessel=counter.vessel, objects={"counter": counter})

    def lock(self, *, user, data, target):
        return Target(
            vessel=target.vessel, objects={**target.objects, "counter": counter_for_update(target.counter.pk)}
        )


class HoursField(forms.IntegerField):
    """Whole hours as a meter shows them: 0 to 9,999,999; no fractions, no true/false."""

    def __init__(self, **kwargs):
        super().__init__(min_value=0, max_value=rules.MAX_METER_HOURS, **kwargs)
        self.widget.attrs.update(inputmode="numeric", autocomplete="off")

    def clean(self, value):
        if isinstance(value, bool) or isinstance(value, float) and not value.is_integer():
            raise forms.ValidationError("Enter whole hours.", code="invalid")
        return super().clean(value)


class MomentInput(forms.DateTimeInput):
    """A date and time picker on the tablet (UTC, to the minute)."""

    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")


class MomentField(forms.DateTimeField):
    """A date and time (ISO 8601; UTC unless it says otherwise). A JSON number or the like is refused,
    not parsed: Django's own field would fail on anything but a string."""

    widget = MomentInput

    def to_python(self, value):
        if value not in self.empty_values and not isinstance(value, str | datetime.datetime):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return super().to_python(value)


class CounterForm(ActionForm):
    """A form about one counter: offers the vessel's counters to choose from in the HTML flow."""

    counter_id = id_field("Counter")

    pickers = {"counter_id": counter_picker()}


def clean_moment(form, name):
    """A given time passes the counter's clock rule, shown beside its field in the HTML form."""
    moment = form.cleaned_data.get(name)
    if moment is not None:
        try:
            rules.check_read_at(moment, now=timezone.now(), field=name)
        except ActionError as error:
            raise forms.ValidationError(error.message.removeprefix(f"{name}: ")) from None
    return moment


def minute(moment) -> str:
    """A time as the datetime-local input takes it (UTC, to the minute)."""
    return f"{moment.astimezone(UTC):%Y-%m-%dT%H:%M}"


def when(moment) -> str | None:
    return None if moment is None else f"{moment.astimezone(UTC):%Y-%m-%d %H:%M} UTC"


def hours(value, unit="h") -> str | None:
    return None if value is None else f"{value:,} {unit}"
