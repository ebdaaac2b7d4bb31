"""The handover board of the current vessel, its history and its printout.

The board's acknowledge buttons open the acknowledge_handover_item action at its preview
(what will leave the board), confirmed like every other change.
"""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render

from handover.selectors import acknowledged_items, group_by_category, open_counts, open_items, with_entity_refs
from pms.exports import Column, choice, person
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
    context = {"groups": group_by_category(items), "open_count": len(items)}
    return render(request, "handover/board.html", context)


class HandoverHistory(ScopedListView):
    template_name = "handover/history.html"
    export_name = "handover-history"
    export_columns = (
        Column("Acknowledged at (UTC)", "acknowledged_at"),
        Column("Acknowledged by", person("acknowledged_by")),
        Column("Priority", choice("priority")),
        Column("Category", choice("category")),
        Column("Summary", "summary_text"),
        Column("About", lambda item: item.entity_ref.label if item.entity_ref else None),
        Column("Its status now", lambda item: item.entity_ref.status_display if item.entity_ref else None),
        Column("Added by", person("added_by")),
        Column("Added at (UTC)", "created_at"),
    )

    def export_prepare(self, chunk):
        return with_entity_refs(chunk)

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
