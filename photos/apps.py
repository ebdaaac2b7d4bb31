from django.apps import AppConfig


class PhotosConfig(AppConfig):
    name = "photos"
    url_prefix = "photos/"
