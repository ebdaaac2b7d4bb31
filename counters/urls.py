from django.urls import path

from counters import views

app_name = "counters"
urlpatterns = [
    path("", views.DailyRounds.as_view(), name="rounds"),
    path("<uuid:pk>/", views.CounterDetail.as_view(), name="detail"),
]
