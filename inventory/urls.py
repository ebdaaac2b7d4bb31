from django.urls import path

from inventory import views

app_name = "inventory"
urlpatterns = [
    path("", views.PartList.as_view(), name="part_list"),
    path("ledger/", views.StockLedger.as_view(), name="ledger"),
    path("<uuid:pk>/", views.PartDetail.as_view(), name="part_detail"),
]
