from django.urls import path

from photos import views

app_name = "photos"
urlpatterns = [
    path("<uuid:pk>/file", views.PhotoFile.as_view(), name="file"),
    path("<uuid:pk>/thumbnail", views.PhotoFile.as_view(thumbnail=True), name="thumbnail"),
]
