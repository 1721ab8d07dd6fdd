"""Report pages and exports: parse the request, call one selector, render or write a file.

Scope comes from the models' `visible_to`: a force or inspection the user may not see is
a 404, and the national report is only for inspectors and national managers.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.views.decorators.http import require_GET

from improvements import deadlines
from improvements.models import Status
from improvements.selectors import action_list
from inspections import pcc
from inspections.models import Finding, Inspection
from peel.page_cache import per_session
from reports import charts, selectors
from reports.exports import export_response
from reports.tables import (
    action_list_table,
    force_report_tables,
    inspection_report_tables,
    national_report_tables,
)

STATUS_SERIES = [(s.value.replace("_", "-"), s.label) for s in Status]


def _months(request: HttpRequest) -> int:
    try:
        months = int(request.GET.get("months", selectors.DEFAULT_MONTHS))
    except ValueError:
        return selectors.DEFAULT_MONTHS
    return months if months in selectors.MONTH_CHOICES else selectors.DEFAULT_MONTHS


@require_GET
@login_required
@per_session
def index(request: HttpRequest) -> HttpResponse:
    forces = list(selectors.visible_forces(request.user).order_by("name"))
    # Force staff see their own force's inspections listed; national roles pick a force.
    inspections = (
        list(
            Inspection.objects.visible_to(request.user)
            .select_related("force", "cycle")
            .order_by("-cycle__year")
        )
        if request.user.is_force_staff
        else []
    )
    return render(
        request,
        "reports/index.html",
        {
            "forces": forces,
            "inspections": inspections,
            "national": selectors.may_see_national_report(request.user),
        },
    )


# --- Force report ----------------------------------------------------------------------


def _force_charts(report: selectors.ForceReport) -> dict:
    by_inspection = charts.stacked_bar_chart(
        "chart-actions-by-status",
        f"Actions by status, by inspection, {report.force.name}",
        "Each bar is one inspection's actions, split by status. "
        "The table after the chart gives the same figures.",
        STATUS_SERIES,
        [
            (s.inspection.cycle.name, [s.actions.by_status[st.value] for st in Status])
            for s in report.inspections
        ],
    )
    progress = charts.line_chart(
        "chart-progress",
        f"Actions opened, submitted and verified per month, {report.force.name}",
        f"Monthly counts over the last {report.months} months. "
        "The table after the chart gives the same figures.",
        [row.month.strftime("%b %Y") for row in report.progress],
        [
            ("opened", "Opened", [row.opened for row in report.progress]),
            ("submitted", "Submitted", [row.submitted for row in report.progress]),
            ("verified", "Verified", [row.verified for row in report.progress]),
        ],
    )
    return {"by_inspection": by_inspection, "progress": progress}


@require_GET
@login_required
@per_session
def force_report(request: HttpRequest, slug: str) -> HttpResponse:
    force = get_object_or_404(selectors.reportable_forces(request.user), slug=slug)
    months = _months(request)
    report = selectors.force_report(request.user, force, timezone.localdate(), months)
    query = f"?months={months}"
    return render(
        request,
        "reports/force_report.html",
        {
            "report": report,
            "charts": _force_charts(report),
            "month_choices": selectors.MONTH_CHOICES,
            "rule": deadlines.RULE_TEXT,
            "list_limit": selectors.LIST_LIMIT,
            "due_soon_days": deadlines.DUE_SOON_DAYS,
            "export_csv": reverse("reports:force_export", args=[force.slug, "csv"]) + query,
            "export_xlsx": reverse("reports:force_export", args=[force.slug, "xlsx"]) + query,
            "pcc_summaries": _pcc(request, inspection__force=force, by="inspection"),
        },
    )


@require_GET
@login_required
def force_report_export(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    force = get_object_or_404(selectors.reportable_forces(request.user), slug=slug)
    months = _months(request)
    report = selectors.force_report(request.user, force, timezone.localdate(), months, limit=None)
    return export_response(
        fmt,
        stem=f"force-report-{force.slug}",
        report=f"Force report: {force.name}",
        filters=[("Force", force.name), ("Months of progress", str(months))],
        tables=force_report_tables(report),
    )


# --- Inspection report -----------------------------------------------------------------


def _inspection(request: HttpRequest, pk: int) -> Inspection:
    return get_object_or_404(
        Inspection.objects.visible_to(request.user).select_related("force", "cycle"), pk=pk
    )


@require_GET
@login_required
@per_session
def inspection_report(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = _inspection(request, pk)
    report = selectors.inspection_report(request.user, inspection, timezone.localdate())
    return render(request, "reports/inspection_report.html", {"report": report})


@require_GET
@login_required
def inspection_report_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    inspection = _inspection(request, pk)
    report = selectors.inspection_report(request.user, inspection, timezone.localdate())
    return export_response(
        fmt,
        stem=f"inspection-report-{inspection.force.slug}-{slugify(inspection.cycle.year)}",
        report=f"Inspection report: {inspection}",
        filters=[("Inspection", str(inspection))],
        tables=inspection_report_tables(report),
    )


# --- National report -------------------------------------------------------------------


def _national(request: HttpRequest) -> selectors.NationalReport:
    if not selectors.may_see_national_report(request.user):
        raise Http404("The national report is for inspectors and national managers.")
    return selectors.national_report(
        request.user,
        timezone.localdate(),
        cycle_slug=request.GET.get("cycle"),
        sort=request.GET.get("sort", selectors.DEFAULT_NATIONAL_SORT),
        force_slug=request.GET.get("force"),
    )


def _comparison_chart(report: selectors.NationalReport):
    comparison = report.comparison
    if comparison is None:
        return None
    items = [(row.force.name, row.percent_verified) for row in comparison.rows]
    items.append(("Most similar group", comparison.group_percent_verified))
    return charts.bar_chart(
        "chart-msg-verified",
        f"Actions verified: {comparison.force.name} and its most similar group",
        f"Per cent of actions verified for the {report.cycle.name} inspections, for the force, "
        "each force in its most similar group, and the group as a whole. "
        "The table after the chart gives the same figures.",
        items,
        max_value=100,
        unit="%",
        highlight=comparison.force.name,
        total="Most similar group",
    )


@require_GET
@login_required
@per_session
def national_report(request: HttpRequest) -> HttpResponse:
    report = _national(request)
    cycle = {"inspection__cycle": report.cycle} if report.cycle else {}
    return render(
        request,
        "reports/national_report.html",
        {
            "report": report,
            "comparison_chart": _comparison_chart(report),
            "pcc_summaries": _pcc(request, **cycle, by="force"),
        },
    )


def _pcc(request: HttpRequest, *, by: str, **scope) -> list[pcc.ResponseSummary]:
    """The PCC's responses (inspections.pcc): the recommendations and their responses,
    two queries."""
    findings = Finding.objects.visible_to(request.user).filter(**scope)
    return pcc.summarise(pcc.recommendations_with_responses(findings, timezone.localdate()), by=by)


@require_GET
@login_required
def national_report_export(request: HttpRequest, fmt: str) -> HttpResponse:
    report = _national(request)
    filters = []
    if report.cycle is not None:
        filters.append(("Cycle", report.cycle.name))
    if report.comparison is not None:
        filters.append(("Compared force", report.comparison.force.name))
    return export_response(
        fmt,
        stem="national-report" + (f"-{slugify(report.cycle.year)}" if report.cycle else ""),
        report="National report",
        filters=filters,
        tables=national_report_tables(report),
    )


# --- Action list export ----------------------------------------------------------------


@require_GET
@login_required
def actions_export(request: HttpRequest, fmt: str) -> HttpResponse:
    """The action list as a file, filtered by the same FilterSet as the list page."""
    today = timezone.localdate()
    action_filter = action_list(request, request.GET, today)
    if action_filter.is_bound and not action_filter.is_valid():
        problems = "; ".join(
            f"{action_filter.form.fields[name].label or name}: {' '.join(errors)}"
            for name, errors in action_filter.form.errors.items()
        )
        return HttpResponseBadRequest(
            f"The filters could not be applied, so nothing was exported. {problems}",
            content_type="text/plain; charset=utf-8",
        )
    return export_response(
        fmt,
        stem="actions",
        report="Actions",
        filters=action_filter.applied(),
        tables=[action_list_table(action_filter.qs, today)],
    )
