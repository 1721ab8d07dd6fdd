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
    path("api/", include("api.urls")),
    path("account/", include("api.urls_account")),
    # Mail preferences, the user's notifications, unsubscribe links, PCC responses.
    path("", include("notifications.urls")),
]

# JSON errors under /api/ (no HTML error page there); Django's own pages elsewhere.
handler400 = "api.errors.handler400"
handler403 = "api.errors.handler403"
handler404 = "api.errors.handler404"
handler500 = "api.errors.handler500"
