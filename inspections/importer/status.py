"""The importer's one way to change a finding's status.

``inspections.services.change_finding_status(finding, to_status, *, by, reason,
superseded_by=None)`` is the one home of status changes (it records the change's
history). Until that service is on this branch, the same change is made here with the
fields the finding has, so that every caller already goes through this adapter.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils import timezone

from inspections import services

if TYPE_CHECKING:
    from accounts.models import User
    from inspections.models import Finding


class StatusChangeRefused(Exception):
    """The one service refused the change; the message says why."""


def change_status(finding: Finding, to_status: str, *, by: User | None, reason: str) -> None:
    """Move ``finding`` to ``to_status``, recording who, when and why (the report or letter)."""
    service = getattr(services, "change_finding_status", None)
    if service is not None:
        try:
            service(finding, to_status, by=by, reason=reason)
        except services.FindingError as error:
            raise StatusChangeRefused(str(error)) from None
        return
    finding.status = to_status
    finding.status_changed_at = timezone.now()
    finding.status_changed_by = by
    finding.status_reason = reason
    finding.save(
        update_fields=["status", "status_changed_at", "status_changed_by", "status_reason"]
    )
