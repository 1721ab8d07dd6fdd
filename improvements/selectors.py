"""Reading actions: the scoped, filtered, N+1-free querysets every list shares."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.db.models import Count, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce

from improvements.deadlines import rag_expression
from improvements.filters import ActionFilter
from improvements.models import Action, Evidence

if TYPE_CHECKING:
    from django.http import HttpRequest, QueryDict

    from accounts.models import User


def _evidence_count() -> Coalesce:
    """Evidence per action as a subquery: no GROUP BY over every column of the list."""
    per_action = (
        Evidence.objects.filter(action=OuterRef("pk"))
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
