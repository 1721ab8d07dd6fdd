"""Every rule about an action's dates, written down once: overdue, due soon, RAG, at risk.

All of them read the action's stored effective due date (`Action.effective_due_date`, the
revised due date if one was agreed, else the original: a generated column, computed by the
database and indexed). Each rule comes in two forms that tests hold to the same answers:

- a Python function for one action already loaded (`is_overdue`, `rag_for`, `is_at_risk`);
- a database condition or expression for lists, counts and exports
  (`overdue_condition`, `due_soon_condition`, `rag_expression`, `at_risk_condition`), also
  reached as `Action.objects.overdue(today)` and `Action.objects.due_soon(today)`.

Pages, reports, exports, the API and the reminders use these; none computes a date itself.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.db import models
from django.db.models import Case, F, Func, Q, Value, When
from django.db.models.functions import TruncDate
from django.db.models.lookups import GreaterThan
from django.utils import timezone
from django.utils.formats import date_format

from improvements.models import OPEN_STATUSES, Status

if TYPE_CHECKING:
    from improvements.models import Action

#: "Due soon": an open action due from today up to this many days ahead. The one
#: definition: My actions' group, the reports' count and the RAG amber window.
DUE_SOON_DAYS = 30
#: Progress (per cent) at or above which an action due soon is still green.
AMBER_PROGRESS = 75

#: The forward look: progress may lag the straight-line pace by this many points ...
LAG_POINTS = 25
#: ... and an action due within this many days ...
FINAL_DAYS = 14
#: ... is at risk below this much progress (per cent).
FINAL_PROGRESS = 75


# --- Overdue and due soon -------------------------------------------------------------------


def _is_open() -> Q:
    # Written as the partial index `action_open_effective_due` is (improvements.models), so
    # PostgreSQL can prove the index covers every row these conditions select.
    return Q(status__in=OPEN_STATUSES)


def overdue_condition(today: datetime.date) -> Q:
    """Overdue: still being worked on (not submitted, verified or cancelled) and past its
    effective due date."""
    return _is_open() & Q(effective_due_date__lt=today)


def due_soon_condition(today: datetime.date, days: int = DUE_SOON_DAYS) -> Q:
    """Due soon: still being worked on and due from today up to `days` days ahead."""
    end = today + datetime.timedelta(days=days)
    return _is_open() & Q(effective_due_date__gte=today, effective_due_date__lte=end)


def is_overdue(action: Action, today: datetime.date) -> bool:
    """`overdue_condition` for one action."""
    return action.status in OPEN_STATUSES and action.effective_due_date < today


def days_overdue(action: Action, today: datetime.date) -> int:
    """Whole days past the effective due date; 0 when not overdue."""
    return (today - action.effective_due_date).days if is_overdue(action, today) else 0


def days_to_due(action: Action, today: datetime.date) -> int:
    """Whole days from today to the effective due date (negative when past it)."""
    return (action.effective_due_date - today).days


def due_note(action: Action, today: datetime.date) -> tuple[str, str] | None:
    """What a list row says about an open action's date, as (colour, words): overdue by
    N days, due today, or due in N days within the due-soon window; None otherwise."""
    if action.status not in OPEN_STATUSES:
        return None
    days = days_to_due(action, today)
    if days < 0:
        return "red", f"Overdue by {-days} day{'s' if days != -1 else ''}"
    if days == 0:
        return "orange", "Due today"
    if days <= DUE_SOON_DAYS:
        return "yellow", f"Due in {days} day{'s' if days != 1 else ''}"
    return None


# --- RAG ------------------------------------------------------------------------------------


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
        f"Due within {DUE_SOON_DAYS} days and less than {AMBER_PROGRESS}% complete.",
    ),
    (Rag.GREEN, "On track, or submitted and awaiting verification."),
    (Rag.BLUE, "Complete and verified by an inspector."),
    (Rag.GREY, "Cancelled by an inspector."),
]


def rag_for(action: Action, today: datetime.date) -> Rag:
    """The RAG colour of one action."""
    status = action.status
    if status == Status.VERIFIED:
        return Rag.BLUE
    if status == Status.CANCELLED:
        return Rag.GREY
    if status == Status.ON_HOLD:
        return Rag.RED
    if is_overdue(action, today):
        return Rag.RED
    if (
        status in OPEN_STATUSES
        and days_to_due(action, today) <= DUE_SOON_DAYS
        and action.progress < AMBER_PROGRESS
    ):
        return Rag.AMBER
    return Rag.GREEN


def rag_expression(today: datetime.date) -> Case:
    """The same rule as `rag_for`, as a database expression: `.annotate(rag=...)`."""
    return Case(
        When(status=Status.VERIFIED, then=Value(Rag.BLUE.value)),
        When(status=Status.CANCELLED, then=Value(Rag.GREY.value)),
        When(status=Status.ON_HOLD, then=Value(Rag.RED.value)),
        When(overdue_condition(today), then=Value(Rag.RED.value)),
        When(
            due_soon_condition(today) & Q(progress__lt=AMBER_PROGRESS),
            then=Value(Rag.AMBER.value),
        ),
        default=Value(Rag.GREEN.value),
        output_field=models.CharField(),
    )


# --- The forward look: at risk --------------------------------------------------------------

RULE_TEXT = (
    f"An open action that is not yet overdue is at risk when it is due within {FINAL_DAYS} "
    f"days and less than {FINAL_PROGRESS}% complete, or when its progress is more than "
    f"{LAG_POINTS} points behind a straight line from 0% on the day it was created to 100% "
    "on its due date."
)
# An action is at risk when it is still open, not yet overdue (overdue actions are reported
# as overdue), and either (1) due within FINAL_DAYS days and under FINAL_PROGRESS per cent
# complete, or (2) more than LAG_POINTS points behind a straight-line pace from 0% on the
# day it was created to 100% on its effective due date. Rule 2 is computed in whole
# numbers, so its boundary is exact: at risk when
# 100 * elapsed - (progress + LAG_POINTS) * window > 0, with `elapsed` the days from
# creation to today and `window` the days from creation to the due date.


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
    if action.status not in OPEN_STATUSES or is_overdue(action, today):
        return False
    if days_to_due(action, today) <= FINAL_DAYS and action.progress < FINAL_PROGRESS:
        return True
    return pace_gap(action, today) > 0


def at_risk_condition(today: datetime.date) -> Q:
    """The same rule as `is_at_risk`, as a condition on `Action` rows:
    `.filter(at_risk_condition(today))` or `Count("pk", filter=at_risk_condition(today))`."""
    created = TruncDate("created_at")
    today_value = Value(today, output_field=models.DateField())
    elapsed = DaysBetween(created, today_value)
    window = DaysBetween(created, F("effective_due_date"))
    gap = Value(100) * elapsed - (F("progress") + Value(LAG_POINTS)) * window
    final_end = today + datetime.timedelta(days=FINAL_DAYS)
    return (
        _is_open()
        & Q(effective_due_date__gte=today)
        & (
            (Q(effective_due_date__lte=final_end) & Q(progress__lt=FINAL_PROGRESS))
            | GreaterThan(gap, 0)
        )
    )


def long_date(day: datetime.date | datetime.datetime) -> str:
    """How a date reads in timelines, pages and mails: 27 March 2026 (a moment, as its day
    in the site's time zone)."""
    if isinstance(day, datetime.datetime):
        day = timezone.localdate(day)
    return date_format(day, "j F Y")
