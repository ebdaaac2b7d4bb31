from django.urls import path

from labels import views

app_name = "labels"
urlpatterns = [
    path("labels/equipment.pdf", views.equipment_labels, name="equipment"),
    path("labels/parts.pdf", views.part_labels, name="parts"),
    path("scan/", views.scan, name="scan"),
    path("scan/resolve", views.resolve, name="resolve"),
]
