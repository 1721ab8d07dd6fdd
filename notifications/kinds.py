"""The kinds of mail, who may receive each, and how they are described to users.

Each user turns each kind that applies to their role on or off (`MailPreference`); every
mail carries a one-click unsubscribe link for its kind.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models

from accounts.models import Role

if TYPE_CHECKING:
    from accounts.models import User


class Kind(models.TextChoices):
    ASSIGNED = "assigned", "An action is assigned to me"
    REASSIGNED = "reassigned", "An action of mine is given to someone else"
    RETURNED = "returned", "An inspector returns one of my actions"
    VERIFIED = "verified", "An inspector verifies one of my actions"
    DUE_DATE_DECISION = "due_date_decision", "An inspector agrees or declines a new due date"
    DUE_REMINDER = "due_reminder", "Reminders 30, 7 and 1 days before my actions are due"
    OVERDUE = "overdue", "My action is overdue (then weekly while it stays overdue)"
    FORCE_DIGEST = "force_digest", "A weekly summary of my force\u2019s actions"
    PCC_REMINDER = "pcc_reminder", "Reminders of the PCC\u2019s responses due (14 and 3 days)"
    INSPECTOR_DIGEST = "inspector_digest", "A weekly summary of what waits for an inspector"


#: What each role may receive (and so sees on the preferences page).
KINDS_FOR_ROLE: dict[str, tuple[Kind, ...]] = {
    Role.FORCE_LEAD: (
        Kind.ASSIGNED,
        Kind.REASSIGNED,
        Kind.RETURNED,
        Kind.VERIFIED,
        Kind.DUE_DATE_DECISION,
        Kind.DUE_REMINDER,
        Kind.OVERDUE,
    ),
    Role.FORCE_MANAGER: (Kind.FORCE_DIGEST, Kind.PCC_REMINDER),
    Role.INSPECTOR: (Kind.INSPECTOR_DIGEST,),
    Role.NATIONAL_MANAGER: (),
}


def kinds_for(user: User) -> tuple[Kind, ...]:
    return KINDS_FOR_ROLE.get(user.role, ())
