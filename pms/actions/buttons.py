"""The buttons a record's page offers: registered `ObjectButton`s whose action this user may run now."""

from urllib.parse import quote, urlencode

from pms import registry
from pms.actions.base import Target
from pms.actions.base import registry as actions
from pms.reversing import cached_reverse


def object_buttons(*, user, obj) -> list[dict]:
    role = user.role_on(obj.vessel_id)
    if role is None:
        return []
    buttons = []
    for button in registry.buttons_for(obj._meta.label_lower):
        action = actions.get(button.action)
        if action is None or not button.shown(obj):
            continue
        target = Target(vessel=obj.vessel, objects={button.target or obj._meta.model_name: obj})
        if not action.is_permitted(user=user, role=role, target=target):
            continue
        buttons.append(
            {
                "name": action.name,
                "label": button.label or action.label,
                "url": f"{cached_reverse('action', args=[action.name])}?{urlencode(button.params(obj), quote_via=quote)}",
                "primary": button.primary,
            }
        )
    first = next((b for b in buttons if b["primary"]), None)
    for b in buttons:
        b["main"] = b is first
    return buttons
