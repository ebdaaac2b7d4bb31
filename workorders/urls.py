from django.urls import path

from workorders import views

app_name = "workorders"
urlpatterns = [
    path("", views.WorkOrderList.as_view(), name="list"),
    path("<uuid:pk>/", views.WorkOrderDetail.as_view(), name="detail"),
    path("<uuid:pk>/card.pdf", views.WorkOrderCard.as_view(), name="card"),
]
