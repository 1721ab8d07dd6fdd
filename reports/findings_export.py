"""The findings register as a CSV or XLSX file, filtered by the same FindingFilter as the
page (`improvements.selectors.finding_register`), scoped the same way."""

from __future__ import annotations

from collections.abc import Iterator

from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.utils import timezone
from django.views.decorators.http import require_GET

from improvements.selectors import finding_register
from inspections.models import Finding
from reports.exports import Table, export_response

HEADERS = [
    "Force",
    "Inspection",
    "Published",
    "Type",
    "Question",
    "Finding",
    "Status",
    "Deadline as worded",
    "Deadline",
    "Actions",
    "Verified",
    "Overdue",
    "Mean progress (%)",
]


def _rows(findings: QuerySet[Finding]) -> Iterator[list]:
    for finding in findings.iterator(chunk_size=500):
        yield [
            finding.inspection.force.name,
            finding.inspection.cycle.name,
            finding.inspection.published_on,
            finding.get_kind_display(),
            finding.area.name if finding.area else "",
            finding.text,
            finding.get_status_display(),
            finding.deadline_text,
            finding.deadline,
            finding.action_count,
            finding.verified_count,
            finding.overdue_count,
            round(finding.progress) if finding.progress is not None else None,
        ]


def findings_table(findings: QuerySet[Finding]) -> Table:
    return Table("Findings", HEADERS, _rows(findings))


@require_GET
@login_required
def findings_export(request: HttpRequest, fmt: str) -> HttpResponse:
    """The findings register as a file; filters that do not parse are a 400, not a guess."""
    filterset = finding_register(request, request.GET, timezone.localdate())
    if filterset.is_bound and not filterset.is_valid():
        problems = "; ".join(
            f"{filterset.form.fields[name].label or name}: {' '.join(errors)}"
            for name, errors in filterset.form.errors.items()
        )
        return HttpResponseBadRequest(
            f"The filters could not be applied, so nothing was exported. {problems}",
            content_type="text/plain; charset=utf-8",
        )
    return export_response(
        fmt,
        stem="findings",
        report="Findings",
        filters=filterset.applied(),
        tables=[findings_table(filterset.qs)],
    )
