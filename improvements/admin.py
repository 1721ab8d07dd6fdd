from django.contrib import admin

from improvements.models import Action, ActionUpdate, Evidence
from peel.admin_site import InspectorOnly


class ReadOnlyInline(InspectorOnly, admin.TabularInline):
    """Timeline rows and evidence are written by the workflow, never edited afterwards."""

    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class ActionUpdateInline(ReadOnlyInline):
    model = ActionUpdate
    fields = ["created_at", "author", "from_status", "to_status", "progress", "note"]
    readonly_fields = fields


class EvidenceInline(ReadOnlyInline):
    model = Evidence
    fields = ["added_at", "added_by", "description", "original_name", "url", "size", "sha256"]
    readonly_fields = fields


@admin.register(Action)
class ActionAdmin(InspectorOnly, admin.ModelAdmin):
    list_display = ["title", "force", "owner", "status", "priority", "due_date", "progress"]
    list_filter = ["status", "priority", "finding__inspection__cycle", "finding__inspection__force"]
    search_fields = ["title", "description", "finding__text"]
    list_select_related = ["finding__inspection__force", "owner"]
    raw_id_fields = ["finding"]
    # Status, progress and verification move only through the workflow (improvements.services).
    readonly_fields = [
        "status",
        "progress",
        "revised_due_date",
        "revised_due_reason",
        "revised_due_agreed_by",
        "submitted_at",
        "verified_at",
        "verified_by",
        "version",
        "created_at",
        "created_by",
        "updated_at",
    ]
    inlines = [EvidenceInline, ActionUpdateInline]

    @admin.display(description="Force", ordering="finding__inspection__force__name")
    def force(self, obj: Action) -> str:
        return obj.finding.inspection.force.name

    def save_model(self, request, obj, form, change) -> None:
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
