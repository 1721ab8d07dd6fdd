"""Date reminders to owners: due in 30, 7 and 1 days; overdue, then weekly while overdue.

Chosen by window, not by exact day, so a day the job did not run is caught up the next
day, and a threshold that has passed is never sent late:

- "due in 30 days" while 8 to 30 days are left, "due in 7 days" while 2 to 7 are left,
  "due in 1 day" on the last day and the day itself (1 or 0 days left);
- "overdue" in each week the action stays overdue (days 1-7, 8-14, ...): once a week.

The period key (threshold and due date, or overdue week and due date) makes each one
once only; a new due date starts its own reminders. The date rules themselves (what is
open, due soon and overdue) are `improvements`'; this module only picks the windows.
"""

from __future__ import annotations

import datetime

from django.urls import reverse

from improvements import deadlines
from improvements.deadlines import long_date
from improvements.models import Action
from notifications.action_events import action_context
from notifications.kinds import Kind
from notifications.outbox import Draft
from notifications.unsubscribe import absolute

#: The thresholds, largest first; each window runs down to the next one. The first is the
#: date rules' due-soon window (30 days).
REMINDER_DAYS = (deadlines.DUE_SOON_DAYS, 7, 1)


def reminder_threshold(days_left: int) -> int | None:
    """The reminder whose window `days_left` falls in (None before 30 days and once
    overdue): the smallest threshold at or above it."""
    if days_left < 0 or days_left > REMINDER_DAYS[0]:
        return None
    return min(t for t in REMINDER_DAYS if days_left <= t)


def overdue_week(days_overdue: int) -> int:
    """0 for the first seven days overdue, 1 for the next seven, ..."""
    return (days_overdue - 1) // 7


def _actions(queryset):
    return queryset.filter(owner__isnull=False).select_related(
        "owner", "finding__inspection__force"
    )


def _link(action: Action) -> str:
    return absolute(reverse("workspace:action_detail", args=[action.pk]))


def due_reminder_drafts(today: datetime.date) -> list[Draft]:
    """One query: open actions with an owner due in the next 30 days."""
    drafts = []
    for action in _actions(Action.objects.due_soon(today, days=REMINDER_DAYS[0])):
        due = action.effective_due_date
        days_left = deadlines.days_to_due(action, today)
        threshold = reminder_threshold(days_left)
        if threshold is None:
            continue
        when = {0: "today", 1: "tomorrow"}.get(days_left, f"in {days_left} days")
        drafts.append(
            Draft(
                recipient=action.owner,
                kind=Kind.DUE_REMINDER,
                subject_key=f"action:{action.pk}",
                period=f"due-{threshold}:{due.isoformat()}",
                subject=f"Due {when}: {action.title}",
                template="action",
                context={
                    **action_context(action),
                    "lines": [
                        f"This action is due {when}, on {long_date(due)}. It is "
                        f"{action.progress}% complete.",
                        "If it cannot be done by then, propose a new due date on the action "
                        "page, with the reason.",
                    ],
                },
                link=_link(action),
            )
        )
    return drafts


def overdue_drafts(today: datetime.date) -> list[Draft]:
    """One query: open actions with an owner past their due date."""
    drafts = []
    for action in _actions(Action.objects.overdue(today)):
        due = action.effective_due_date
        days = deadlines.days_overdue(action, today)
        week = overdue_week(days)
        drafts.append(
            Draft(
                recipient=action.owner,
                kind=Kind.OVERDUE,
                subject_key=f"action:{action.pk}",
                period=f"overdue-{week}:{due.isoformat()}",
                subject=f"Overdue by {days} day{'s' if days != 1 else ''}: {action.title}",
                template="action",
                context={
                    **action_context(action),
                    "lines": [
                        f"This action was due on {long_date(due)} and is {days} "
                        f"day{'s' if days != 1 else ''} overdue. It is {action.progress}% "
                        "complete.",
                        "Post an update, submit it with its evidence, or propose a new due "
                        "date with the reason. You will be reminded each week it stays "
                        "overdue.",
                    ],
                },
                link=_link(action),
            )
        )
    return drafts
