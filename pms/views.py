from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.db.models import Count, F, Q
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from equipment.models import Fault, Severity
from equipment.views import ACTIVE_FAULT_STATUSES
from handover.selectors import open_items as open_handover_items
from inventory.models import Part
from inventory.views import STATUS_FILTERS as PART_STATUS_FILTERS
from pms.forms import SigningPinForm
from pms.models import Vessel
from pms.tenancy import member_vessel_ids
from workorders.models import OPEN_STATUSES, WorkOrder, WorkOrderStatus
from workorders.views import due_filters


class LoginView(auth_views.LoginView):
    template_name = "registration/login.html"
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "demo_mode": settings.DEMO_MODE}


@require_POST
def logout_view(request):
    logout(request)
    return redirect("login")


@login_required
def dashboard(request):
    """The vessel at a glance; every count links to the list filtered to exactly those rows."""
    vessel = request.vessel
    if vessel is None:
        return render(request, "pms/no_vessel.html", status=403)
    open_faults = Fault.objects.filter(vessel=vessel, status__in=ACTIVE_FAULT_STATUSES)
    by_severity = dict(open_faults.values_list("severity").annotate(n=Count("id")).order_by())
    work_orders = WorkOrder.objects.filter(vessel=vessel)
    due = due_filters(timezone.localdate())
    mine = Q(status__in=OPEN_STATUSES, assignee=request.user)
    # Every count is of open work orders: read only those (a partial index), not years of closed ones.
    work_order_counts = work_orders.filter(status__in=OPEN_STATUSES).aggregate(
        active=Count("id", filter=Q(status__in=OPEN_STATUSES)),
        overdue=Count("id", filter=due["overdue"]),
        due_this_week=Count("id", filter=due["week"]),
        in_progress=Count("id", filter=Q(status=WorkOrderStatus.IN_PROGRESS)),
        mine=Count("id", filter=mine),
    )
    parts = Part.objects.filter(vessel=vessel)
    stock_counts = parts.aggregate(**{k: Count("id", filter=Q(**f)) for k, f in PART_STATUS_FILTERS.items()})
    handover = open_handover_items(vessel=vessel)
    context = {
        "severities": [(value, label, by_severity.get(value, 0)) for value, label in reversed(Severity.choices)],
        "open_fault_count": sum(by_severity.values()),
        "open_faults": open_faults.select_related("equipment")[:5],
        "work_order_counts": work_order_counts,
        "my_work_orders": work_orders.filter(mine).select_related("equipment").order_by("due_date", "number")[:5],
        "stock_counts": stock_counts,
        "low_stock": parts.filter(quantity_on_hand__lte=F("minimum_quantity")).order_by("quantity_on_hand")[:5],
        "handover_count": handover.count(),
        "handover_items": handover[:5],
    }
    return render(request, "pms/dashboard.html", context)


@login_required
@require_POST
def switch_vessel(request):
    vessel = Vessel.objects.filter(pk=request.POST.get("vessel"), id__in=member_vessel_ids(request.user)).first()
    if vessel is None:
        messages.error(request, "You are not a member of that vessel.")
    else:
        request.user.current_vessel = vessel
        request.user.save(update_fields=["current_vessel"])
        messages.success(request, f"Now working on {vessel.name}.")
    return redirect("dashboard")


@login_required
def profile(request):
    form = SigningPinForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        request.user.set_signing_pin(form.cleaned_data["pin"])
        request.user.save(update_fields=["signing_pin"])
        messages.success(request, "Your signing PIN is set. Use it or your password to sign.")
        return redirect("profile")
    return render(request, "pms/profile.html", {"form": form}, status=400 if form.errors else 200)
