from django import template

from pms.actions.base import Target, registry

register = template.Library()


@register.simple_tag(takes_context=True)
def may_create_work_order(context, fault) -> bool:
    """Whether the viewer may raise a work order from this fault (by the action's own rule)."""
    user = context["request"].user
    role = user.role_on(fault.vessel_id)
    action = registry.get("create_work_order_from_fault")
    target = Target(vessel=fault.vessel, objects={"fault": fault})
    return role is not None and action.is_permitted(user=user, role=role, target=target)
