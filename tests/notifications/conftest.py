"""Helpers for the notifications tests: run the daily job as of a day, read the mails."""

import datetime

import pytest
from django.core import mail

from notifications.daily import run_daily
from notifications.models import Notification

#: A fixed Wednesday, so that weeks and windows are known.
DAY = datetime.date(2026, 3, 4)


def days(n: int) -> datetime.timedelta:
    return datetime.timedelta(days=n)


@pytest.fixture
def run():
    """Run the daily job as of `day`; return the subjects of the mails it sent."""

    def _run(day: datetime.date) -> list[str]:
        before = len(mail.outbox)
        run_daily(day)
        return [message.subject for message in mail.outbox[before:]]

    return _run


def kinds_sent(kind: str | None = None) -> list[tuple[str, str]]:
    rows = Notification.objects.filter(sent_at__isnull=False)
    if kind:
        rows = rows.filter(kind=kind)
    return list(rows.order_by("pk").values_list("kind", "period"))


SITE = "https://peel.example.org"


@pytest.fixture(autouse=True)
def site_url(settings):
    """Mails link back with absolute addresses from settings.SITE_URL."""
    settings.SITE_URL = SITE
    return SITE
