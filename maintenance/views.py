"""The due list, the job pages and the compliance chart of the current vessel."""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.paginator import Paginator
from django.http import Http404
from django.utils import timezone
from django.views.generic import TemplateView

from counters.curve import curve
from counters.selectors import curve_readings
from maintenance import charts, rules
from maintenance.models import MaintenanceJob
from maintenance.selectors import (
    CounterMap,
    active_layup,
    compliance,
    due_counts,
    due_jobs,
    due_rows_of,
    group_by_system,
    job_due,
    measurement_trends,
)
from pms.exports import Column, ExportMixin
from pms.generic import ScopedDetailView, ScopedListView
from pms.pagecache import KeptPageMixin

DUE_STATES = {rules.OVERDUE: "Overdue", rules.DUE_SOON: "Due soon"}


class DueList(LoginRequiredMixin, KeptPageMixin, ExportMixin, TemplateView):
    """Overdue, due soon and the next 30 days, by system, each with why it is due.

    The jobs are selected, counted and ordered in SQL by their stored due, a page at a time;
    only the page's rows are computed in full (their reasons, their counters).
    """

    template_name = "maintenance/due_list.html"
    page_size = 50  # as every other list; a tablet shows about that many rows
    export_name = "due-maintenance"
    export_columns = (
        Column("System", lambda row: row.job.equipment.code.split("-")[0]),
        Column("Job", "job.code"),
        Column("Title", "job.title"),
        Column("Equipment", "job.equipment.code"),
        Column("Critical", "job.critical"),
        Column("Class item", "job.class_item"),
        Column("State", lambda row: DUE_STATES.get(row.due.due_state, "Next 30 days")),
        Column("Why it is due", "due.due_reason"),
        Column("Next due date", "due.next_due_date"),
        Column("Next due hours", "due.next_due_hours"),
        Column("Forecast due date", "due.forecast_due_date"),
        Column("Stale counter", "stale"),
        Column("Work order", "open_work_order"),
    )

    def filters(self) -> dict:
        params = self.request.GET
        return {"critical": params.get("critical") == "1", "class_item": params.get("class") == "1"}

    def export_rows(self):
        return due_jobs(vessel=self.request.vessel, today=timezone.localdate(), **self.filters()).select_related(
            "equipment"
        )

    def export_prepare(self, chunk):
        return due_rows_of(chunk, vessel=self.request.vessel, today=timezone.localdate())

    def get_context_data(self, **kwargs):
        vessel = self.request.vessel
        if vessel is None:
            raise Http404("No vessel.")
        params = self.request.GET
        today = timezone.localdate()
        filters = self.filters()
        counts = due_counts(vessel=vessel, today=today, **filters)
        # The page's equipment in a second query: joined, PostgreSQL hashes the vessel's whole
        # equipment table to sort thousands of due jobs it then cuts to a page (48 ms at 5,000 jobs).
        jobs = due_jobs(vessel=vessel, today=today, **filters).defer("instructions").prefetch_related("equipment")
        paginator = Paginator(jobs, self.page_size)
        paginator.count = counts["total"]  # counted with the states, in the same query
        page = paginator.get_page(params.get("page"))
        rows = due_rows_of(page.object_list, vessel=vessel, today=today)
        return {
            **super().get_context_data(**kwargs),
            "groups": group_by_system(rows),
            "counts": counts,
            "total": counts["total"],
            "page": page,
            "filters": {"critical": filters["critical"], "class": filters["class_item"]},
            "layup": active_layup(vessel=vessel, today=today),
        }


class JobList(ScopedListView):
    queryset = MaintenanceJob.objects.select_related("equipment").order_by("code")
    template_name = "maintenance/job_list.html"


class JobDetail(ScopedDetailView):
    queryset = MaintenanceJob.objects.select_related("vessel", "equipment", "manual_section")
    template_name = "maintenance/job_detail.html"

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        job = ctx["object"]
        counters = CounterMap(job.vessel_id, equipment_ids=[job.equipment_id])
        counter = counters.counter_for(job.equipment_id)
        steps = list(job.steps.order_by("position"))
        for step in steps:
            step.limits = rules.limits_text(step.step())
        trends = measurement_trends(job)
        for trend in trends:
            trend.chart, trend.limits_text = charts.trend_chart(trend), rules.limits_text(trend.step.step())
        ctx.update(
            due=job_due(job, today=timezone.localdate(), counters=counters),
            counter=counter,
            curve=curve(curve_readings(counter), unit=counter.unit, daily_rate=counter.daily_rate) if counter else None,
            records=job.records.select_related("done_by", "verified_by", "work_order")[:50],
            postponements=job.postponements.select_related("postponed_by")[:20],
            kit=job.kit.select_related("part"),
            steps=steps,
            trends=trends,
            open_work_order=job.planned_work_orders.filter(open=True).select_related("work_order").first(),
        )
        return ctx


class Compliance(LoginRequiredMixin, TemplateView):
    template_name = "maintenance/compliance.html"

    def get_context_data(self, **kwargs):
        vessel = self.request.vessel
        if vessel is None:
            raise Http404("No vessel.")
        figures = compliance(vessel=vessel, today=timezone.localdate())
        return {**super().get_context_data(**kwargs), **figures, "chart": charts.compliance_chart(figures)}
