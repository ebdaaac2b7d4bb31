from django.apps import AppConfig


class MaintenanceConfig(AppConfig):
    name = "maintenance"
    verbose_name = "Maintenance plan"
    url_prefix = "maintenance/"

    def ready(self):
        from maintenance import signals

        signals.connect()
