import datetime
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.db.models import Q

# A picker lists at most this many rows; past it, a search box narrows the list as you type.
PICKER_LIMIT = 100


@dataclass(frozen=True)
class Picker:
    """The choice of one of a vessel's rows for an id field of the HTML form.

    Bounded at any fleet size: the first PICKER_LIMIT rows (plus the chosen one), and a
    search over `search` fields when there are more. Validation stays in the action's resolve.
    """

    rows: Callable  # vessel -> ordered queryset
    label: Callable  # row -> str
    search: tuple[str, ...]
    blank: str = "Choose…"

    def choices(self, vessel, *, selected="", query="") -> tuple[list, bool]:
        rows = self.rows(vessel)
        if query:
            condition = Q()
            for name in self.search:
                condition |= Q(**{f"{name}__icontains": query})
            rows = rows.filter(condition)
        found = list(rows[: PICKER_LIMIT + 1])
        more = len(found) > PICKER_LIMIT
        found = found[:PICKER_LIMIT]
        if selected and is_uuid(selected) and all(str(r.pk) != str(selected) for r in found):
            found[:0] = list(self.rows(vessel).filter(pk=selected))
        return [("", self.blank)] + [(str(r.pk), self.label(r)) for r in found], more


def is_uuid(value) -> bool:
    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True


class PickerSelect(forms.Select):
    """A select of a Picker's rows, with a search box when the vessel has more of them.

    The rows are read when the widget is drawn, not when the form is built: a posted step
    that shows no form (a preview, a result) runs no picker query.
    """

    template_name = "actions/widgets/picker.html"

    def __init__(self, *, picker: Picker, vessel, selected: str, field_name: str):
        super().__init__()
        self.picker, self.vessel, self.selected, self.field_name = picker, vessel, selected, field_name

    def get_context(self, name, value, attrs):
        self.choices, searchable = self.picker.choices(self.vessel, selected=self.selected or value or "")
        context = super().get_context(name, value, attrs)
        context["widget"].update(searchable=searchable, field_name=self.field_name, vessel_id=str(self.vessel.pk))
        return context


class ActionForm(forms.Form):
    """Input of an action: the one validation for the HTML flow and the JSON API.

    `json_fields` may hold lists or objects in a JSON payload; every other field takes a
    single value. `pickers` turn id fields into bounded, searchable selects in the HTML form.
    """

    json_fields: tuple[str, ...] = ()
    pickers: dict[str, Picker] = {}

    def __init__(self, *args, vessel=None, **kwargs):
        super().__init__(*args, **kwargs)
        if vessel is not None:
            self.setup_for_vessel(vessel)

    def setup_for_vessel(self, vessel) -> None:
        """Offer the vessel's objects as choices in the HTML form (validation stays in resolve).

        `vessel` is the vessel of the record being worked on, which may not be the one chosen
        in the header: a part for an AURORA work order is picked from AURORA's parts.
        """
        for name, picker in self.pickers.items():
            selected = self.data.get(name) or self.initial.get(name) or ""
            self.fields[name].widget = PickerSelect(picker=picker, vessel=vessel, selected=selected, field_name=name)
        for field in self.fields.values():
            if isinstance(field.widget, UploadWidget):
                field.widget.vessel_code = vessel.code  # staged on the record's vessel

    @classmethod
    def payload_from_post(cls, post) -> dict:
        """The JSON-shaped payload of a submitted HTML form."""
        return {name: post.get(name) for name in cls.base_fields if name in post}


class QuantityField(forms.IntegerField):
    """A whole quantity; any bad value is INVALID_QUANTITY (the contract's own code)."""

    MAX = 1_000_000

    def __init__(self, *, min_value=1, **kwargs):
        super().__init__(min_value=min_value, max_value=self.MAX, **kwargs)
        self.widget.attrs.setdefault("inputmode", "numeric")

    def clean(self, value):
        if isinstance(value, bool) or isinstance(value, float) and not value.is_integer():
            raise forms.ValidationError("Enter a whole number.", code="INVALID_QUANTITY")
        try:
            return super().clean(value)
        except forms.ValidationError as error:
            if any(e.code == "required" for e in error.error_list):
                raise
            bound = "0 or more" if self.min_value == 0 else f"at least {self.min_value}"
            raise forms.ValidationError(
                f"Enter a whole number, {bound} and at most {self.MAX:,}.", code="INVALID_QUANTITY"
            ) from None


def id_field(label: str, **kwargs) -> forms.CharField:
    """An object id. Existence (and vessel) is checked by the action's resolve step."""
    return forms.CharField(label=label, max_length=64, **kwargs)


class DayField(forms.DateField):
    """A calendar day as YYYY-MM-DD; any other shape (a number, a list) is a validation error, not a crash."""

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", forms.DateInput(attrs={"type": "date"}))
        super().__init__(**kwargs)

    def to_python(self, value):
        if value not in self.empty_values and not isinstance(value, str | datetime.date):
            raise forms.ValidationError("Enter a date as YYYY-MM-DD.", code="invalid")
        return super().to_python(value)


class UploadWidget(forms.Widget):
    """A file input that stages its file (static/js/upload.js) and submits the upload's id."""

    template_name = "actions/widgets/upload.html"

    def __init__(self, *, purpose: str, attrs=None):
        super().__init__(attrs)
        self.purpose = purpose
        self.vessel_code = ""

    def get_context(self, name, value, attrs):
        from django.urls import reverse

        from pms.uploads import human_size, purpose_named

        purpose = purpose_named(self.purpose)
        context = super().get_context(name, value, attrs)
        context["widget"].update(
            purpose=purpose.name,
            accept=purpose.accept,
            capture=purpose.capture,
            max_size=human_size(purpose.max_bytes),
            upload_url=reverse("upload"),
            vessel_code=self.vessel_code,
            label=self.attrs.get("aria-label", "File"),
        )
        return context


class UploadField(forms.CharField):
    """The id of a staged upload (pms.uploads) for `purpose`; the action `take`s it in resolve or plan.

    In the HTML form it is a file input sending the file ahead of the form; in the JSON API the
    client posts the file to /api/v1/uploads and sends the id it got back.
    """

    def __init__(self, *, purpose: str, **kwargs):
        kwargs.setdefault("label", "File")
        super().__init__(max_length=64, widget=UploadWidget(purpose=purpose), **kwargs)
        self.purpose = purpose

    def clean(self, value):
        value = super().clean(value)
        if value and not is_uuid(value):
            raise forms.ValidationError("Send the file again: this is not an upload id.", code="invalid")
        return value
