from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    # Home, sign in and out, passwords (Django's auth URL names: login, logout, ...).
    path("", include("accounts.urls")),
    path("", include("workspace.urls")),
    path("reports/", include("reports.urls")),
    # Mail preferences, the user's notifications, unsubscribe links, PCC responses.
    path("", include("notifications.urls")),
]
