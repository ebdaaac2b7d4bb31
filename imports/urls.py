from django.urls import path

from imports import views

app_name = "imports"
urlpatterns = [
    path("", views.index, name="index"),
    path("templates/<str:name>", views.template_file, name="template"),
    path("export/<str:name>", views.export_file, name="export"),
]
