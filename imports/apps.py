from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "imports"
    url_prefix = "imports/"
