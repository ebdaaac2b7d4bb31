from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.db.models import F
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from equipment.models import Fault, FaultStatus
from handover.selectors import open_items as open_handover_items
from inventory.models import Part
from pms.forms import SigningPinForm
from pms.models import Vessel
from pms.tenancy import member_vessel_ids
from workorders.models import OPEN_STATUSES, WorkOrder


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
    vessel = request.vessel
    if vessel is None:
        return render(request, "pms/no_vessel.html", status=403)
    open_faults = Fault.objects.filter(vessel=vessel, status__in=[FaultStatus.OPEN, FaultStatus.WORK_ORDER_RAISED])
    open_work_orders = WorkOrder.objects.filter(vessel=vessel, status__in=OPEN_STATUSES)
    low_stock = Part.objects.filter(vessel=vessel, quantity_on_hand__lte=F("minimum_quantity"))
    context = {
        "open_faults": open_faults.select_related("equipment")[:10],
        "open_fault_count": open_faults.count(),
        "open_work_orders": open_work_orders.select_related("assignee")[:10],
        "open_work_order_count": open_work_orders.count(),
        "low_stock": low_stock.order_by("quantity_on_hand")[:10],
        "low_stock_count": low_stock.count(),
        "handover_items": open_handover_items(vessel=vessel)[:5],
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
