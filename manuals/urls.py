from django.urls import path

from manuals import views

app_name = "manuals"
urlpatterns = [
    path("", views.ManualList.as_view(), name="list"),
    path("<uuid:pk>/", views.ManualDetail.as_view(), name="detail"),
    path("<uuid:pk>/file/", views.ManualFile.as_view(), name="file"),
    path("sections/<uuid:pk>/", views.SectionDetail.as_view(), name="section"),
]
