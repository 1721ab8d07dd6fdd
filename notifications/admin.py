"""The outbox in the admin, read-only: what was written, sent, or failed and why."""

from django.contrib import admin

from notifications.models import Notification
from peel.admin_site import InspectorOnly


@admin.register(Notification)
class NotificationAdmin(InspectorOnly, admin.ModelAdmin):
    list_display = ["subject", "email", "kind", "as_of", "created_at", "sent_at", "attempts"]
    list_filter = ["kind", ("sent_at", admin.EmptyFieldListFilter), "as_of"]
    search_fields = ["subject", "email"]
    list_select_related = ["recipient"]
    date_hierarchy = "created_at"

    # The outbox is written by the services and the daily run only.
    def has_add_permission(self, request, *args) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
