"""Template filters for every page (a builtin, see settings.TEMPLATES).

`when` and `day` write a moment and a day; `role_label` a role; `choice_label:"app.Model.field"`
the label of a stored choice (from the model, so it is the label the admin and forms show);
`humane` a stored code as words where its model is not known. `truncatechars` is Django's,
answering a text already short enough at once.
"""

import unicodedata
from functools import cache

from django import template
from django.apps import apps
from django.template.defaultfilters import stringfilter
from django.utils.text import Truncator

from pms import formatting
from pms.reversing import url_tag

register = template.Library()

register.filter("when", formatting.moment)
register.filter("day", formatting.day)
register.filter("role_label", formatting.role_label)
register.filter("humane", formatting.humane)


@cache
def _choices(field_path: str) -> dict:
    app_label, model_name, field_name = field_path.split(".")
    return dict(apps.get_model(app_label, model_name)._meta.get_field(field_name).flatchoices)


@register.filter
def choice_label(value, field_path: str) -> str:
    """`{{ wo.status|choice_label:"workorders.WorkOrder.status" }}` → 'In progress'."""
    return str(_choices(field_path).get(value, value if value is not None else ""))


@register.filter(is_safe=True)
@stringfilter
def truncatechars(value, arg):
    """Django's `truncatechars`, whose Truncator walks every text character by character and
    looks up its translated ellipsis even when nothing is cut (a trail names dozens of values).
    A text no longer than the length is returned as Django returns it: NFC-normalised, whole."""
    try:
        length = int(arg)
    except ValueError:
        return value
    text = unicodedata.normalize("NFC", value)
    if length > 0 and len(text) <= length:
        return text
    return Truncator(value).chars(length)


# `{% url %}` on every page answers from a per-process cache (pms/reversing.py).
register.tag("url", url_tag)
