"""Template filters for every page (a builtin, see settings.TEMPLATES).

`when` and `day` write a moment and a day; `role_label` a role; `choice_label:"app.Model.field"`
the label of a stored choice (from the model, so it is the label the admin and forms show);
`humane` a stored code as words where its model is not known.
"""

from functools import cache

from django import template
from django.apps import apps

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


# `{% url %}` on every page answers from a per-process cache (pms/reversing.py).
register.tag("url", url_tag)
