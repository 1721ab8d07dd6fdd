"""Owners are reminded 30, 7 and 1 days before an action is due, then when it is
overdue and weekly while it stays overdue: chosen by window, so a skipped day is caught up
and a passed threshold is never sent late."""

import pytest

from improvements.models import Status
from notifications.reminders import overdue_week, reminder_threshold
from tests.factories import ActionFactory
from tests.notifications.conftest import DAY, days

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("days_left", "threshold"),
    [
        (31, None),
        (30, 30),
        (8, 30),
        (7, 7),
        (2, 7),
        (1, 1),
        (0, 1),
        (-1, None),
    ],
)
def test_each_day_falls_in_one_window(days_left, threshold):
    assert reminder_threshold(days_left) == threshold


@pytest.mark.parametrize(
    ("days_overdue", "week"), [(1, 0), (7, 0), (8, 1), (14, 1), (15, 2), (70, 9)]
)
def test_overdue_weeks_start_on_the_first_day_overdue(days_overdue, week):
    assert overdue_week(days_overdue) == week


def due_in(finding, owner, n):
    return ActionFactory(finding=finding, owner=owner, due_date=DAY + days(n), title="Audit")


def test_run_every_day_sends_each_reminder_once_on_its_first_day(run, finding, owner):
    due_in(finding, owner, 35)
    sent = {offset: run(DAY + days(offset)) for offset in range(0, 50)}
    days_with_mail = {offset: subjects for offset, subjects in sent.items() if subjects}

    # due on day 35: 30 days before (day 5), 7 before (day 28), 1 before (day 34); overdue
    # the day after (day 36), then each week (days 43 and 50 would be next).
    assert days_with_mail == {
        5: ["Due in 30 days: Audit"],
        28: ["Due in 7 days: Audit"],
        34: ["Due tomorrow: Audit"],
        36: ["Overdue by 1 day: Audit"],
        43: ["Overdue by 8 days: Audit"],
    }


def test_a_skipped_day_is_caught_up_the_next_day(run, finding, owner):
    due_in(finding, owner, 30)
    # the job did not run on DAY (30 days left): the next day sends the 30-day reminder
    assert run(DAY + days(1)) == ["Due in 29 days: Audit"]
    assert run(DAY + days(2)) == []


def test_a_passed_threshold_is_not_sent_late(run, finding, owner):
    due_in(finding, owner, 20)
    # created 20 days before: only the 30-day window is open, and it sends once
    assert run(DAY) == ["Due in 20 days: Audit"]
    # the job then stops until after the due date: no late "7 days" or "tomorrow", the
    # overdue notice instead
    assert run(DAY + days(22)) == ["Overdue by 2 days: Audit"]


def test_due_today_still_gets_the_last_reminder_if_the_day_before_was_missed(run, finding, owner):
    due_in(finding, owner, 0)
    assert run(DAY) == ["Due today: Audit"]


def test_a_new_due_date_starts_its_own_reminders(run, finding, owner):
    action = due_in(finding, owner, 5)
    assert run(DAY) == ["Due in 5 days: Audit"]
    action.revised_due_date, action.revised_due_reason = DAY + days(6), "Trainer ill."
    action.save()
    assert run(DAY + days(1)) == ["Due in 5 days: Audit"]


@pytest.mark.parametrize("status", [Status.SUBMITTED, Status.VERIFIED, Status.CANCELLED])
def test_actions_no_longer_worked_on_get_no_reminders(run, finding, owner, status):
    action = due_in(finding, owner, 5)
    late = due_in(finding, owner, -5)
    for each in (action, late):
        each.status = status
        each.submitted_at = each.verified_at = "2026-01-01T00:00Z"
        each.verified_by = owner
        each.save()
    assert run(DAY) == []


def test_an_action_on_hold_is_still_reminded(run, finding, owner):
    action = due_in(finding, owner, 7)
    action.status = Status.ON_HOLD
    action.save()
    assert run(DAY) == ["Due in 7 days: Audit"]


def test_an_action_without_an_owner_reminds_nobody(run, finding):
    ActionFactory(finding=finding, owner=None, due_date=DAY + days(1))
    ActionFactory(finding=finding, owner=None, due_date=DAY - days(3))
    assert run(DAY) == []
