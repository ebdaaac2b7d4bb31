"""Generic vessel-scoped list and detail views (NetBox style: configured, not rewritten).

Lists show the current vessel's rows; details show any row of the user's vessels and
404 for every other row. Detail pages carry the record's audit trail and signatures.
"""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404
from django.views.generic import TemplateView

from pms import registry
from pms.actions.buttons import object_buttons
from pms.actions.signatures import signatures_for
from pms.exports import ExportMixin, ExportRefused, export_response, refused_response, requested_format
from pms.pagecache import KeptPageMixin, record_state, serve, view_label
from pms.pagination import CappedPaginator
from pms.prepared import prepared_reads
from pms.tenancy import get_scoped_or_404
from pms.trail import TRAIL_EXPORT_LENGTH, chain_verdict, trail_columns, trail_of


class ScopedListView(LoginRequiredMixin, KeptPageMixin, ExportMixin, TemplateView):
    queryset = None
    page_size = 50
    context_object_name = "objects"

    def get_queryset(self):
        if self.request.vessel is None:
            raise Http404("No vessel.")
        return self.queryset.filter(vessel=self.request.vessel)

    def get_context_data(self, **kwargs):
        page = CappedPaginator(self.get_queryset(), self.page_size).get_page(self.request.GET.get("page"))
        return {**super().get_context_data(**kwargs), self.context_object_name: page.object_list, "page": page}


class ScopedDetailView(LoginRequiredMixin, TemplateView):
    """A record's page, kept as lists are (pms/pagecache.py) under one more thing: the record's row
    and its signatures as they are now, each signature checked against the row (`signatures_for`).
    They are read on every request, after the chain lengths, and their state is part of the key,
    so a change made behind the app's back to the row, to a signature or to what one covers draws
    the page afresh with the verdict it calls for. `keep_page = False` for a page that must be
    drawn every time."""

    queryset = None
    context_object_name = "object"
    keep_page = True

    def get_object(self):
        return get_scoped_or_404(self.queryset, self.request.user, pk=self.kwargs["pk"])

    def dispatch(self, request, *args, **kwargs):
        """A page's reads, from the session's to its layout's, are planned once per connection
        (`pms.prepared`): the response is rendered inside the block."""
        if request.method != "GET" or "export" in request.GET:
            return super().dispatch(request, *args, **kwargs)
        with prepared_reads():
            response = super().dispatch(request, *args, **kwargs)
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
            return response

    def trail_rows(self, obj) -> list[list]:
        """Lists of rows that belong to the record, whose changes its trail shows too (none here)."""
        return []

    def get(self, request, *args, **kwargs):
        """The record's page; `?export=csv|xlsx`: its audit trail as a file, with its vessel's chain verified."""
        if "export" in request.GET:
            return self.export_trail(request)
        if not self.keep_page:
            return self.render_record(request, *args, **kwargs)
        # The record is read after the chain lengths (as the rest of the page is) and before the
        # kept page is looked up: another vessel's record is a 404 whatever is kept.
        return serve(
            request, view_label(type(self)), lambda: self.render_record(request, *args, **kwargs), live=self.read_record
        )

    def read_record(self) -> str:
        """Read the record and its signatures (each checked); their state, for the page's key."""
        self.object = self.get_object()
        self.signatures = signatures_for(self.object)
        return record_state(self.object, self.signatures)

    def render_record(self, request, *args, **kwargs):
        if not hasattr(self, "object"):  # not read for a key: the page is not one to keep
            self.read_record()
        return super().get(request, *args, **kwargs)

    def export_trail(self, request):
        try:
            fmt = requested_format(request)
        except ExportRefused as error:
            return refused_response(error)
        obj = self.get_object()
        lines = trail_of(obj, *self.trail_rows(obj), user=request.user, limit=TRAIL_EXPORT_LENGTH)
        label = getattr(obj, "number", None) or getattr(obj, "code", None) or getattr(obj, "part_number", None)
        return export_response(
            fmt=fmt,
            name=f"audit-trail-{label or obj.pk}",
            vessel=obj.vessel,
            columns=trail_columns(chain_verdict(obj.vessel_id)),
            rows=lines,
            title="Audit trail",
        )

    def get_context_data(self, **kwargs):
        obj = self.object
        return {
            **super().get_context_data(**kwargs),
            self.context_object_name: obj,
            "object": obj,
            "audit_entries": trail_of(obj, *self.trail_rows(obj), user=self.request.user),
            "signatures": self.signatures,
            "object_buttons": object_buttons(user=self.request.user, obj=obj),
            "panels": registry.panels_for(self.request, obj),
        }
