from django.apps import AppConfig


class CountersConfig(AppConfig):
    name = "counters"
    verbose_name = "Running-hour counters"
    url_prefix = "counters/"
