"""A finding's page: what it says, its grade, its dated status history, its lineage both
ways (the finding it continues, those that continue or supersede it), its actions; and an
inspector's change of its status, posted from the page.

Who gets what: a finding the user may not see is a 404 (page and post alike). Anyone who
may see it reads the page; only inspectors change the status (others posting get 403 with
the reason). A change refused for now (a mistake in the form, or
`inspections.services.change_finding_status` refusing it) is a 400 with the reason and
what was typed. A change that works redirects to the page with a success banner.

Open actions when a finding is closed: they stay open, listed on the page, and the form
says so before the inspector decides. HMICFRS closes a finding on inspection evidence,
not on the force's paperwork, so the force's unfinished actions do not hold that decision
back; and nobody's record is rewritten without a decision about it: an inspector
verifies or cancels each remaining action, with its own reason, from the action's page.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from improvements import workflow
from improvements.deadlines import LEGEND
from improvements.models import OPEN_STATUSES, Status
from improvements.selectors import action_queryset
from inspections.models import Finding, FindingStatus, FindingStatusChange, Judgment
from inspections.services import FindingError, change_finding_status
from peel.page_cache import per_session
from workspace.forms_plan import FindingStatusForm

if TYPE_CHECKING:
    from django.http import HttpRequest, HttpResponse

#: Actions still to be finished or decided: the force's open ones and those submitted.
UNFINISHED_STATUSES = (*OPEN_STATUSES, Status.SUBMITTED)

SUCCESS = {
    FindingStatus.ADDRESSED: "Finding marked addressed.",
    FindingStatus.SUPERSEDED: "Finding marked superseded.",
    FindingStatus.CLOSED: "Finding closed.",
    FindingStatus.OPEN: "Finding reopened.",
}


def _visible(user):
    return Finding.objects.visible_to(user).select_related(
        "inspection__force", "inspection__cycle", "question__pillar", "pillar"
    )


def _status_form(request: HttpRequest, finding: Finding, data=None) -> FindingStatusForm:
    candidates = (
        _visible(request.user)
        .filter(inspection__force_id=finding.inspection.force_id)
        .exclude(pk=finding.pk)
        .order_by("-inspection__published_on", "order", "pk")
    )
    return FindingStatusForm(data, finding=finding, candidates=candidates, auto_id="%s")


def render_finding_page(
    request: HttpRequest,
    finding: Finding,
    *,
    status: int = 200,
    form: FindingStatusForm | None = None,
    message: str = "",
) -> HttpResponse:
    user = request.user
    today = timezone.localdate()
    visible = _visible(user)
    earlier = visible.filter(pk=finding.continues_id).first() if finding.continues_id else None
    later = list(visible.filter(continues=finding).order_by("inspection__published_on", "pk"))
    history = list(
        FindingStatusChange.objects.filter(finding=finding).select_related(
            "changed_by", "superseded_by__inspection__cycle"
        )
    )
    shown_ids = set(
        visible.filter(
            pk__in=[c.superseded_by_id for c in history if c.superseded_by_id]
        ).values_list("pk", flat=True)
    )
    superseded_by = next(
        (c.superseded_by for c in history if c.to_status == FindingStatus.SUPERSEDED), None
    )
    supersedes = list(
        visible.filter(
            status=FindingStatus.SUPERSEDED, status_changes__superseded_by=finding
        ).distinct()
    )
    pillar = finding.pillar or (finding.question.pillar if finding.question else None)
    area = Q(question_id=finding.question_id) if finding.question_id else Q(pk__in=[])
    if pillar is not None:
        area |= Q(pillar=pillar)
    judgments = {
        ("question" if j.question_id else "pillar"): j
        for j in Judgment.objects.visible_to(user).filter(area, inspection_id=finding.inspection_id)
    }
    recommendations = (
        list(finding.recommendations.order_by("order", "pk"))
        if finding.kind == Finding.Kind.CAUSE_OF_CONCERN
        else []
    )
    actions = list(
        action_queryset(user, today).filter(finding=finding).order_by("effective_due_date", "pk")
    )
    can_change_status = user.is_inspector
    if can_change_status and form is None:
        form = _status_form(request, finding)
    errors = [{"text": message, "href": "#status-form"}] if message else []
    return render(
        request,
        "workspace/finding_detail.html",
        {
            "finding": finding,
            "pillar": pillar,
            "question_judgment": judgments.get("question"),
            "pillar_judgment": judgments.get("pillar"),
            "earlier": earlier,
            "later": later,
            "history": history,
            "shown_ids": shown_ids,
            "superseded_by": superseded_by
            if superseded_by and superseded_by.pk in shown_ids
            else None,
            "supersedes": supersedes,
            "recommendations": recommendations,
            "actions": actions,
            "unfinished": [a for a in actions if a.status in UNFINISHED_STATUSES],
            "can_add_action": workflow.can_add_action(user, finding),
            "can_change_status": can_change_status,
            "status_form": form if can_change_status else None,
            "errors": errors,
            "today": today,
            "rag_legend": LEGEND,
        },
        status=status,
    )


@login_required
@require_GET
@per_session
def finding_detail(request: HttpRequest, pk: int) -> HttpResponse:
    finding = get_object_or_404(_visible(request.user).select_related("cause_of_concern"), pk=pk)
    return render_finding_page(request, finding)


@login_required
@require_POST
def change_status(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark the finding addressed, superseded or closed, or reopen it (inspectors)."""
    user = request.user
    finding = get_object_or_404(_visible(user).select_related("cause_of_concern"), pk=pk)
    if not user.is_inspector:
        return render_finding_page(
            request, finding, status=403, message="Only an inspector may change a finding's status."
        )
    form = _status_form(request, finding, request.POST)
    if not form.is_valid():
        return render_finding_page(request, finding, status=400, form=form)
    data = form.cleaned_data
    try:
        change_finding_status(
            finding,
            data["to_status"],
            by=user,
            reason=data["reason"],
            superseded_by=data["superseded_by"],
        )
    except FindingError as error:
        return render_finding_page(request, finding, status=400, form=form, message=str(error))
    messages.success(request, SUCCESS[FindingStatus(data["to_status"])])
    return redirect("workspace:finding_detail", pk=finding.pk)
