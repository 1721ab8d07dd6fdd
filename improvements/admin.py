from django.contrib import admin
from django.db.models import Count

from improvements import services
from improvements.models import Action, ActionUpdate, Evidence
from inspections.admin import FindingAdmin
from inspections.models import Finding
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


class ActionInline(InspectorOnly, admin.TabularInline):
    """Inspectors set actions up; their status only moves through the workflow."""

    model = Action
    extra = 0
    fields = ["title", "owner", "priority", "due_date", "status", "progress"]
    readonly_fields = ["status", "progress"]

    def has_change_permission(self, request, obj=None) -> bool:
        # Existing actions show read-only here; change them on their own admin page.
        return False

    show_change_link = True


class FindingWithActionsAdmin(FindingAdmin):
    """The finding's admin (inspections.admin) with its actions: inspections sits below
    improvements and never imports it, so the actions are added here."""

    list_display = [*FindingAdmin.list_display, "action_count"]
    inlines = [*FindingAdmin.inlines, ActionInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(action_total=Count("actions"))

    @admin.display(description="Actions", ordering="action_total")
    def action_count(self, obj: Finding) -> int:
        return obj.action_total

    def save_formset(self, request, form, formset, change) -> None:
        if formset.model is not Action:
            return super().save_formset(request, form, formset, change)
        # Actions are created and changed through the services (timeline, version).
        for inline_form in formset.forms:
            if inline_form in formset.deleted_forms or not inline_form.has_changed():
                continue
            if not inline_form.cleaned_data:
                continue
            action = inline_form.save(commit=False)
            if action.pk is None:
                save_action_through_services(request, action, inline_form, change=False)
        formset.new_objects = formset.changed_objects = formset.deleted_objects = []
        return None


admin.site.unregister(Finding)
admin.site.register(Finding, FindingWithActionsAdmin)
