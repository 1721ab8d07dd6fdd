"""The inspectors' admin. Force staff never get in, whatever their flags say."""

from django.contrib import admin
from django.contrib.admin.apps import AdminConfig


def is_inspector_or_superuser(user) -> bool:
    """Force staff never get in, even if someone made them superusers."""
    return (
        user.is_active
        and user.is_authenticated
        and not user.is_force_staff
        and (user.is_superuser or user.is_inspector)
    )


class InspectorAdminSite(admin.AdminSite):
    site_header = "PEEL tracker: inspectors' admin"
    site_title = "PEEL tracker admin"
    index_title = "Inspections, findings and actions"

    def has_permission(self, request) -> bool:
        return is_inspector_or_superuser(request.user) and request.user.is_staff


class PeelAdminConfig(AdminConfig):
    default_site = "peel.admin_site.InspectorAdminSite"


class InspectorOnly:
    """ModelAdmin mixin: inspectors may view and change; only superusers delete.

    Role-based rather than Django's per-model permissions, so that an inspector needs no
    permission set up by hand and a force user can never be granted admin rights by mistake.
    """

    def has_view_permission(self, request, obj=None) -> bool:
        return is_inspector_or_superuser(request.user)

    def has_add_permission(self, request, *args) -> bool:
        return is_inspector_or_superuser(request.user)

    def has_change_permission(self, request, obj=None) -> bool:
        return is_inspector_or_superuser(request.user)

    def has_delete_permission(self, request, obj=None) -> bool:
        return request.user.is_superuser

    def has_module_permission(self, request) -> bool:
        return is_inspector_or_superuser(request.user)
