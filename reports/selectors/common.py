"""What the force, inspection and national reports share: the figures they count for a
set of actions, and which forces a user may report on."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from improvements.deadlines import at_risk_condition, due_soon_condition, overdue_condition
from improvements.models import Status
from inspections.models import FindingKind, Force, Inspection

if TYPE_CHECKING:
    from collections.abc import Iterable

    from accounts.models import User


#: How many at-risk or overdue actions a report page lists (the export has them all).
LIST_LIMIT = 100
#: Months of history the progress-over-time chart may show.
MONTH_CHOICES = (12, 24, 36, 60)
DEFAULT_MONTHS = 24

ACTIONABLE_KINDS = [k for k in FindingKind if k != FindingKind.COMMENDED_PRACTICE]


# --- Shared counting expressions -------------------------------------------------------


def action_count_expressions(today: datetime.date) -> dict:
    """Counts over a queryset of actions, all computed by the database.

    Overdue and due-soon reuse the conditions that define them for the lists
    (`improvements.deadlines`), so a report never disagrees with them.
    """
    counts = {f"status_{status}": Count("pk", filter=Q(status=status)) for status in Status.values}
    counts.update(
        total=Count("pk"),
        overdue=Count("pk", filter=overdue_condition(today)),
        due_soon=Count("pk", filter=due_soon_condition(today)),
        at_risk=Count("pk", filter=at_risk_condition(today)),
    )
    return counts


@dataclass
class ActionFigures:
    """What a report says about a set of actions."""

    total: int = 0
    overdue: int = 0
    due_soon: int = 0
    at_risk: int = 0
    by_status: dict[str, int] = field(default_factory=dict)

    @classmethod
    def from_row(cls, row: dict | None) -> ActionFigures:
        row = row or {}
        return cls(
            total=row.get("total") or 0,
            overdue=row.get("overdue") or 0,
            due_soon=row.get("due_soon") or 0,
            at_risk=row.get("at_risk") or 0,
            by_status={s: row.get(f"status_{s}") or 0 for s in Status.values},
        )

    @classmethod
    def summed(cls, parts: Iterable[ActionFigures]) -> ActionFigures:
        """The figures of the actions of all `parts` together (parts that do not overlap)."""
        whole = cls(by_status=dict.fromkeys(Status.values, 0))
        for part in parts:
            whole.total += part.total
            whole.overdue += part.overdue
            whole.due_soon += part.due_soon
            whole.at_risk += part.at_risk
            for status, count in part.by_status.items():
                whole.by_status[status] += count
        return whole

    @property
    def verified(self) -> int:
        return self.by_status.get(Status.VERIFIED, 0)

    @property
    def counted(self) -> int:
        """Actions that count towards the verified share: all but the cancelled."""
        return self.total - self.by_status.get(Status.CANCELLED, 0)

    @property
    def percent_verified(self) -> int | None:
        """Verified actions as a whole percentage of actions not cancelled (None if none)."""
        return percent(self.verified, self.counted)

    @property
    def status_rows(self) -> list[tuple[str, str, int]]:
        return [(s.value, s.label, self.by_status.get(s.value, 0)) for s in Status]


def percent(part: int, whole: int) -> int | None:
    """`part` as a whole percentage of `whole`, halves rounded up (as the database rounds)."""
    return None if not whole else (200 * part + whole) // (2 * whole)


# --- Which forces a user may report on -------------------------------------------------


def visible_forces(user: User) -> QuerySet[Force]:
    """Forces with at least one inspection the user may see (their own force, for force
    staff; every inspected force for inspectors and national managers)."""
    return Force.objects.filter(
        Exists(Inspection.objects.visible_to(user).filter(force=OuterRef("pk")))
    )


def reportable_forces(user: User) -> QuerySet[Force]:
    """Forces whose report the user may open, inspected yet or not: every force for
    inspectors and national managers (the national report links them all), their own
    for force staff."""
    if user.is_authenticated and user.sees_all_forces:
        return Force.objects.all()
    if user.is_authenticated and user.is_force_staff:
        return Force.objects.filter(pk=user.force_id)
    return Force.objects.none()


def may_see_national_report(user: User) -> bool:
    return user.is_authenticated and user.sees_all_forces
