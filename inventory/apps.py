from django.apps import AppConfig


class InventoryConfig(AppConfig):
    name = "inventory"
    url_prefix = "parts/"
