"""The daily run: write the day's reminders and digests to the outbox, then send every
row still to send (today's, and any earlier one that failed).

Safe to run twice the same day (the outbox's unique key writes nothing new) and on two
servers at once (the same key, and the sender's claim): see notifications.delivery.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from notifications import delivery, outbox
from notifications.digests import force_digest_drafts, inspector_digest_drafts, managers_by_force
from notifications.models import Notification
from notifications.pcc_reminders import pcc_drafts
from notifications.reminders import due_reminder_drafts, overdue_drafts


@dataclass
class DailyResult:
    written: list[Notification] = field(default_factory=list)
    # What is sent: today's rows and any earlier ones still waiting (for a dry run, what
    # would be: nothing is claimed or sent).
    waiting: list[Notification] = field(default_factory=list)
    sent: int = 0
    failed: int = 0


def drafts_for(today: datetime.date) -> list[outbox.Draft]:
    managers = managers_by_force()
    return [
        *due_reminder_drafts(today),
        *overdue_drafts(today),
        *force_digest_drafts(today, managers),
        *pcc_drafts(today, managers),
        *inspector_digest_drafts(today),
    ]


def run_daily(today: datetime.date, *, dry_run: bool = False) -> DailyResult:
    if dry_run:
        new = [outbox.render(draft, today) for draft in outbox.select(drafts_for(today))]
        waiting = list(Notification.objects.filter(delivery.claimable(timezone.now())))
        return DailyResult(written=new, waiting=waiting)
    with transaction.atomic():
        written = outbox.write(drafts_for(today), today)
    result = delivery.deliver_pending()
    return DailyResult(written=written, sent=result.sent, failed=result.failed)
