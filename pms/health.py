"""Liveness for load balancers and orchestrators, and the benchmark's bare baseline page."""

from django.contrib.auth.decorators import login_required
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from pms.models import Vessel


@never_cache
@require_GET
def healthz(request):
    """200 {"status": "ok"} when the database answers, else 503. No login, no session, no writes."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok"})


@login_required
def bench_baseline(request):
    """What every page costs at least (session, user, one indexed query, a tiny template); settings.BENCH_BASELINE only."""
    vessel = Vessel.objects.only("name").filter(pk=request.user.current_vessel_id).first()
    return render(request, "bench/baseline.html", {"vessel": vessel})
