"""Actions a force takes on a finding, their dated timeline, and the evidence behind them.

State changes go through `improvements.services` (which consults `improvements.workflow`);
nothing here changes status on save, and there are no signals.
"""

from __future__ import annotations

import datetime
import uuid
from pathlib import PurePath
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import storages
from django.db import models
from django.db.models import BooleanField, ExpressionWrapper, Q
from django.db.models.functions import Coalesce
from django.utils import timezone

from inspections.models import Finding, scoped

if TYPE_CHECKING:
    from accounts.models import User


class Status(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    ON_HOLD = "on_hold", "On hold"
    SUBMITTED = "submitted", "Submitted for verification"
    VERIFIED = "verified", "Verified"
    CANCELLED = "cancelled", "Cancelled"


#: The force is still working on these.
OPEN_STATUSES = (Status.NOT_STARTED, Status.IN_PROGRESS, Status.ON_HOLD)
#: Nothing more happens to these.
CLOSED_STATUSES = (Status.VERIFIED, Status.CANCELLED)


class Priority(models.TextChoices):
    HIGH = "high", "High"
    MEDIUM = "medium", "Medium"
    LOW = "low", "Low"


def overdue_condition(today: datetime.date) -> Q:
    """Overdue: still being worked on (not submitted, verified or cancelled) and past its
    due date (the revised one, if there is one)."""
    return Q(status__in=OPEN_STATUSES) & (
        Q(revised_due_date__lt=today) | Q(revised_due_date__isnull=True, due_date__lt=today)
    )


def due_within_condition(days: int, today: datetime.date) -> Q:
    """Due soon: still being worked on and due from today up to `days` days ahead."""
    end = today + datetime.timedelta(days=days)
    due = Q(revised_due_date__isnull=False, revised_due_date__gte=today, revised_due_date__lte=end)
    original = Q(revised_due_date__isnull=True, due_date__gte=today, due_date__lte=end)
    return Q(status__in=OPEN_STATUSES) & (due | original)


class ActionQuerySet(models.QuerySet):
    def visible_to(self, user: User) -> ActionQuerySet:
        """The one way to decide which actions a user may see (pages, exports, API): the
        scope of their finding's inspection, filtered on the join (`inspection_scope`)."""
        return scoped(self, user, "finding__inspection__")

    def editable_by(self, user: User) -> ActionQuerySet:
        """Force leads edit their own force's actions; nobody else does."""
        if not user.is_authenticated or not user.is_force_lead:
            return self.none()
        return self.visible_to(user)

    def with_effective_due_date(self) -> ActionQuerySet:
        return self.annotate(effective_due=Coalesce("revised_due_date", "due_date"))

    def open(self) -> ActionQuerySet:
        return self.filter(status__in=OPEN_STATUSES)

    def overdue(self, today: datetime.date) -> ActionQuerySet:
        return self.filter(overdue_condition(today))

    def with_overdue(self, today: datetime.date) -> ActionQuerySet:
        """Annotate `overdue_now`: the same rule as `overdue()`, for each row of a list."""
        return self.annotate(
            overdue_now=ExpressionWrapper(overdue_condition(today), output_field=BooleanField())
        )

    def due_within(self, days: int, today: datetime.date) -> ActionQuerySet:
        """Open actions due from today up to `days` days ahead (not yet overdue)."""
        return self.filter(due_within_condition(days, today))


class Action(models.Model):
    finding = models.ForeignKey(Finding, on_delete=models.PROTECT, related_name="actions")
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="owned_actions",
        limit_choices_to={"role": "force_lead"},
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NOT_STARTED)
    priority = models.CharField(max_length=10, choices=Priority.choices, default=Priority.MEDIUM)
    due_date = models.DateField("original due date")
    revised_due_date = models.DateField(null=True, blank=True)
    revised_due_reason = models.TextField(blank=True)
    revised_due_agreed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    revised_due_agreed_at = models.DateTimeField(null=True, blank=True)
    # A new due date the force has proposed, waiting for an inspector to agree or decline
    # it (services.propose_due_date / agree_due_date / decline_due_date).
    proposed_due_date = models.DateField(null=True, blank=True)
    proposed_due_reason = models.TextField(blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    proposed_at = models.DateTimeField(null=True, blank=True)
    progress = models.PositiveSmallIntegerField(default=0, help_text="Per cent complete, 0-100.")
    # Compared on every save so that two people editing the same action cannot silently
    # overwrite each other (see services._save_if_unchanged).
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    verified_at = models.DateTimeField(null=True, blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = ActionQuerySet.as_manager()

    class Meta:
        ordering = ["due_date", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(progress__lte=100), name="action_progress_0_100"),
            models.CheckConstraint(
                condition=Q(status__in=Status.values), name="action_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(priority__in=Priority.values), name="action_priority_valid"
            ),
            models.CheckConstraint(
                condition=Q(revised_due_date__isnull=True) | ~Q(revised_due_reason=""),
                name="action_revised_due_date_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(
                    proposed_due_date__isnull=True,
                    proposed_due_reason="",
                    proposed_by__isnull=True,
                    proposed_at__isnull=True,
                )
                | (
                    Q(
                        proposed_due_date__isnull=False,
                        proposed_by__isnull=False,
                        proposed_at__isnull=False,
                    )
                    & ~Q(proposed_due_reason="")
                ),
                name="action_proposed_due_date_complete",
            ),
            models.CheckConstraint(
                condition=~Q(status="verified")
                | Q(verified_at__isnull=False, verified_by__isnull=False),
                name="action_verified_has_who_and_when",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["submitted", "verified"]) | Q(submitted_at__isnull=False),
                name="action_submitted_has_date",
            ),
        ]
        indexes = [
            # "My actions" and overdue lists: open actions of an owner by due date.
            models.Index(fields=["owner", "status", "due_date"], name="action_owner_status_due"),
            # The verification queue: submitted actions, oldest first.
            models.Index(fields=["status", "submitted_at"], name="action_status_submitted"),
            # The queue's due dates to agree: actions with a proposal waiting, oldest first.
            models.Index(
                fields=["proposed_at"],
                condition=Q(proposed_due_date__isnull=False),
                name="action_proposal_waiting",
            ),
            # Lists sort, and overdue filters compare, by the effective due date.
            models.Index(
                Coalesce("revised_due_date", "due_date"), "id", name="action_effective_due"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.finding_id and self.finding.kind == "commended_practice":
            raise ValidationError({"finding": "Commended practice needs no action."})
        if self.owner_id and self.finding_id:
            force_id = self.finding.inspection.force_id
            if not (self.owner.is_force_lead and self.owner.force_id == force_id):
                raise ValidationError(
                    {"owner": "The owner must be a force lead in the finding's force."}
                )
        if self.revised_due_date and not self.revised_due_reason.strip():
            raise ValidationError({"revised_due_reason": "Give a reason for the new due date."})

    @property
    def effective_due_date(self) -> datetime.date:
        return self.revised_due_date or self.due_date

    @property
    def has_proposed_due_date(self) -> bool:
        """A new due date is waiting for an inspector to agree or decline it."""
        return self.proposed_due_date is not None

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def is_overdue(self, today: datetime.date) -> bool:
        return self.is_open and self.effective_due_date < today

    def days_overdue(self, today: datetime.date) -> int:
        return (today - self.effective_due_date).days if self.is_overdue(today) else 0


class ActionUpdateQuerySet(models.QuerySet):
    def visible_to(self, user: User) -> ActionUpdateQuerySet:
        return scoped(self, user, "action__finding__inspection__")


class ActionUpdate(models.Model):
    """A dated, signed entry in an action's timeline: a note, a status change, or both."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="updates")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    note = models.TextField(blank=True)
    from_status = models.CharField(max_length=20, choices=Status.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=Status.choices, blank=True)
    progress = models.PositiveSmallIntegerField(null=True, blank=True)
    revised_due_date = models.DateField(null=True, blank=True)

    objects = ActionUpdateQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        get_latest_by = "created_at"
        constraints = [
            models.CheckConstraint(
                condition=~Q(note="")
                | ~Q(to_status="")
                | Q(progress__isnull=False)
                | Q(revised_due_date__isnull=False),
                name="update_says_something",
            ),
            models.CheckConstraint(
                condition=Q(from_status="", to_status="") | (~Q(from_status="") & ~Q(to_status="")),
                name="update_status_change_has_both_ends",
            ),
            models.CheckConstraint(
                condition=Q(progress__isnull=True) | Q(progress__lte=100),
                name="update_progress_0_100",
            ),
        ]
        indexes = [
            # Status history by month for progress-over-time reports.
            models.Index(fields=["to_status", "created_at"], name="update_status_month"),
            # An action's timeline newest first, and its latest entry (the action export's
            # "Latest update": one index probe per action, no sort).
            models.Index(fields=["action", "-created_at", "-id"], name="update_action_newest"),
        ]

    def __str__(self) -> str:
        if self.to_status:
            return f"{self.get_from_status_display()} -> {self.get_to_status_display()}"
        return self.note[:60]

    @property
    def is_status_change(self) -> bool:
        return bool(self.to_status)


def evidence_storage():
    return storages["evidence"]


def evidence_path(instance: Evidence, filename: str) -> str:
    """A generated name: the user's file name never reaches the file system."""
    suffix = PurePath(filename).suffix.lower()[:10]
    return f"{uuid.uuid4().hex}{suffix}"


class EvidenceQuerySet(models.QuerySet):
    def visible_to(self, user: User) -> EvidenceQuerySet:
        """Evidence is seen (and its files downloaded) by whoever may see its action."""
        return scoped(self, user, "action__finding__inspection__")


class Evidence(models.Model):
    """A file or a link that shows what an action achieved."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="evidence")
    description = models.CharField(max_length=500)
    file = models.FileField(storage=evidence_storage, upload_to=evidence_path, blank=True)
    url = models.URLField("link", max_length=500, blank=True)
    original_name = models.CharField(max_length=255, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveBigIntegerField(null=True, blank=True)
    sha256 = models.CharField("SHA-256", max_length=64, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    added_at = models.DateTimeField(default=timezone.now)

    objects = EvidenceQuerySet.as_manager()

    class Meta:
        ordering = ["-added_at", "-pk"]
        verbose_name_plural = "evidence"
        constraints = [
            models.CheckConstraint(
                condition=(Q(file="") & ~Q(url="")) | (~Q(file="") & Q(url="")),
                name="evidence_file_xor_link",
            ),
            models.CheckConstraint(
                condition=Q(file="")
                | (Q(size__isnull=False) & ~Q(sha256="") & ~Q(content_type="")),
                name="evidence_file_has_size_type_hash",
            ),
        ]

    def __str__(self) -> str:
        return self.description

    @property
    def is_file(self) -> bool:
        return bool(self.file)
