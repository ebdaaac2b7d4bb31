from pms.apps import PmsConfig


class BarePmsConfig(PmsConfig):
    """The kernel's models (users, vessels) without its startup: no domain modules loaded."""

    def ready(self):
        pass
