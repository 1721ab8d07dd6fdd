"""Sending the outbox: claim each row in the database, send it, record the outcome.

Any number of senders may run at once (two servers' daily runs, a page's after-commit
send): each claims a batch with one conditional UPDATE (`claimable`: unsent, not given
up, and unclaimed or claimed so long ago that its sender must have died) under a token of
its own, then sends only the rows its token holds. The database lets one UPDATE win each
row, so each row is sent once. A row that fails is released with its error and tried
again by the next run, up to `MAX_ATTEMPTS` times; the failure is logged and the rest go
on.
"""

from __future__ import annotations

import datetime
import logging
import uuid
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db.models import F, Q
from django.utils import timezone

from notifications.models import MAX_ATTEMPTS, Notification
from notifications.unsubscribe import unsubscribe_url

logger = logging.getLogger(__name__)

#: A claim older than this is taken to be a sender that died; the row may be claimed again.
CLAIM_TIMEOUT = datetime.timedelta(minutes=15)
#: Rows claimed by one UPDATE.
BATCH_SIZE = 100


@dataclass
class DeliveryResult:
    sent: int = 0
    failed: int = 0


def claimable(now: datetime.datetime) -> Q:
    return Q(sent_at__isnull=True, attempts__lt=MAX_ATTEMPTS) & (
        Q(claimed_at__isnull=True) | Q(claimed_at__lt=now - CLAIM_TIMEOUT)
    )


def message_for(row: Notification) -> EmailMultiAlternatives:
    """The mail of a row: plain text with an HTML alternative, and the one-click
    unsubscribe headers of RFC 2369 and RFC 8058."""
    message = EmailMultiAlternatives(
        subject=row.subject,
        body=row.body_text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[row.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe_url(row.recipient_id, row.kind)}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    message.attach_alternative(row.body_html, "text/html")
    return message


def _send(row: Notification, token: str, result: DeliveryResult) -> None:
    try:
        message_for(row).send()
    except Exception as error:
        # One mail that cannot be delivered must not stop the others: log it, release the
        # row with its error, and let the next run try it again.
        logger.exception("Could not send notification %s to %s", row.pk, row.email)
        Notification.objects.filter(pk=row.pk, claim_token=token).update(
            attempts=F("attempts") + 1,
            failed_at=timezone.now(),
            last_error=f"{type(error).__name__}: {error}"[:1000],
            claimed_at=None,
            claim_token="",
        )
        result.failed += 1
        return
    Notification.objects.filter(pk=row.pk, claim_token=token).update(
        sent_at=timezone.now(), attempts=F("attempts") + 1
    )
    result.sent += 1


def deliver_pending(ids: Iterable[int] | None = None) -> DeliveryResult:
    """Send every row that may be claimed now (or only those of `ids`).

    Queries: one to list the candidates; then per batch of `BATCH_SIZE`, one UPDATE to
    claim and one SELECT of what this sender won; then one UPDATE per mail sent or failed.
    """
    candidates = Notification.objects.filter(claimable(timezone.now()))
    if ids is not None:
        candidates = candidates.filter(pk__in=list(ids))
    pks = list(candidates.order_by("pk").values_list("pk", flat=True))
    result = DeliveryResult()
    for start in range(0, len(pks), BATCH_SIZE):
        batch = pks[start : start + BATCH_SIZE]
        token = uuid.uuid4().hex
        now = timezone.now()
        # The conditional claim: a row another sender claimed meanwhile no longer matches
        # `claimable` when this UPDATE reaches it, so it is left to that sender.
        Notification.objects.filter(claimable(now), pk__in=batch).update(
            claimed_at=now, claim_token=token
        )
        won = Notification.objects.filter(pk__in=batch, claim_token=token, sent_at__isnull=True)
        for row in won.order_by("pk"):
            _send(row, token, result)
    return result
