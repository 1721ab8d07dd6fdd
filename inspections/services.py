"""Changes to findings that only inspectors make."""

from __future__ import annotations

import copy
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from inspections.models import Finding, FindingStatus
from peel.change_record import record_update

if TYPE_CHECKING:
    from accounts.models import User


class FindingError(Exception):
    """A change to a finding that is not allowed; the message says why."""


CLOSING_STATUSES = (FindingStatus.ADDRESSED, FindingStatus.SUPERSEDED, FindingStatus.CLOSED)


def close_findings(findings: Iterable[Finding], *, status: str, by: User, reason: str) -> int:
    """Mark findings addressed, superseded or closed, recording when, who and why.

    Closure is per item: closing a cause of concern leaves its recommendations as they are.
    """
    if not (by.is_superuser or by.is_inspector):
        raise FindingError("Only inspectors close findings.")
    if status not in CLOSING_STATUSES:
        raise FindingError(f"\u201c{status}\u201d is not a way to close a finding.")
    reason = reason.strip()
    if not reason:
        raise FindingError("Give the reason, e.g. the inspection that found it addressed.")
    ids = [f.pk for f in findings]
    fields = {
        "status": status,
        "status_changed_at": timezone.now(),
        "status_changed_by": by,
        "status_reason": reason,
    }
    with transaction.atomic():
        # What each finding was, for the change record (an update() sends no signal).
        before = list(Finding.objects.select_for_update().filter(pk__in=ids))
        count = Finding.objects.filter(pk__in=ids).update(**fields)
        for finding in before:
            after = copy.copy(finding)
            for name, value in fields.items():
                setattr(after, name, value)
            record_update(finding, after, fields)
        return count
