"""The PCC's statutory responses (inspections.pcc): where each recommendation stands, and
the page on which the force's managers record the response.

- Anonymous visitors sign in first.
- Everything is scoped by `Finding.objects.visible_to(user)`: a recommendation or an
  inspection outside the user's scope is a 404.
- Anyone who may see a recommendation may read its response; only a force manager of its
  force records one (`pcc.can_record`): anyone else posting gets 403 with the reason.
- A form with a mistake is 400 with the reasons; a response recorded by someone else
  since the form was shown is 409, with theirs shown; nothing is lost either way.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from inspections import pcc
from inspections.models import Finding, FindingKind, Inspection
from notifications.forms import PccResponseForm


@login_required
def pcc_index(request: HttpRequest) -> HttpResponse:
    """Inspections with recommendations, and how many responses are due, done and late.
    Queries: the recommendations (with inspection, force, cycle) and their responses."""
    today = timezone.localdate()
    rows = pcc.recommendations_with_responses(Finding.objects.visible_to(request.user), today)
    return render(
        request,
        "notifications/pcc_index.html",
        {
            "summaries": pcc.summarise(rows, by="inspection"),
            "today": today,
            "days": pcc.RESPONSE_DAYS,
        },
    )


@login_required
def pcc_inspection(request: HttpRequest, pk: int) -> HttpResponse:
    inspection = get_object_or_404(
        Inspection.objects.visible_to(request.user).select_related("force", "cycle"), pk=pk
    )
    today = timezone.localdate()
    rows = pcc.recommendations_with_responses(inspection.findings.all(), today)
    return render(
        request,
        "notifications/pcc_inspection.html",
        {
            "inspection": inspection,
            "rows": rows,
            "deadline": pcc.response_deadline(inspection),
            "counts": pcc.count_states(rows),
            "today": today,
            "may_record": pcc.can_record(request.user, inspection),
        },
    )


def _page(request, finding, form, *, status=200, errors=None) -> HttpResponse:
    today = timezone.localdate()
    history = list(
        finding.pcc_responses.select_related("recorded_by").order_by("-recorded_at", "-pk")
    )
    current = finding.pcc_responses.current().first()
    deadline = pcc.response_deadline(finding.inspection)
    return render(
        request,
        "notifications/pcc_respond.html",
        {
            "finding": finding,
            "inspection": finding.inspection,
            "current": current,
            "history": history,
            "deadline": deadline,
            "state": pcc.response_state(deadline, current.published_on if current else None, today),
            "form": form,
            "may_record": pcc.can_record(request.user, finding.inspection),
            "errors": errors or [],
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def pcc_respond(request: HttpRequest, pk: int) -> HttpResponse:
    finding = get_object_or_404(
        Finding.objects.visible_to(request.user)
        .filter(kind=FindingKind.RECOMMENDATION)
        .select_related("inspection__force", "inspection__cycle"),
        pk=pk,
    )
    current = finding.pcc_responses.current().first()
    if request.method == "GET":
        initial = {"based_on": current.pk if current else None}
        if current:
            initial |= {
                "response": current.response,
                "outcome": current.outcome,
                "action": current.action,
                "no_action_reason": current.no_action_reason,
                "link": current.link,
            }
            if current.published_on:
                initial |= {
                    "published_day": current.published_on.day,
                    "published_month": current.published_on.month,
                    "published_year": current.published_on.year,
                }
        return _page(request, finding, PccResponseForm(initial=initial))
    form = PccResponseForm(request.POST)
    if not pcc.can_record(request.user, finding.inspection):
        return _page(
            request,
            finding,
            form,
            status=403,
            errors=[{"text": pcc.CANNOT_RECORD, "href": "#main-content"}],
        )
    if not form.is_valid():
        return _page(request, finding, form, status=400)
    data = form.cleaned_data
    based_on = (
        finding.pcc_responses.filter(pk=data["based_on"]).first() if data["based_on"] else None
    )
    try:
        pcc.record_response(
            finding,
            by=request.user,
            based_on=based_on,
            response=data["response"],
            outcome=data["outcome"],
            action=data["action"],
            no_action_reason=data["no_action_reason"],
            published_on=data["published_on"],
            link=data["link"],
        )
    except pcc.ResponseConflict as conflict:
        return _page(
            request,
            finding,
            form,
            status=409,
            errors=[{"text": str(conflict), "href": "#current-response"}],
        )
    messages.success(request, "The PCC\u2019s response is recorded.")
    return redirect("notifications:pcc_inspection", finding.inspection_id)
