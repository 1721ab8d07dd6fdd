"""Reading actions and findings: the scoped, filtered, N+1-free querysets every list shares."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.db.models import Avg, Count, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404

from improvements.deadlines import rag_expression
from improvements.filters import ActionFilter, FindingFilter
from improvements.models import Action, Evidence, Status
from inspections.models import Finding

if TYPE_CHECKING:
    from django.http import HttpRequest, QueryDict

    from accounts.models import User


def _evidence_count() -> Coalesce:
    """Evidence per action as a subquery: no GROUP BY over every column of the list."""
    per_action = (
        Evidence.objects.current()
        .filter(action=OuterRef("pk"))
        .order_by()
        .values("action")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(per_action), 0)


def action_queryset(user: User, today: datetime.date) -> QuerySet[Action]:
    """The actions `user` may see, with what a list row shows, in a fixed number of queries."""
    return (
        Action.objects.visible_to(user)
        .with_overdue(today)
        .annotate(rag=rag_expression(today), evidence_count=_evidence_count())
        .select_related(
            "owner",
            "finding__question__pillar",
            "finding__pillar",
            "finding__inspection__force",
            "finding__inspection__cycle",
        )
    )


def action_list(
    request: HttpRequest, data: QueryDict | dict | None, today: datetime.date
) -> ActionFilter:
    """Apply the shared FilterSet to what the user may see; `.qs` is the filtered list."""
    queryset = action_queryset(request.user, today).order_by("effective_due_date", "pk")
    return ActionFilter(data or None, queryset=queryset, request=request, today=today)


# --- Findings ---------------------------------------------------------------------------


def _per_finding(actions: QuerySet[Action], value) -> Subquery:
    """One figure per finding from its actions, as a subquery (no GROUP BY over the list)."""
    return Subquery(
        actions.filter(finding=OuterRef("pk"))
        .order_by()
        .values("finding")
        .annotate(v=value)
        .values("v")
    )


def finding_queryset(user: User, today: datetime.date) -> QuerySet[Finding]:
    """The findings `user` may see, with what a register row shows: the number of actions
    (cancelled ones aside), how many are verified, how many are overdue, and their mean
    progress; one query whatever the number of findings."""
    live = Action.objects.exclude(status=Status.CANCELLED)
    return (
        Finding.objects.visible_to(user)
        .select_related("inspection__force", "inspection__cycle", "question", "pillar")
        .annotate(
            action_count=Coalesce(_per_finding(live, Count("pk")), 0),
            verified_count=Coalesce(
                _per_finding(live.filter(status=Status.VERIFIED), Count("pk")), 0
            ),
            overdue_count=Coalesce(_per_finding(Action.objects.overdue(today), Count("pk")), 0),
            progress=_per_finding(live, Avg("progress")),
        )
    )


def finding_register(
    request: HttpRequest, data: QueryDict | dict | None, today: datetime.date
) -> FindingFilter:
    """Apply the shared FindingFilter to what the user may see, in the register's order:
    newest inspection first, then the report's own order."""
    queryset = finding_queryset(request.user, today).order_by(
        "-inspection__published_on", "inspection__force__name", "order", "pk"
    )
    return FindingFilter(data or None, queryset=queryset, request=request)


def downloadable_evidence(user: User, pk: int) -> Evidence:
    """The evidence file `user` may download (the page and the API both ask this): 404
    unless they may see its action, or it is a link rather than a file."""
    return get_object_or_404(Evidence.objects.visible_to(user).exclude(file=""), pk=pk)
