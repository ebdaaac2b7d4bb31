from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path

from pms import admin as pms_admin
from pms import health, openapi, read_api, upload_views, views
from pms.actions import api as actions_api
from pms.actions import views as action_views


def module_configs():
    return [config for config in apps.get_app_configs() if hasattr(config, "url_prefix")]


api_patterns = [
    path("actions", actions_api.action_list, name="action_list"),
    path("actions/<str:name>/prefill", actions_api.action_prefill, name="action_prefill"),
    path("actions/<str:name>/preview", actions_api.action_preview, name="action_preview"),
    path("actions/<str:name>/execute", actions_api.action_execute, name="action_execute"),
    path("vessels", read_api.vessel_list, name="vessel_list"),
    path("uploads", upload_views.upload_file, name="upload"),
    path("openapi.json", openapi.openapi_json, name="openapi"),
    path("<str:collection>", read_api.collection_list, name="collection_list"),
    path("<str:collection>/<str:pk>", read_api.collection_item, name="collection_item"),
]

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.logout_view, name="logout"),
    path("vessel/", views.switch_vessel, name="switch_vessel"),
    path("profile/", views.profile, name="profile"),
    path("uploads/", upload_views.upload_file, name="upload"),
    path("actions/<str:name>/", action_views.action_flow, name="action"),
    path("actions/<str:name>/choices/<str:field>/", action_views.action_choices, name="action_choices"),
    path("api/v1/", include((api_patterns, "api"))),
    re_path(r"^api/", actions_api.api_not_found, name="api_not_found"),  # after every real API path
    # Every module's pages, under the prefix its AppConfig declares (`url_prefix`).
    *(path(config.url_prefix, include(f"{config.name}.urls")) for config in module_configs()),
    path("admin/r/<path:content_type_id>/<path:object_id>/", admin.site.admin_view(pms_admin.view_on_site)),
    path("admin/", admin.site.urls),
    path("healthz", health.healthz, name="healthz"),
]
if settings.BENCH_BASELINE:
    urlpatterns.append(path("bench/baseline/", health.bench_baseline, name="bench_baseline"))
