"""The daily work of the notifications: reminders, digests, PCC reminders, then sending.

    manage.py send_notifications                 # as of today
    manage.py send_notifications --date 2026-03-27
    manage.py send_notifications --dry-run       # show what would be written and sent

Run it once a day (README: cron line and systemd timer). Running it again the same day,
or on two servers at once, sends nothing twice. A mail that cannot be delivered is logged
and tried again by the next run; the others still go.
"""

from __future__ import annotations

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from notifications.daily import run_daily
from peel.request_context import channel


def _date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"--date must be a date as YYYY-MM-DD, not {value!r}.") from None


class Command(BaseCommand):
    help = "Write the day's reminders and digests to the outbox and send what is waiting."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--date", help="Run as of this day (YYYY-MM-DD); default today.")
        parser.add_argument(
            "--dry-run", action="store_true", help="Show what would be sent; change nothing."
        )

    def handle(self, *args, date: str | None = None, dry_run: bool = False, **options) -> None:
        today = _date(date) if date else timezone.localdate()
        with channel("command"):
            result = run_daily(today, dry_run=dry_run)
        if dry_run:
            self.stdout.write(f"Dry run for {today:%Y-%m-%d}: nothing is written or sent.")
            self.stdout.write(f"{len(result.written)} new mail(s) would be written:")
            for row in result.written:
                self.stdout.write(f"  {row.email}  [{row.kind}]  {row.subject}")
            self.stdout.write(f"{len(result.waiting)} mail(s) already waiting would be sent:")
            for row in result.waiting:
                self.stdout.write(f"  {row.email}  [{row.kind}]  {row.subject}")
            return
        self.stdout.write(
            f"{today:%Y-%m-%d}: {len(result.written)} new mail(s) written; "
            f"{result.sent} sent, {result.failed} failed (retried next run)."
        )
        if result.failed:
            self.stderr.write(f"{result.failed} mail(s) could not be delivered: see the log.")
