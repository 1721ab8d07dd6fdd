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
from peel.change_record import RecordsChanges

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


class ActionQuerySet(models.QuerySet):
    def visible_to(self, user: User) -> ActionQuerySet:
        """The one way to decide which actions a user may see (pages, exports, API): the
        scope of their finding's inspection, filtered on the join (`inspection_scope`),
        the force tested on the action's own copy of it: PostgreSQL reads that force's
        actions by index (`action_force_due`) and no other force's. (Testing both copies
        would have it expect almost no rows, and plan for that, before statistics.)"""
        return scoped(self, user, "finding__inspection__", force_field="force_id")

    def overdue(self, today: datetime.date) -> ActionQuerySet:
        """Open actions past their due date (the rule: `improvements.deadlines`)."""
        from improvements import deadlines

        return self.filter(deadlines.overdue_condition(today))

    def due_soon(self, today: datetime.date, days: int | None = None) -> ActionQuerySet:
        """Open actions due from today up to `days` (by default `DUE_SOON_DAYS`) ahead."""
        from improvements import deadlines

        if days is None:
            days = deadlines.DUE_SOON_DAYS
        return self.filter(deadlines.due_soon_condition(today, days))

    def with_overdue(self, today: datetime.date) -> ActionQuerySet:
        """Annotate `overdue_now`: the same rule as `overdue()`, for each row of a list."""
        from improvements import deadlines

        return self.annotate(
            overdue_now=ExpressionWrapper(
                deadlines.overdue_condition(today), output_field=BooleanField()
            )
        )


class Action(RecordsChanges, models.Model):
    finding = models.ForeignKey(Finding, on_delete=models.PROTECT, related_name="actions")
    # The finding's force, stored with the action when it is created (it never changes: a
    # finding's inspection, and an inspection's force, are fixed once it has actions), so
    # that a force's lists walk its own actions in due-date order (`action_force_due`)
    # instead of the nation's, whatever the size of the other forces' data.
    force = models.ForeignKey(
        "inspections.Force", on_delete=models.PROTECT, related_name="+", editable=False
    )
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
    # The due date that counts: the revised one if agreed, else the original. Computed and
    # stored by the database, the one place it is worked out; every date rule
    # (improvements.deadlines) reads it.
    effective_due_date = models.GeneratedField(
        expression=Coalesce("revised_due_date", "due_date"),
        output_field=models.DateField(),
        db_persist=True,
        verbose_name="due date",
    )
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
    # Set when an inspector returns the action to the force, with their reason; cleared
    # when a force lead next acts on it (an update, evidence, a new due date proposed).
    returned_at = models.DateTimeField(null=True, blank=True)
    returned_reason = models.TextField(blank=True)

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
            models.CheckConstraint(
                condition=Q(returned_at__isnull=True, returned_reason="")
                | (Q(returned_at__isnull=False) & ~Q(returned_reason="")),
                name="action_returned_has_reason",
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
            # Lists and exports sort by the due date that counts (ORDER BY
            # effective_due_date, id), and date-range filters compare with it.
            models.Index(fields=["effective_due_date", "id"], name="action_effective_due"),
            # A force's lists and exports in the same order, from its own actions alone.
            models.Index(fields=["force", "effective_due_date", "id"], name="action_force_due"),
            # Overdue and due-soon lists and counts (deadlines.overdue_condition,
            # due_soon_condition, at_risk_condition): open actions by effective due date.
            # Partial, so it holds only the open actions those queries look at; a plain
            # index on the date loses to the status index (the closed actions, most of
            # them, sit in the same date range). docs/performance.md has the plans.
            models.Index(
                fields=["effective_due_date"],
                condition=Q(status__in=OPEN_STATUSES),
                name="action_open_effective_due",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs) -> None:
        if self.force_id is None and self.finding_id is not None:
            self.force_id = self.finding.inspection.force_id
        super().save(*args, **kwargs)

    #: Its entries in the change record name the finding they belong to.
    change_record_parent = "finding"

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
    def has_proposed_due_date(self) -> bool:
        """A new due date is waiting for an inspector to agree or decline it."""
        return self.proposed_due_date is not None

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def is_returned(self) -> bool:
        """An inspector sent it back and no force lead has acted on it since."""
        return self.returned_at is not None


class UpdateKind(models.TextChoices):
    """What a timeline entry records (`ActionUpdate.kind`)."""

    CREATED = "created", "Action created"
    NOTE = "note", "Update"
    PROGRESS = "progress", "Progress updated"
    STATUS_CHANGE = "status_change", "Status changed"
    RETURNED = "returned", "Returned to the force"
    DUE_DATE_PROPOSED = "due_date_proposed", "New due date proposed"
    DUE_DATE_AGREED = "due_date_agreed", "New due date agreed"
    DUE_DATE_DECLINED = "due_date_declined", "New due date declined"
    DETAILS_CHANGED = "details_changed", "Details changed"
    EVIDENCE_ADDED = "evidence_added", "Evidence added"
    REASSIGNED = "reassigned", "Reassigned"
    SUBMISSION_WITHDRAWN = "submission_withdrawn", "Submission withdrawn"
    EVIDENCE_WITHDRAWN = "evidence_withdrawn", "Evidence withdrawn"


#: The kinds that move an action from one status to another (and only these do).
STATUS_UPDATE_KINDS = (
    UpdateKind.STATUS_CHANGE,
    UpdateKind.RETURNED,
    UpdateKind.SUBMISSION_WITHDRAWN,
)


class ActionUpdateQuerySet(models.QuerySet):
    def visible_to(self, user: User) -> ActionUpdateQuerySet:
        return scoped(self, user, "action__finding__inspection__")


class ActionUpdate(models.Model):
    """A dated, signed entry in an action's timeline, saying as data what happened
    (`kind`): a note, progress, a status change, a due date proposed, agreed or declined,
    details changed, evidence added. Each service in `improvements.services` sets it."""

    Kind = UpdateKind

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="updates")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    note = models.TextField(blank=True)
    from_status = models.CharField(max_length=20, choices=Status.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=Status.choices, blank=True)
    progress = models.PositiveSmallIntegerField(null=True, blank=True)
    revised_due_date = models.DateField(null=True, blank=True)
    # Who owned the action before and after this entry, when it (re)assigned it: set on
    # creation (to_owner only) and on every reassignment, so that a notification or a
    # report reads the assignment as data, not from the note.
    from_owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    to_owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

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
            models.CheckConstraint(
                condition=Q(kind__in=UpdateKind.values), name="update_kind_valid"
            ),
            # A status change (or a return) says from what to what; no other entry does.
            models.CheckConstraint(
                condition=(Q(kind__in=STATUS_UPDATE_KINDS) & ~Q(to_status=""))
                | (~Q(kind__in=STATUS_UPDATE_KINDS) & Q(to_status="")),
                name="update_kind_matches_status_change",
            ),
        ]
        indexes = [
            # Status history by month for progress-over-time reports.
            models.Index(fields=["to_status", "created_at"], name="update_status_month"),
            # An action's entries of one kind (digests, the API, reports asking for returns).
            models.Index(fields=["action", "kind"], name="update_action_kind"),
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
        """Evidence is seen (and its files downloaded) by whoever may see its action,
        withdrawn evidence included."""
        return scoped(self, user, "action__finding__inspection__")

    def current(self) -> EvidenceQuerySet:
        """Evidence that counts towards submission: not withdrawn."""
        return self.filter(withdrawn_at__isnull=True)


class Evidence(RecordsChanges, models.Model):
    """A file or a link that shows what an action achieved."""

    #: Its entries in the change record name the action they belong to.
    change_record_parent = "action"

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
    # Withdrawn (added by mistake): kept, file and all, but no longer counted.
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    withdrawn_reason = models.TextField(blank=True)

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
            models.CheckConstraint(
                condition=Q(
                    withdrawn_at__isnull=True, withdrawn_by__isnull=True, withdrawn_reason=""
                )
                | (
                    Q(withdrawn_at__isnull=False, withdrawn_by__isnull=False)
                    & ~Q(withdrawn_reason="")
                ),
                name="evidence_withdrawn_has_who_when_why",
            ),
        ]

    def __str__(self) -> str:
        return self.description

    @property
    def is_file(self) -> bool:
        return bool(self.file)

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None
