from django.apps import AppConfig, apps
from django.conf import settings


def project_models():
    """Concrete models of the project's own apps (not Django's or third-party ones)."""
    base = str(settings.BASE_DIR)
    return [
        model
        for config in apps.get_app_configs()
        if str(config.path).startswith(base) and "site-packages" not in str(config.path)
        for model in config.get_models()
    ]


def audited_models():
    """Models that opt in with `audited = True`: every create, update and delete is logged."""
    return [model for model in project_models() if getattr(model, "audited", False)]


class AuditConfig(AppConfig):
    name = "audit"
    verbose_name = "Audit log and signatures"

    def ready(self):
        from audit import checks, signals  # noqa: F401  (checks registers the startup check)

        signals.connect(audited_models())
