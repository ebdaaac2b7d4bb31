from django.urls import path

from equipment import views

app_name = "equipment"
urlpatterns = [
    path("", views.EquipmentList.as_view(), name="list"),
    path("<uuid:pk>/", views.EquipmentDetail.as_view(), name="detail"),
    path("faults/", views.FaultList.as_view(), name="fault_list"),
    path("faults/<uuid:pk>/", views.FaultDetail.as_view(), name="fault_detail"),
]
