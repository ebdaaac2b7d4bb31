from django.urls import path

from maintenance import history, views

app_name = "maintenance"
urlpatterns = [
    path("", views.DueList.as_view(), name="due_list"),
    path("compliance/", views.Compliance.as_view(), name="compliance"),
    path("history/", history.MaintenanceHistory.as_view(), name="history"),
    path("jobs/", views.JobList.as_view(), name="job_list"),
    path("jobs/<uuid:pk>/", views.JobDetail.as_view(), name="job_detail"),
]
