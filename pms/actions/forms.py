from django import forms


class ActionForm(forms.Form):
    """Input of an action: the one validation for the HTML flow and the JSON API.

    `json_fields` may hold lists or objects in a JSON payload; every other field takes a
    single value.
    """

    json_fields: tuple[str, ...] = ()

    def __init__(self, *args, vessel=None, **kwargs):
        super().__init__(*args, **kwargs)
        if vessel is not None:
            self.setup_for_vessel(vessel)

    def setup_for_vessel(self, vessel) -> None:
        """Offer the vessel's objects as choices in the HTML form (validation stays in resolve)."""

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
