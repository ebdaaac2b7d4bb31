from importlib import import_module

from django.apps import apps
from django.utils.module_loading import module_has_submodule


def load_actions() -> None:
    """Import every app's `actions` module so its actions register (like admin autodiscover)."""
    for config in apps.get_app_configs():
        if config.name != "pms" and module_has_submodule(config.module, "actions"):
            import_module(f"{config.name}.actions")


def load_modules() -> None:
    """Import every module's actions, then its `ui` declarations (pms.registry)."""
    load_actions()
    for config in apps.get_app_configs():
        if module_has_submodule(config.module, "ui"):
            import_module(f"{config.name}.ui")
