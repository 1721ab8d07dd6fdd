"""The RAG (red, amber, green, blue) rule for actions, written down once.

Pages show `LEGEND`; lists and reports colour with `rag_for` (one action in Python) or
`rag_expression` (in the database, to filter and count). Tests hold the two to the same rule.
"""

from __future__ import annotations

import datetime

from django.db import models
from django.db.models import Case, Q, Value, When

from improvements.models import OPEN_STATUSES, Action, Status

#: An open action due within this many days is amber unless it is far enough along.
AMBER_WINDOW_DAYS = 30
#: Progress (per cent) at or above which an action due soon is still green.
AMBER_PROGRESS = 75


class Rag(models.TextChoices):
    RED = "red", "Red"
    AMBER = "amber", "Amber"
    GREEN = "green", "Green"
    BLUE = "blue", "Blue"
    GREY = "grey", "Cancelled"


LEGEND: list[tuple[Rag, str]] = [
    (Rag.RED, "Overdue (past its due date and not yet submitted), or on hold."),
    (
        Rag.AMBER,
        f"Due within {AMBER_WINDOW_DAYS} days and less than {AMBER_PROGRESS}% complete.",
    ),
    (Rag.GREEN, "On track, or submitted and awaiting verification."),
    (Rag.BLUE, "Complete and verified by an inspector."),
    (Rag.GREY, "Cancelled by an inspector."),
]


def rag_for(action: Action, today: datetime.date) -> Rag:
    status = action.status
    if status == Status.VERIFIED:
        return Rag.BLUE
    if status == Status.CANCELLED:
        return Rag.GREY
    if status == Status.ON_HOLD:
        return Rag.RED
    if status in OPEN_STATUSES:
        due = action.effective_due_date
        if due < today:
            return Rag.RED
        if (due - today).days <= AMBER_WINDOW_DAYS and action.progress < AMBER_PROGRESS:
            return Rag.AMBER
    return Rag.GREEN


def rag_expression(today: datetime.date) -> Case:
    """The same rule as `rag_for`, as a database expression: `.annotate(rag=...)`."""
    is_open = Q(status__in=OPEN_STATUSES)
    past_due = Q(revised_due_date__lt=today) | Q(revised_due_date__isnull=True, due_date__lt=today)
    amber_end = today + datetime.timedelta(days=AMBER_WINDOW_DAYS)
    due_soon = Q(revised_due_date__lte=amber_end) | Q(
        revised_due_date__isnull=True, due_date__lte=amber_end
    )
    return Case(
        When(status=Status.VERIFIED, then=Value(Rag.BLUE.value)),
        When(status=Status.CANCELLED, then=Value(Rag.GREY.value)),
        When(status=Status.ON_HOLD, then=Value(Rag.RED.value)),
        When(is_open & past_due, then=Value(Rag.RED.value)),
        When(is_open & due_soon & Q(progress__lt=AMBER_PROGRESS), then=Value(Rag.AMBER.value)),
        default=Value(Rag.GREEN.value),
        output_field=models.CharField(),
    )
