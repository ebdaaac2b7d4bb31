from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "search"
    url_prefix = "search"
    verbose_name = "Search"
