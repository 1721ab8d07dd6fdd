"""The History pages: a finding's and an inspection's changes, for inspectors.

Out of the user's scope: 404 (as everywhere). In scope but not an inspector: 403 with
the reason. Each page runs a fixed number of queries (tests/history pins them): the
session, the user, the finding or inspection, the count of entries and one page of them.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from history.selectors import can_see_history, changes, finding_entries, inspection_entries
from inspections.models import Finding, Inspection

#: Changes per page.
PAGE_SIZE = 50

NOT_ALLOWED = (
    "Only inspectors can see the change history. The action timeline on each action's "
    "page shows what the force and the inspectors did."
)


def _history(
    request: HttpRequest,
    entries: QuerySet,
    *,
    title: str,
    caption: str,
    back_href: str,
    back_text: str,
) -> HttpResponse:
    context = {"title": title, "caption": caption, "back_href": back_href, "back_text": back_text}
    if not can_see_history(request.user):
        return render(
            request, "history/not_allowed.html", {**context, "reason": NOT_ALLOWED}, status=403
        )
    paginator = Paginator(entries, PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    return render(
        request,
        "history/history.html",
        {
            **context,
            "changes": changes(list(page.object_list)),
            "page_obj": page,
            "page_range": paginator.get_elided_page_range(page.number),
        },
    )


@login_required
def finding_history(request: HttpRequest, pk: int) -> HttpResponse:
    finding = get_object_or_404(
        Finding.objects.visible_to(request.user).select_related(
            "inspection__force", "inspection__cycle"
        ),
        pk=pk,
    )
    return _history(
        request,
        finding_entries(finding),
        title=f"History of the {finding.get_kind_display().lower()}",
        caption=f"{finding.inspection.force.name}, {finding.inspection.cycle.name}",
        back_href=reverse("workspace:finding_detail", args=[finding.pk]),
        back_text=f"Back to the {finding.get_kind_display().lower()}",
    )


@login_required
def inspection_history(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = get_object_or_404(
        Inspection.objects.visible_to(request.user).select_related("force", "cycle"), pk=pk
    )
    return _history(
        request,
        inspection_entries(inspection),
        title="History of the inspection",
        caption=f"{inspection.force.name}, {inspection.cycle.name}",
        back_href=reverse("reports:inspection", args=[inspection.pk]),
        back_text="Back to the inspection report",
    )
