"""The importer's one way to change a finding's status: the one service.

``inspections.services.change_finding_status`` records the change in the finding's
history (who, when, from and to, why); the importer passes the report or letter that
decides it as the reason. A change the service refuses refuses the import.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from inspections.services import FindingError, change_finding_status

if TYPE_CHECKING:
    from accounts.models import User
    from inspections.models import Finding


class StatusChangeRefused(Exception):
    """The one service refused the change; the message says why."""


def change_status(finding: Finding, to_status: str, *, by: User | None, reason: str) -> None:
    """Move ``finding`` to ``to_status``, recording who, when and why (the report or letter)."""
    try:
        change_finding_status(finding, to_status, by=by, reason=reason)
    except FindingError as error:
        raise StatusChangeRefused(str(error)) from None
