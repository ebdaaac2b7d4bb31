from django.urls import path

from handover import views

app_name = "handover"
urlpatterns = [
    path("", views.board, name="board"),
    path("history/", views.HandoverHistory.as_view(), name="history"),
    path("print/", views.print_view, name="print"),
]
