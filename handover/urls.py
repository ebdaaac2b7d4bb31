from django.urls import path

from handover import views

app_name = "handover"
urlpatterns = [path("", views.HandoverBoard.as_view(), name="board")]
