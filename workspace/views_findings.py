"""The findings register (every finding the user may see, filtered, sorted, paged) and an
inspector's change of a finding's status from its page.

Reading goes through `improvements.selectors.finding_register` (scoped by
`Finding.objects.visible_to`, annotated with the actions' figures, N+1-free); the page
runs a fixed number of queries whatever the number of findings
(tests/workspace/test_findings_register.py pins them).
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from improvements.filters import FindingFilter
from improvements.selectors import finding_register as select_finding_register
from peel.page_cache import per_session
from workspace.views_lists import selected_filters

#: Rows per page of the register.
PAGE_SIZE = 25

#: Columns: (sort key of FindingFilter.sort or "", heading).
COLUMNS = [
    ("", "Finding"),
    ("force", "Force"),
    ("published", "Inspection"),
    ("status", "Status"),
    ("deadline", "Deadline"),
    ("actions", "Actions"),
    ("progress", "Progress"),
]
#: The register's order when no sort is chosen (newest inspection first): no column's.
DEFAULT_SORT = ""

FILTER_FIELDS = ["q", "overdue", "status", "kind", "force", "cycle", "inspection", "question"]


def _prepare_filter_form(filterset: FindingFilter, user) -> None:
    """Presentation only: which filters this user sees, and how choices read."""
    form = filterset.form
    if not (user.sees_all_forces or user.is_superuser):
        del form.fields["force"]  # force staff see one force: nothing to choose
    form.fields["q"].help_text = "Words in the finding, for example: supervision"
    form.fields["question"].label_from_instance = lambda q: f"{q.name} ({q.cycle.year})"
    form.fields["inspection"].label_from_instance = lambda i: (
        f"{i.cycle.name}" if user.is_force_staff else f"{i.force.name}: {i.cycle.name}"
    )


@login_required
@require_GET
@per_session
def finding_register(request: HttpRequest) -> HttpResponse:
    """Every finding the user may see, with its actions' figures, 25 to a page."""
    user = request.user
    today = timezone.localdate()
    filterset = select_finding_register(request, request.GET, today)
    _prepare_filter_form(filterset, user)
    findings = filterset.qs
    if filterset.is_bound and filterset.form.cleaned_data.get("sort"):
        findings = findings.order_by(*findings.query.order_by, "pk")  # a stable page order
    paginator = Paginator(findings, PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    form = filterset.form
    sees_forces = user.sees_all_forces or user.is_superuser
    return render(
        request,
        "workspace/finding_register.html",
        {
            "wide": True,
            "form": form,
            "filter_fields": [form[name] for name in FILTER_FIELDS if name in form.fields],
            "selected_filters": selected_filters(filterset, request),
            "hidden": [("sort", request.GET["sort"])] if request.GET.get("sort") else [],
            "page_obj": page,
            "page_range": paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1),
            "columns": [(k, h) for k, h in COLUMNS if k != "force" or sees_forces],
            "sees_forces": sees_forces,
            "default_sort": DEFAULT_SORT,
        },
    )
