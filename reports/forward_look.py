"""The forward look: which open actions are unlikely to meet their date. The rule, once.

An action is **at risk** when it is still open (not started, in progress or on hold), is
not yet overdue (its effective due date is today or later; overdue actions are reported
as overdue), and either

1. it is due within ``FINAL_DAYS`` (14) days and is less than ``FINAL_PROGRESS`` (75) per
   cent complete; or
2. its progress is more than ``LAG_POINTS`` (25) points behind a straight-line pace from
   the day it was created (0%) to its effective due date (100%): the pace today is
   ``100 * elapsed / window``, with ``elapsed`` the days from creation to today and
   ``window`` the days from creation to the due date.

Rule 2 is computed in whole numbers, so its boundary is exact: the action is at risk when
``100 * elapsed - (progress + 25) * window > 0`` (exactly 25 points behind is not at risk).

`is_at_risk` applies the rule to one action in Python (detail pages, tests);
`at_risk_condition` is the same rule as a database condition, for counting and filtering.
Tests hold the two to the same answers.
"""

from __future__ import annotations

import datetime

from django.db import models
from django.db.models import F, Func, Q, Value
from django.db.models.functions import Coalesce, TruncDate
from django.db.models.lookups import GreaterThan
from django.utils import timezone

from improvements.models import OPEN_STATUSES, Action

#: Progress may lag the straight-line pace by this many points before the action is at risk.
LAG_POINTS = 25
#: An action due within this many days ...
FINAL_DAYS = 14
#: ... is at risk below this much progress (per cent).
FINAL_PROGRESS = 75

RULE_TEXT = (
    f"An open action that is not yet overdue is at risk when it is due within {FINAL_DAYS} "
    f"days and less than {FINAL_PROGRESS}% complete, or when its progress is more than "
    f"{LAG_POINTS} points behind a straight line from 0% on the day it was created to 100% "
    "on its due date."
)


class DaysBetween(Func):
    """Whole days from `start` to `end` (two dates), in the database: end - start."""

    output_field = models.IntegerField()
    arity = 2

    def as_sql(self, compiler, connection, **extra_context):
        start, end = self.source_expressions
        start_sql, start_params = compiler.compile(start)
        end_sql, end_params = compiler.compile(end)
        if connection.vendor == "sqlite":
            sql = f"CAST(julianday({end_sql}) - julianday({start_sql}) AS INTEGER)"
        else:
            sql = f"(CAST({end_sql} AS date) - CAST({start_sql} AS date))"
        return sql, (*end_params, *start_params)


def pace_gap(action: Action, today: datetime.date) -> int:
    """100 x elapsed - (progress + LAG_POINTS) x window; positive means too far behind."""
    created = timezone.localdate(action.created_at)
    elapsed = (today - created).days
    window = (action.effective_due_date - created).days
    return 100 * elapsed - (action.progress + LAG_POINTS) * window


def is_at_risk(action: Action, today: datetime.date) -> bool:
    if action.status not in OPEN_STATUSES:
        return False
    due = action.effective_due_date
    if due < today:
        return False  # overdue already: reported as overdue, not as a forward look
    if (due - today).days <= FINAL_DAYS and action.progress < FINAL_PROGRESS:
        return True
    return pace_gap(action, today) > 0


def at_risk_condition(today: datetime.date) -> Q:
    """The same rule as `is_at_risk`, as a condition on `Action` rows:
    `.filter(at_risk_condition(today))` or `Count("pk", filter=at_risk_condition(today))`."""
    effective_due = Coalesce("revised_due_date", "due_date")
    created = TruncDate("created_at")
    today_value = Value(today, output_field=models.DateField())
    elapsed = DaysBetween(created, today_value)
    window = DaysBetween(created, effective_due)
    gap = Value(100) * elapsed - (F("progress") + Value(LAG_POINTS)) * window
    final_end = today + datetime.timedelta(days=FINAL_DAYS)
    not_overdue = Q(revised_due_date__gte=today) | Q(
        revised_due_date__isnull=True, due_date__gte=today
    )
    due_soon = Q(revised_due_date__lte=final_end) | Q(
        revised_due_date__isnull=True, due_date__lte=final_end
    )
    return (
        Q(status__in=OPEN_STATUSES)
        & not_overdue
        & ((due_soon & Q(progress__lt=FINAL_PROGRESS)) | GreaterThan(gap, 0))
    )
