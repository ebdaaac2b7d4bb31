from django.apps import AppConfig


class ManualsConfig(AppConfig):
    name = "manuals"
    url_prefix = "manuals/"
