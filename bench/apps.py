from django.apps import AppConfig


class BenchConfig(AppConfig):
    """The fleet-scale benchmark: `manage.py seed_fleet`, the locust users and the runner (`make bench`)."""

    name = "bench"
    verbose_name = "Fleet-scale benchmark"
