"""Changes to findings that only inspectors make.

`change_finding_status` is the one way a finding's status changes (the admin's actions,
the importer and any page call it): open to addressed, superseded or closed, and any of
those back to open. Each change writes a `FindingStatusChange` row (from, to, who, when,
why) and sets the finding's own status fields, in one transaction with the finding's row
locked, so two inspectors cannot both close the same finding.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from inspections.models import Finding, FindingStatus, FindingStatusChange
from peel.request_context import current_channel

if TYPE_CHECKING:
    from accounts.models import User


class FindingError(Exception):
    """A change to a finding that is not allowed; the message says why."""


CLOSING_STATUSES = (FindingStatus.ADDRESSED, FindingStatus.SUPERSEDED, FindingStatus.CLOSED)


def _check_who(by: User | None) -> None:
    if by is None:
        # The importer run from the command line has nobody signed in; nothing else may
        # change a finding without saying who.
        if current_channel() != "importer":
            raise FindingError("Say who is changing the finding's status.")
        return
    if not (by.is_authenticated and by.is_inspector):
        raise FindingError("Only an inspector may change a finding's status.")


def _check_change(finding: Finding, to_status: str, superseded_by: Finding | None) -> None:
    if to_status not in FindingStatus.values:
        raise FindingError(f"\u201c{to_status}\u201d is not a status a finding can have.")
    current = FindingStatus(finding.status)
    target = FindingStatus(to_status)
    if current == target:
        raise FindingError(f"The finding is already {target.label.lower()}.")
    if current != FindingStatus.OPEN and target != FindingStatus.OPEN:
        raise FindingError(
            f"The finding is {current.label.lower()}: reopen it before marking it "
            f"{target.label.lower()}."
        )
    if target == FindingStatus.SUPERSEDED:
        if superseded_by is None:
            raise FindingError("Say which finding supersedes it.")
        if superseded_by.pk == finding.pk:
            raise FindingError("A finding cannot supersede itself.")
        if superseded_by.inspection.force_id != finding.inspection.force_id:
            raise FindingError("The superseding finding must be the same force's.")
    elif superseded_by is not None:
        raise FindingError("Only a superseded finding names the finding that supersedes it.")


def change_finding_status(
    finding: Finding,
    to_status: str,
    *,
    by: User | None,
    reason: str,
    superseded_by: Finding | None = None,
) -> FindingStatusChange:
    """Move `finding` to `to_status`, recording who, when and why; raises FindingError
    with the reason when the change is not allowed (nothing is then changed)."""
    _check_who(by)
    reason = reason.strip()
    if not reason:
        raise FindingError("Give the reason, e.g. the inspection that found it addressed.")
    with transaction.atomic():
        current = (
            Finding.objects.select_for_update(of=("self",))
            .select_related("inspection")
            .get(pk=finding.pk)
        )
        _check_change(current, to_status, superseded_by)
        now = timezone.now()
        change = FindingStatusChange.objects.create(
            finding=current,
            from_status=current.status,
            to_status=to_status,
            changed_by=by,
            changed_at=now,
            reason=reason,
            superseded_by=superseded_by,
        )
        current.status = to_status
        current.status_changed_at = now
        current.status_changed_by = by
        current.status_reason = reason
        current.save(
            update_fields=["status", "status_changed_at", "status_changed_by", "status_reason"]
        )
    for name in ("status", "status_changed_at", "status_changed_by", "status_reason"):
        setattr(finding, name, getattr(current, name))
    return change
