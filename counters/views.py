"""The counters' pages: the daily rounds (every counter of the vessel, each row its own quick
reading through the generic action flow) and a counter's page with its readings and curve."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.paginator import Paginator
from django.http import Http404
from django.utils import timezone
from django.views.generic import TemplateView

from counters.curve import curve
from counters.models import Counter
from counters.rules import stale_q
from counters.selectors import COUNTER_RELATED, curve_readings, vessel_counters
from counters.serializers import counter_dict
from pms.actions.base import registry as actions
from pms.exports import Column, ExportMixin, person
from pms.generic import ScopedDetailView
from pms.pagecache import KeptPageMixin

READINGS_PER_PAGE = 25
ROUND_SIZE = 200  # counters on one page of the rounds (a yacht has tens)


class DailyRounds(LoginRequiredMixin, KeptPageMixin, ExportMixin, TemplateView):
    """`/counters/`: the round of the current vessel's counters; `?stale=1`: only those not read for 7 days."""

    template_name = "counters/rounds.html"
    export_name = "counters"
    export_columns = (
        Column("Equipment", "equipment.code"),
        Column("Equipment name", "equipment.name"),
        Column("Counter", "name"),
        Column("Total", "value"),
        Column("Meter shows", "meter_value"),
        Column("Unit", "unit"),
        Column("Last read at (UTC)", "last_read_at"),
        Column("Last read by", person("last_read_by")),
        Column("Stale", lambda c: c.is_stale()),
    )

    def get_queryset(self):
        counters = vessel_counters(self.request.vessel)
        if self.request.GET.get("stale") == "1":
            counters = counters.filter(stale_q(timezone.now()))
        return counters

    def get_context_data(self, **kwargs):
        vessel = self.request.vessel
        if vessel is None:
            raise Http404("No vessel.")
        now = timezone.now()
        counters = self.get_queryset()
        stale_only = self.request.GET.get("stale") == "1"
        page = Paginator(counters, ROUND_SIZE).get_page(self.request.GET.get("page"))
        role = self.request.user.role_on(vessel)
        return {
            **super().get_context_data(**kwargs),
            "page": page,
            "rows": [counter_dict(c, now=now) for c in page.object_list],
            "stale_only": stale_only,
            "can_record": role in actions.get("record_counter_reading").roles,
        }


class CounterDetail(ScopedDetailView):
    queryset = Counter.objects.select_related(*COUNTER_RELATED)
    template_name = "counters/counter_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        counter = ctx["object"]
        readings = counter.readings.select_related("recorded_by").order_by("-read_at", "-created_at")
        return {
            **ctx,
            "counter": counter_dict(counter),
            "readings": Paginator(readings, READINGS_PER_PAGE).get_page(self.request.GET.get("page")),
            "curve": curve(curve_readings(counter), unit=counter.unit, daily_rate=counter.measured_daily_rate),
            "inheriting": counter.equipment.children.filter(counters__isnull=True).order_by("code"),
        }
