"""A finding's status history: one row per change, written by
`inspections.services.change_finding_status` and never edited."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from inspections.models import Finding, FindingStatus


class FindingStatusChange(models.Model):
    """One change of a finding's status: from what to what, who, when and why. Written only
    by `inspections.services.change_finding_status`, never edited; the finding's own
    status fields say where it stands now, these rows how it got there."""

    finding = models.ForeignKey(Finding, on_delete=models.PROTECT, related_name="status_changes")
    from_status = models.CharField(max_length=12, choices=FindingStatus.choices)
    to_status = models.CharField(max_length=12, choices=FindingStatus.choices)
    # Null only for the importer run from the command line, with no inspector signed in.
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    changed_at = models.DateTimeField(default=timezone.now)
    reason = models.TextField()
    # The later finding that replaces this one, when it is superseded. (Required by the
    # service; the rows migrated from before the history was kept may lack it.)
    superseded_by = models.ForeignKey(
        Finding, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-changed_at", "-pk"]
        get_latest_by = "changed_at"
        constraints = [
            models.CheckConstraint(
                condition=Q(from_status__in=FindingStatus.values)
                & Q(to_status__in=FindingStatus.values),
                name="finding_change_statuses_valid",
            ),
            # Open to a closed state, or a closed state back to open: never closed to
            # closed, never to the same status.
            models.CheckConstraint(
                condition=(Q(from_status="open") & ~Q(to_status="open"))
                | (~Q(from_status="open") & Q(to_status="open")),
                name="finding_change_opens_or_closes",
            ),
            models.CheckConstraint(condition=~Q(reason=""), name="finding_change_has_reason"),
            models.CheckConstraint(
                condition=Q(superseded_by__isnull=True)
                | (Q(to_status="superseded") & ~Q(superseded_by=F("finding"))),
                name="finding_change_superseded_by_another",
            ),
        ]
        indexes = [
            # A finding's history, newest first (the admin's inline).
            models.Index(fields=["finding", "-changed_at"], name="finding_change_history"),
        ]

    def __str__(self) -> str:
        return f"{self.get_from_status_display()} -> {self.get_to_status_display()}"
