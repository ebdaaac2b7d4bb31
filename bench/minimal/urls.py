from django.urls import path

from pms import health

urlpatterns = [path("bench/baseline/", health.bench_baseline, name="bench_baseline")]
