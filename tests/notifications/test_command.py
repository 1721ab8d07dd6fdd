"""`manage.py send_notifications`: as of a day, a dry run that changes nothing, and the
demo as the README describes it (today's mails, nothing on a second run, overdue
reminders 40 days later)."""

import datetime
from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.utils import timezone

from notifications.models import Notification
from tests.factories import ActionFactory
from tests.notifications.conftest import DAY, days

pytestmark = pytest.mark.django_db


def command(*args) -> str:
    out = StringIO()
    call_command("send_notifications", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_date_runs_as_of_that_day(finding, owner):
    ActionFactory(finding=finding, owner=owner, due_date=DAY + days(7), title="Audit")
    output = command("--date", DAY.isoformat())
    assert "2026-03-04: 1 new mail(s) written; 1 sent, 0 failed" in output
    assert [m.subject for m in mail.outbox] == ["Due in 7 days: Audit"]


def test_a_dry_run_shows_what_would_go_and_changes_nothing(finding, owner):
    ActionFactory(finding=finding, owner=owner, due_date=DAY + days(7), title="Audit")
    output = command("--date", DAY.isoformat(), "--dry-run")
    assert "1 new mail(s) would be written:" in output
    assert f"{owner.email}  [due_reminder]  Due in 7 days: Audit" in output
    assert not Notification.objects.exists()
    assert mail.outbox == []


def test_a_dry_run_lists_mails_still_waiting(finding, owner):
    ActionFactory(finding=finding, owner=owner, due_date=DAY + days(7), title="Audit")
    from notifications import outbox
    from notifications.daily import drafts_for

    outbox.write(drafts_for(DAY), DAY)
    output = command("--date", DAY.isoformat(), "--dry-run")
    assert "0 new mail(s) would be written:" in output
    assert "1 mail(s) already waiting would be sent:" in output
    assert Notification.objects.get().sent_at is None


def test_a_bad_date_is_refused():
    with pytest.raises(CommandError, match=r"--date must be a date as YYYY-MM-DD"):
        command("--date", "4/3/2026")


def test_the_demo_as_documented(reference_data, settings):
    from demo.loader import load_demo_data

    settings.DEBUG = True
    load_demo_data()
    mail.outbox.clear()
    today = timezone.localdate()

    first = command()
    subjects = sorted(m.subject for m in mail.outbox)
    # (in a test the demo's "assigned" mails are still waiting too: no commit has run)
    assert "5 new mail(s) written" in first
    assert any(s.startswith("Overdue by 20 days: ") for s in subjects)
    assert any(s.startswith("PCC response due in 10 days: ") for s in subjects)
    assert any(s.startswith("Your weekly summary: Cambridgeshire") for s in subjects)

    mail.outbox.clear()
    assert "0 new mail(s) written; 0 sent" in command()
    assert mail.outbox == []

    later = (today + datetime.timedelta(days=40)).isoformat()
    command("--date", later)
    overdue = sorted(m.subject for m in mail.outbox if m.subject.startswith("Overdue"))
    assert overdue == [
        "Overdue by 20 days: Brief neighbourhood officers on safeguarding plans",
        "Overdue by 60 days: Train neighbourhood supervisors in problem solving",
    ]
