from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from accounts.models import User
from peel.admin_site import InspectorOnly


@admin.register(User)
class UserAdmin(InspectorOnly, BaseUserAdmin):
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

    def get_readonly_fields(self, request, obj=None):
        if request.user.is_superuser:
            return super().get_readonly_fields(request, obj)
        return ["is_superuser", "is_staff", "groups", "user_permissions", "last_login"]

    def has_change_permission(self, request, obj=None) -> bool:
        # Only superusers manage who is an inspector or a superuser.
        if obj is not None and (obj.is_superuser or obj.is_inspector):
            return request.user.is_superuser
        return super().has_change_permission(request, obj)
