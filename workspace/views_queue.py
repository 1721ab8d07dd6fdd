"""The verification queue: what waits for an inspector, a page at a time, by force.

Submitted actions come oldest first with their evidence and the lead's note (the note of
the latest submission), and the verify and return forms; then the new due dates forces
have proposed, oldest first, with the agree and decline forms. Each list is paged on its
own (`page`, `dates_page`) and both follow the force filter. Inspectors only: for anyone
else the page does not exist (404). A fixed number of queries whatever the queue's size
(tests/workspace/test_queue.py pins them).
"""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import OuterRef, Prefetch, QuerySet, Subquery
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from accounts.models import User
from improvements.models import CLOSED_STATUSES, Action, ActionUpdate, Evidence, Status
from inspections.models import Force
from peel.page_cache import per_session
from workspace.views_actions import queue_forms

#: Cards per page of each list (each card carries its evidence and two forms).
PAGE_SIZE = 20

RELATED = (
    "owner",
    "finding__inspection__force",
    "finding__inspection__cycle",
    "finding__question",
    "finding__pillar",
)


class QueueFilter(forms.Form):
    force = forms.ModelChoiceField(
        queryset=Force.objects.order_by("name"),
        to_field_name="slug",
        required=False,
        empty_label="All forces",
        error_messages={"invalid_choice": "Choose a force from the list."},
    )


def submitted_for_verification(user: User, force: Force | None) -> QuerySet[Action]:
    """Submitted actions, oldest first, each with `submission_note`: what the lead wrote
    when they last submitted it."""
    latest_submission = ActionUpdate.objects.filter(
        action=OuterRef("pk"), to_status=Status.SUBMITTED
    ).order_by("-created_at", "-pk")
    actions = (
        Action.objects.visible_to(user)
        .filter(status=Status.SUBMITTED)
        .select_related(*RELATED)
        .prefetch_related(
            Prefetch("evidence", queryset=Evidence.objects.select_related("added_by"))
        )
        .annotate(submission_note=Subquery(latest_submission.values("note")[:1]))
        .order_by("submitted_at", "pk")
    )
    return actions.filter(finding__inspection__force=force) if force else actions


def due_dates_to_decide(user: User, force: Force | None) -> QuerySet[Action]:
    actions = (
        Action.objects.visible_to(user)
        .filter(proposed_due_date__isnull=False)
        .exclude(status__in=CLOSED_STATUSES)
        .select_related(*RELATED, "proposed_by", "revised_due_agreed_by")
        .order_by("proposed_at", "pk")
    )
    return actions.filter(finding__inspection__force=force) if force else actions


@dataclass(frozen=True)
class PageLink:
    number: int | str
    href: str
    current: bool = False

    @property
    def is_ellipsis(self) -> bool:
        return self.number == Paginator.ELLIPSIS


def _href(request: HttpRequest, param: str, number: int) -> str:
    query = request.GET.copy()
    query[param] = str(number)
    return f"?{query.urlencode()}"


def _page(request: HttpRequest, actions: QuerySet[Action], param: str) -> dict:
    """One list's page, and its links (each list has its own page parameter, and keeps
    the other's and the force filter)."""
    paginator = Paginator(actions, PAGE_SIZE)
    page = paginator.get_page(request.GET.get(param))
    links = [
        PageLink(
            number,
            "" if number == Paginator.ELLIPSIS else _href(request, param, number),
            number == page.number,
        )
        for number in paginator.get_elided_page_range(page.number)
    ]
    return {
        "page": page,
        "links": links,
        "previous": _href(request, param, page.number - 1) if page.has_previous() else "",
        "next": _href(request, param, page.number + 1) if page.has_next() else "",
    }


@login_required
@require_GET
@per_session
def verification_queue(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not user.is_inspector:
        raise Http404
    form = QueueFilter(request.GET or None)
    valid = form.is_valid() if form.is_bound else True
    force = form.cleaned_data.get("force") if form.is_bound and valid else None
    queue = _page(request, submitted_for_verification(user, force), "page")
    dates = _page(request, due_dates_to_decide(user, force), "dates_page")
    context = {
        "form": form,
        "force": force,
        "queue_pages": queue,
        "queue": [
            {"action": action, "forms": queue_forms(action, ("verify", "return"))}
            for action in queue["page"].object_list
        ],
        "dates_pages": dates,
        "due_dates": [
            {"action": action, "forms": queue_forms(action, ("agree", "decline"))}
            for action in dates["page"].object_list
        ],
    }
    return render(
        request, "workspace/verification_queue.html", context, status=200 if valid else 400
    )
