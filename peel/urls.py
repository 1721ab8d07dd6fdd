from django.contrib import admin
from django.urls import include, path

from peel.health import healthz

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    # Home, sign in and out, passwords (Django's auth URL names: login, logout, ...).
    path("", include("accounts.urls")),
    path("", include("workspace.urls")),
    path("", include("history.urls")),
    path("reports/", include("reports.urls")),
]
