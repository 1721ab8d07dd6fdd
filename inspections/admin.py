from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count
from django.http import HttpRequest
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.html import format_html, format_html_join

from inspections import import_views, services
from inspections.importer.loader import ReportImportError, import_report
from inspections.models import (
    ContextFigure,
    Cycle,
    EarlierItemReview,
    Finding,
    FindingStatus,
    FindingStatusChange,
    Force,
    Inspection,
    Judgment,
    MostSimilarGroup,
    Pillar,
    Question,
)
from peel.admin_site import InspectorOnly


def grade_label(grade: str, label: str):
    return format_html('<span class="grade grade--{}">{}</span>', grade, label)


class AdminCss:
    class Media:
        css = {"all": ["inspections/admin.css"]}


@admin.register(Force)
class ForceAdmin(InspectorOnly, admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(MostSimilarGroup)
class MostSimilarGroupAdmin(InspectorOnly, admin.ModelAdmin):
    list_display = ["force", "year", "member_names"]
    list_filter = ["year"]
    search_fields = ["force__name"]
    filter_horizontal = ["members"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("force").prefetch_related("members")

    @admin.display(description="Most similar forces")
    def member_names(self, obj: MostSimilarGroup) -> str:
        return ", ".join(m.name for m in obj.members.all())


class PillarInline(InspectorOnly, admin.TabularInline):
    model = Pillar
    extra = 0


class QuestionInline(InspectorOnly, admin.TabularInline):
    model = Question
    extra = 0


@admin.register(Cycle)
class CycleAdmin(InspectorOnly, admin.ModelAdmin):
    list_display = ["name", "year", "grade_scale"]
    inlines = [PillarInline, QuestionInline]


class JudgmentInline(InspectorOnly, admin.TabularInline):
    model = Judgment
    fk_name = "inspection"
    extra = 0
    fields = ["pillar", "question", "grade", "inspected", "last_inspected", "earlier_inspection"]
    raw_id_fields = ["earlier_inspection"]


class FindingInline(InspectorOnly, admin.StackedInline):
    model = Finding
    extra = 0
    fk_name = "inspection"
    fields = [
        ("kind", "order"),
        ("question", "pillar"),
        "text",
        ("deadline_text", "deadline"),
        ("cause_of_concern", "continues", "continues_earlier", "earlier_year"),
        "status",
    ]
    readonly_fields = ["status"]
    raw_id_fields = ["continues", "cause_of_concern"]
    show_change_link = True


class ContextFigureInline(InspectorOnly, admin.TabularInline):
    model = ContextFigure
    extra = 0


class EarlierItemReviewInline(InspectorOnly, admin.TabularInline):
    model = EarlierItemReview
    extra = 0
    raw_id_fields = ["earlier_finding"]


class ImportReportForm(forms.Form):
    report = forms.FileField(
        required=False,
        help_text=(
            "The report as published: its PDF, its web page saved as HTML, or its text "
            "(UTF-8, or UTF-16 with a byte-order mark). PDF up to 20 MB, HTML or text up "
            "to 5 MB."
        ),
    )
    force = forms.ModelChoiceField(
        queryset=Force.objects.all(),
        required=False,
        to_field_name="slug",
        help_text="Only if the report's force is not recognised.",
    )


IMPORT_SESSION_KEY = "inspections:import_report"


@admin.register(Inspection)
class InspectionAdmin(InspectorOnly, AdminCss, admin.ModelAdmin):
    change_list_template = "admin/inspections/inspection/change_list.html"
    list_display = ["force", "cycle", "published_on", "status", "grades", "finding_count"]
    list_filter = ["status", "cycle", "force"]
    search_fields = ["force__name", "lead_inspector"]
    date_hierarchy = "published_on"
    readonly_fields = ["created_at", "updated_at", "updated_by"]
    inlines = [JudgmentInline, FindingInline, EarlierItemReviewInline, ContextFigureInline]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("force", "cycle")
            .prefetch_related("judgments__pillar")
            .annotate(finding_total=Count("findings", distinct=True))
        )

    def save_model(self, request, obj, form, change) -> None:
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)

    def get_urls(self):
        return [
            path(
                "import/",
                self.admin_site.admin_view(self.import_report_view),
                name="inspections_inspection_import",
            ),
            *super().get_urls(),
        ]

    def import_report_view(self, request: HttpRequest):
        """Upload a report, preview what would change (nothing saved), then confirm."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "title": "Import a PEEL report",
            "opts": self.model._meta,
        }
        if request.method == "POST" and "confirm" in request.POST:
            return self._confirm_import(request)
        if request.method == "POST":
            form = ImportReportForm(request.POST, request.FILES)
        else:
            form = ImportReportForm()
        if request.method == "POST" and form.is_valid():
            preview = self._preview_import(request, form)
            if preview is not None:
                context |= import_views.preview_context(preview)
        context["form"] = form
        return TemplateResponse(request, "admin/inspections/inspection/import_report.html", context)

    def _preview_import(self, request: HttpRequest, form: ImportReportForm):
        upload = form.cleaned_data["report"]
        force = form.cleaned_data["force"]
        if upload is None:
            form.add_error("report", "Choose the report file.")
            return None
        try:
            source = import_views.read_upload(upload)
            preview = import_report(
                source.text, force_slug=force.slug if force else None, dry_run=True
            )
        except ReportImportError as error:
            form.add_error(None, str(error))
            return None
        request.session[IMPORT_SESSION_KEY] = {
            "text": source.text,
            "force": force.slug if force else None,
        }
        return preview

    def _confirm_import(self, request: HttpRequest):
        pending = request.session.get(IMPORT_SESSION_KEY)
        if not pending:
            messages.error(request, "Nothing to import: upload the report again.")
            return redirect("admin:inspections_inspection_import")
        try:
            result = import_report(
                pending["text"],
                force_slug=pending["force"],
                by=request.user,
                apply_changes=request.POST.get("apply_changes") == "1",
            )
        except ReportImportError as error:
            messages.error(request, str(error))
            return redirect("admin:inspections_inspection_import")
        del request.session[IMPORT_SESSION_KEY]
        verb = "Imported" if result.created else "Updated"
        messages.success(request, f"{verb} {result.inspection}.")
        if result.plan.needs_confirmation and not result.applied_changes:
            messages.warning(
                request,
                "Changes and removals to what was stored were not applied (not confirmed).",
            )
        return redirect("admin:inspections_inspection_change", result.inspection.pk)

    @admin.display(description="Pillar grades")
    def grades(self, obj: Inspection):
        pillars = [j for j in obj.judgments.all() if j.pillar_id]
        return format_html_join(
            " ",
            '<span class="grade grade--{}" title="{}">{}</span>',
            (
                (j.grade, j.pillar.name, f"{j.pillar.name}: {j.get_grade_display()}")
                for j in pillars
            ),
        )

    @admin.display(description="Findings", ordering="finding_total")
    def finding_count(self, obj: Inspection) -> int:
        return obj.finding_total


@admin.register(Judgment)
class JudgmentAdmin(InspectorOnly, AdminCss, admin.ModelAdmin):
    list_display = ["inspection", "area_name", "grade_badge", "inspected", "last_inspected"]
    list_filter = ["grade", "inspected", "inspection__cycle", "inspection__force"]
    search_fields = ["inspection__force__name", "question__name", "pillar__name"]
    list_select_related = ["inspection__force", "inspection__cycle", "pillar", "question"]

    @admin.display(description="Pillar or question")
    def area_name(self, obj: Judgment) -> str:
        return str(obj.area)

    @admin.display(description="Grade", ordering="grade")
    def grade_badge(self, obj: Judgment):
        return grade_label(obj.grade, obj.get_grade_display())


class CloseFindingsForm(forms.Form):
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example: \u201cFound addressed at the 2021/22 inspection.\u201d",
    )


class SupersedeFindingsForm(CloseFindingsForm):
    superseded_by = forms.ModelChoiceField(
        queryset=Finding.objects.all(),
        widget=forms.NumberInput,
        label="Superseded by",
        help_text="The ID of the later finding that replaces them.",
    )


class FindingStatusChangeInline(InspectorOnly, admin.TabularInline):
    """The finding's status history: written by the service, never edited here."""

    model = FindingStatusChange
    fk_name = "finding"
    extra = 0
    can_delete = False
    fields = ["changed_at", "changed_by", "from_status", "to_status", "reason", "superseded_by"]
    readonly_fields = fields
    verbose_name = "status change"
    verbose_name_plural = "status history"

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Finding)
class FindingAdmin(InspectorOnly, admin.ModelAdmin):
    list_display = ["short_text", "kind", "inspection", "area", "status"]
    list_filter = ["kind", "status", "inspection__cycle", "inspection__force"]
    search_fields = ["text", "inspection__force__name"]
    list_select_related = ["inspection__force", "inspection__cycle", "question", "pillar"]
    raw_id_fields = ["continues", "cause_of_concern"]
    readonly_fields = ["status", "status_changed_at", "status_changed_by", "status_reason"]
    # improvements.admin adds the finding's actions (inspections does not know about them).
    inlines = [FindingStatusChangeInline]
    actions = ["mark_addressed", "mark_superseded", "mark_closed", "reopen"]

    def _close(self, request: HttpRequest, queryset, status: FindingStatus):
        """Ask for the reason, then change each finding through the one service: all of
        them or, if any change is refused, none (the message says why)."""
        form_class = (
            SupersedeFindingsForm if status == FindingStatus.SUPERSEDED else CloseFindingsForm
        )
        form = form_class(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            findings = list(queryset)
            try:
                with transaction.atomic():
                    for finding in findings:
                        services.change_finding_status(
                            finding,
                            status,
                            by=request.user,
                            reason=form.cleaned_data["reason"],
                            superseded_by=form.cleaned_data.get("superseded_by"),
                        )
            except services.FindingError as error:
                self.message_user(
                    request, f"Nothing was changed: {finding}: {error}", messages.ERROR
                )
                return None
            verb = "reopened" if status == FindingStatus.OPEN else f"marked {status.label.lower()}"
            self.message_user(request, f"{len(findings)} finding(s) {verb}.", messages.SUCCESS)
            return None
        return TemplateResponse(
            request,
            "admin/inspections/finding/close_findings.html",
            {
                **self.admin_site.each_context(request),
                "title": "Reopen findings"
                if status == FindingStatus.OPEN
                else f"Mark findings {status.label.lower()}",
                "findings": queryset,
                "form": form,
                "action_name": request.POST.get("action"),
                "status": status,
                "opts": self.model._meta,
            },
        )

    @admin.action(description="Mark selected findings addressed")
    def mark_addressed(self, request, queryset):
        return self._close(request, queryset, FindingStatus.ADDRESSED)

    @admin.action(description="Mark selected findings superseded")
    def mark_superseded(self, request, queryset):
        return self._close(request, queryset, FindingStatus.SUPERSEDED)

    @admin.action(description="Mark selected findings closed")
    def mark_closed(self, request, queryset):
        return self._close(request, queryset, FindingStatus.CLOSED)

    @admin.action(description="Reopen selected findings")
    def reopen(self, request, queryset):
        return self._close(request, queryset, FindingStatus.OPEN)


@admin.register(EarlierItemReview)
class EarlierItemReviewAdmin(InspectorOnly, admin.ModelAdmin):
    list_display = ["inspection", "year", "kind", "outcome", "text"]
    list_filter = ["outcome", "kind", "inspection__cycle"]
    list_select_related = ["inspection__force", "inspection__cycle"]
