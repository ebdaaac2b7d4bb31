from django.apps import AppConfig


class EquipmentConfig(AppConfig):
    name = "equipment"
    url_prefix = "equipment/"
