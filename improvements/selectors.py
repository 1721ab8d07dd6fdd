"""Reading actions: the scoped, filtered, N+1-free querysets every list shares."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.db.models import Count, QuerySet

from improvements.filters import ActionFilter
from improvements.models import Action
from improvements.rag import rag_expression

if TYPE_CHECKING:
    from django.http import HttpRequest, QueryDict

    from accounts.models import User


def action_queryset(user: User, today: datetime.date) -> QuerySet[Action]:
    """The actions `user` may see, with what a list row shows, in a fixed number of queries."""
    return (
        Action.objects.visible_to(user)
        .with_effective_due_date()
        .annotate(rag=rag_expression(today), evidence_count=Count("evidence", distinct=True))
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
    queryset = action_queryset(request.user, today).order_by("effective_due", "pk")
    return ActionFilter(data or None, queryset=queryset, request=request)
