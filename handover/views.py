"""The handover board of the current vessel, its history and its printout.

Acknowledging from the board runs the acknowledge_handover_item action through the
action runner, like every other change.
"""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from handover.actions.acknowledge import AcknowledgeHandoverForm, acknowledge_all_hash
from handover.selectors import acknowledged_items, group_by_category, open_counts, open_items, with_entity_refs
from pms.actions.base import ActionError, registry
from pms.actions.views import execute_posted
from pms.generic import ScopedListView
from pms.roles import Role


def _vessel(request):
    if request.vessel is None:
        raise Http404("No vessel.")
    return request.vessel


@login_required
def board(request):
    vessel = _vessel(request)
    items = with_entity_refs(open_items(vessel=vessel))
    for item in items:
        item.idempotency_key = uuid.uuid4().hex
    context = {
        "groups": group_by_category(items),
        "open_count": len(items),
        "acknowledge_all_hash": acknowledge_all_hash(user=request.user, vessel=vessel, items=items) if items else "",
        "idempotency_key": uuid.uuid4().hex,
    }
    return render(request, "handover/board.html", context)


class HandoverHistory(ScopedListView):
    template_name = "handover/history.html"

    def get_queryset(self):
        return acknowledged_items(vessel=_vessel(self.request))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["objects"] = with_entity_refs(context["objects"])
        return context


@login_required
def print_view(request):
    vessel = _vessel(request)
    items = with_entity_refs(open_items(vessel=vessel))
    counts = open_counts(vessel=vessel)
    context = {
        "vessel": vessel,
        "groups": group_by_category(items),
        "counts": counts,
        "open_count": sum(count for _, count in counts),
        "role": Role(request.user.role_on(vessel)).label,
    }
    return render(request, "handover/print.html", context)


@login_required
@require_POST
def acknowledge(request):
    """The board's acknowledge buttons: one item, or every open item the board showed."""
    action = registry.get("acknowledge_handover_item")
    payload = AcknowledgeHandoverForm.payload_from_post(request.POST)
    try:
        outcome = execute_posted(request, action, payload)
    except ActionError as error:
        if error.code == "STALE_PREVIEW":
            messages.error(request, "The board changed since you opened it. Check the items and acknowledge again.")
        else:
            messages.error(request, error.message)
    else:
        messages.success(request, outcome.body["message"])
    return redirect("handover:board")
