"""The `parts_used` input of a completion: a JSON list in the API, one input per line in HTML."""

from django import forms

from inventory.models import Part
from pms.actions.forms import QuantityField, is_uuid

LINES_MARKER = "lines"


def _lines(value) -> list[dict]:
    return [item for item in value if isinstance(item, dict)] if isinstance(value, list) else []


class PartsUsedWidget(forms.Widget):
    """A quantity input per part, named `<name>.<part_id>`; 0 or empty leaves the part out."""

    template_name = "workorders/widgets/parts_used.html"
    vessel = None

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        lines = _lines(value)
        labels = {}
        if self.vessel is not None and lines:
            ids = [item.get("part_id") for item in lines]
            parts = Part.objects.filter(vessel=self.vessel, pk__in=[i for i in ids if is_uuid(i)])
            labels = {str(p.pk): p for p in parts}
        context["widget"].update(
            given=isinstance(value, list),
            marker=LINES_MARKER,
            lines=[
                {
                    "part_id": item.get("part_id"),
                    "quantity_used": item.get("quantity_used"),
                    "part": labels.get(str(item.get("part_id"))),
                }
                for item in lines
            ],
        )
        return context


class PartsUsedHiddenWidget(PartsUsedWidget):
    template_name = "workorders/widgets/parts_used_hidden.html"
    input_type = "hidden"


class PartsUsedField(forms.Field):
    """[{part_id, quantity_used > 0}, …]; None (not given) means the work order's parts list."""

    widget = PartsUsedWidget
    hidden_widget = PartsUsedHiddenWidget
    MAX_LINES = 200
    default_error_messages = {
        "invalid": "Give parts_used as a list of {part_id, quantity_used}.",
        "too_many": f"At most {MAX_LINES} parts.",
        "twice": "Part %(part_id)s is listed twice.",
    }

    def to_python(self, value):
        if value in (None, ""):
            return None
        if not isinstance(value, list):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        if len(value) > self.MAX_LINES:
            raise forms.ValidationError(self.error_messages["too_many"], code="too_many")
        quantity = QuantityField()
        lines, seen = [], set()
        for item in value:
            if (
                not isinstance(item, dict)
                or set(item) != {"part_id", "quantity_used"}
                or not isinstance(item["part_id"], str)
                or len(item["part_id"]) > 64
            ):
                raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
            if item["part_id"] in seen:
                raise forms.ValidationError(self.error_messages["twice"], code="twice", params=item)
            seen.add(item["part_id"])
            lines.append({"part_id": item["part_id"], "quantity_used": quantity.clean(item["quantity_used"])})
        return lines

    @staticmethod
    def payload_from_post(post, name: str) -> dict:
        """The list back from the per-line inputs of a submitted HTML form."""
        if post.get(name) != LINES_MARKER:
            return {}
        prefix = f"{name}."
        lines = [
            {"part_id": key.removeprefix(prefix), "quantity_used": post.get(key).strip()}
            for key in post
            if key.startswith(prefix)
        ]
        return {name: [line for line in lines if line["quantity_used"] not in ("", "0")]}
