"""Which vessel a request is about, and scoping of every query to the user's vessels.

An object of a vessel the user is not an active member of does not exist for them:
the helpers here turn it into a 404, never a 403.
"""

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.functional import SimpleLazyObject

from pms.models import Vessel


def member_vessel_ids(user) -> set:
    if not user.is_authenticated:
        return set()
    return user.vessel_ids()


def scoped(queryset, user):
    """Only the rows of vessels the user is an active member of."""
    return queryset.filter(vessel_id__in=member_vessel_ids(user))


def get_scoped_or_404(queryset, user, **lookup):
    """The row, or a 404 when it is not of one of the user's vessels. Its vessel comes from the
    user's memberships (already read with their vessels), so the query need not join it."""
    try:
        obj = scoped(queryset, user).get(**lookup)
    except (queryset.model.DoesNotExist, ValidationError, ValueError) as exc:  # bad UUIDs too
        raise Http404(f"No {queryset.model._meta.verbose_name} found.") from exc
    vessel_field = obj._meta.get_field("vessel")
    if not vessel_field.is_cached(obj):
        vessel = next(m.vessel for m in user.active_memberships() if m.vessel_id == obj.vessel_id)
        vessel_field.set_cached_value(obj, vessel)
    return obj


def current_vessel(user):
    """The user's chosen vessel if still a member, else their first vessel, else None.

    The vessel comes from the memberships (read once per request, with their vessels), not from
    a query of its own.
    """
    if not user.is_authenticated:
        return None
    memberships = user.active_memberships()
    chosen = next((m.vessel for m in memberships if m.vessel_id == user.current_vessel_id), None)
    return chosen or (memberships[0].vessel if memberships else None)


class CurrentVesselMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.vessel = SimpleLazyObject(lambda: current_vessel(request.user))
        return self.get_response(request)


def vessel_context(request):
    """The layout's vessel switcher: read when a template uses it, not for every page that renders.

    A page that shows no layout (the bare baseline of `make bench`, a fragment) reads no memberships.
    """
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    return {
        "current_vessel": request.vessel,
        "current_role": SimpleLazyObject(lambda: user.role_on(request.vessel)),
        "user_memberships": SimpleLazyObject(user.active_memberships),
    }


def vessel_by_code(user, code: str) -> Vessel:
    vessel = Vessel.objects.filter(code__iexact=code, id__in=member_vessel_ids(user)).first()
    if vessel is None:
        raise Http404("No vessel found.")
    return vessel
