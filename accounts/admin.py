from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from accounts.models import User
from peel.admin_site import InspectorOnly


@admin.register(User)
class UserAdmin(InspectorOnly, BaseUserAdmin):
    """Inspectors may look people up; only superusers add, change or reset anyone.

    Changing a role or a password is how an account is taken over, so it is kept to the
    few who administer the service.
    """

    list_display = ["username", "get_full_name", "email", "role", "force", "is_active"]
    list_filter = ["role", "force", "is_active"]
    list_select_related = ["force"]
    fieldsets = [
        *BaseUserAdmin.fieldsets,
        ("Role and force", {"fields": ["role", "force"]}),
    ]
    add_fieldsets = [
        *BaseUserAdmin.add_fieldsets,
        ("Role and force", {"fields": ["role", "force"]}),
    ]

    def has_add_permission(self, request, *args) -> bool:
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None) -> bool:
        return request.user.is_superuser
