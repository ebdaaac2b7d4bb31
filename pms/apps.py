from django.apps import AppConfig


class PmsConfig(AppConfig):
    name = "pms"
    verbose_name = "Vessels, people and access"

    def ready(self):
        from pms import sessions  # noqa: F401  (stamps each login, before any request loads the middleware)
        from pms.actions import checks  # noqa: F401  (registers the startup check)
        from pms.actions.loading import load_modules

        load_modules()
        from pms import task_admin  # noqa: F401  (after the admin's autodiscover: the queue for superusers only)
