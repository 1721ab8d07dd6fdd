"""The outbox (every mail is a row first) and each user's choice of mails.

A `Notification` is written in the same transaction as the change or the daily run that
causes it, and sent afterwards by `notifications.delivery`, which claims each row in the
database before sending it. The unique key (recipient, kind, subject, period) means the
same mail is never written, so never sent, twice; the claim means two servers sending at
once send each row once.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from notifications.kinds import Kind

#: A row is tried this many times (once a run) before it is given up.
MAX_ATTEMPTS = 5


class NotificationQuerySet(models.QuerySet):
    def for_user(self, user) -> NotificationQuerySet:
        """The one way in for the pages: a user sees only the mails sent to them."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(recipient=user)


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="notifications"
    )
    kind = models.CharField(max_length=30, choices=Kind.choices)
    # What the mail is about ("action:12", "inspection:3", "force:7", "inspector") and the
    # period it is for ("update:345" for an event, "due-7:2026-12-20" for a reminder,
    # "2026-W49" for a digest): with the recipient and kind, the key of "once only".
    subject_key = models.CharField(max_length=60)
    period = models.CharField(max_length=60)
    email = models.EmailField("sent to", max_length=254)
    subject = models.CharField(max_length=200)
    body_text = models.TextField()
    body_html = models.TextField()
    link = models.URLField(max_length=500, blank=True)
    as_of = models.DateField(help_text="The day the mail is for (the run's date).")
    created_at = models.DateTimeField(default=timezone.now)
    # Claimed by one sender (its token) before sending; a claim older than
    # delivery.CLAIM_TIMEOUT is taken to be a sender that died, and may be claimed again.
    claimed_at = models.DateTimeField(null=True, blank=True)
    claim_token = models.CharField(max_length=32, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    failed_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "kind", "subject_key", "period"],
                name="notification_once_per_period",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=Kind.values), name="notification_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(claimed_at__isnull=True, claim_token="")
                | Q(claimed_at__isnull=False) & ~Q(claim_token=""),
                name="notification_claim_has_token",
            ),
        ]
        indexes = [
            # The sender: rows still to send, oldest first.
            models.Index(
                fields=["created_at"],
                condition=Q(sent_at__isnull=True),
                name="notification_unsent",
            ),
            # "Your notifications": a user's rows, newest first.
            models.Index(fields=["recipient", "-created_at"], name="notification_recipient"),
        ]

    def __str__(self) -> str:
        return f"{self.subject} (to {self.email})"

    @property
    def given_up(self) -> bool:
        return self.sent_at is None and self.attempts >= MAX_ATTEMPTS

    @property
    def state(self) -> str:
        if self.sent_at:
            return "Sent"
        if self.given_up:
            return "Not delivered"
        if self.attempts:
            return "Failed, will retry"
        return "Waiting to send"


class MailPreference(models.Model):
    """A user's choice for one kind of mail. No row: the kind is on (the default)."""

    class Via(models.TextChoices):
        PAGE = "page", "Preferences page"
        LINK = "link", "Unsubscribe link"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mail_preferences"
    )
    kind = models.CharField(max_length=30, choices=Kind.choices)
    enabled = models.BooleanField(default=True)
    changed_at = models.DateTimeField(default=timezone.now)
    changed_via = models.CharField(max_length=10, choices=Via.choices, default=Via.PAGE)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "kind"], name="mail_preference_one_per_kind"),
            models.CheckConstraint(
                condition=Q(kind__in=Kind.values), name="mail_preference_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.get_kind_display()} {'on' if self.enabled else 'off'}"
