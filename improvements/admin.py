from django.contrib import admin

from improvements import services
from improvements.models import Action, ActionUpdate, Evidence
from peel.admin_site import InspectorOnly


def save_action_through_services(request, obj: Action, form, change: bool) -> None:
    """The admin creates and changes actions through the services, like every other page:
    a timeline entry for each, and a new version so that open forms see the change."""
    if not change:
        created = services.create_action(
            finding=obj.finding,
            by=request.user,
            title=obj.title,
            due_date=obj.due_date,
            owner=obj.owner,
            description=obj.description,
            priority=obj.priority,
        )
        obj.pk, obj.version, obj.created_by = created.pk, created.version, request.user
        obj._state.adding = False
        obj._state.db = created._state.db
        return
    updated = services.change_details(
        Action.objects.get(pk=obj.pk),
        by=request.user,
        version=None,
        title=obj.title,
        description=obj.description,
        owner=obj.owner,
        priority=obj.priority,
    )
    obj.version = updated.version


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
    fields = [
        "created_at",
        "author",
        "kind",
        "from_status",
        "to_status",
        "progress",
        "revised_due_date",
        "note",
    ]
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
        "revised_due_agreed_at",
        "proposed_due_date",
        "proposed_due_reason",
        "proposed_by",
        "proposed_at",
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

    def get_readonly_fields(self, request, obj=None):
        # The finding and the original due date are fixed once the action exists; a new
        # date is proposed by the force and agreed by an inspector on the action page.
        fixed = ["finding", "due_date"] if obj is not None else []
        return [*fixed, *self.readonly_fields]

    def save_model(self, request, obj, form, change) -> None:
        save_action_through_services(request, obj, form, change)
