from django.apps import AppConfig


class WorkordersConfig(AppConfig):
    name = "workorders"
    url_prefix = "work-orders/"
